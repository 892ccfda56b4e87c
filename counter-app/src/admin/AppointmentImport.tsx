import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { AppointmentFileImportResultT, AppointmentPreviewT } from '@lotse/shared';
import { useAction } from './useAdminApi.ts';

type Format = 'ical' | 'csv' | 'json';
const MAX_BYTES = 2 * 1024 * 1024;

function formatOf(fileName: string): Format | undefined {
  const ext = fileName.toLowerCase().split('.').pop();
  return ext === 'ics' || ext === 'ical' || ext === 'ifb' ? 'ical' : ext === 'csv' ? 'csv' : ext === 'json' ? 'json' : undefined;
}

/** Upload of an iCalendar, CSV or JSON file: a preview of what is imported, cancelled and refused (and why), then import. */
export function AppointmentImport({ token }: { token: string }) {
  const { t, i18n } = useTranslation('counter');
  const [file, setFile] = useState<{ name: string; text: string; format: Format }>();
  const [preview, setPreview] = useState<AppointmentPreviewT>();
  const [result, setResult] = useState<AppointmentFileImportResultT>();
  const [readError, setReadError] = useState<string>();
  const action = useAction();
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setPreview(undefined);
    setResult(undefined);
    setReadError(undefined);
    setFile(undefined);
    if (!f) return;
    const format = formatOf(f.name);
    if (!format) return setReadError(t('admin.appointments.unknownType'));
    if (f.size > MAX_BYTES) return setReadError(t('admin.appointments.tooLarge'));
    const text = await f.text();
    setFile({ name: f.name, text, format });
    void action.run(async () => setPreview(await apiFetch<AppointmentPreviewT>('/api/v1/appointments/preview', { token, body: { format, text } })));
  };
  const importNow = () => {
    if (!file) return;
    void action.run(async () => {
      setResult(await apiFetch<AppointmentFileImportResultT>('/api/v1/appointments/import-file', { token, body: { format: file.format, text: file.text } }));
      setPreview(undefined);
    });
  };

  return (
    <section aria-labelledby="appt-upload-title" data-testid="admin-appointment-import">
      <h2 id="appt-upload-title">{t('admin.appointments.uploadTitle')}</h2>
      <p className="muted">{t('admin.appointments.uploadIntro')}</p>
      <label className="field">{t('admin.appointments.file')}
        <input type="file" accept=".ics,.ical,.csv,.json,text/calendar,text/csv,application/json" onChange={(e) => void choose(e)} data-testid="appointment-file" />
      </label>
      {readError && <p role="alert" className="error">{readError}</p>}
      {preview && file && (
        <div data-testid="appointment-preview">
          <h3>{t('admin.appointments.previewTitle', { name: file.name })}</h3>
          <p className="preview-counts" role="status">
            <span>{t('admin.appointments.willImport', { count: preview.accepted.length })}</span>
            <span>{t('admin.appointments.willCancel', { count: preview.cancelled.length })}</span>
            <span className={preview.refused.length ? 'warn' : undefined}>{t('admin.appointments.willRefuse', { count: preview.refused.length })}</span>
          </p>
          {preview.refused.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>{t('admin.appointments.refusedCaption')}</caption>
                <thead><tr><th scope="col">{t('admin.appointments.line')}</th><th scope="col">{t('admin.appointments.code')}</th><th scope="col">{t('admin.appointments.reason')}</th></tr></thead>
                <tbody>
                  {preview.refused.slice(0, 200).map((r, i) => <tr key={i} className="refused"><td>{r.line ?? '–'}</td><td>{r.code ?? '–'}</td><td className="tech"><span className="sr-only">{t('admin.appointments.technical')}: </span><span lang="en" dir="ltr">{r.reason}</span></td></tr>)}
                </tbody>
              </table>
            </div>
          )}
          {preview.accepted.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>{t('admin.appointments.acceptedCaption')}</caption>
                <thead><tr><th scope="col">{t('admin.appointments.code')}</th><th scope="col">{t('admin.appointments.service')}</th><th scope="col">{t('admin.appointments.start')}</th><th scope="col">{t('admin.appointments.minutes')}</th></tr></thead>
                <tbody>
                  {preview.accepted.slice(0, 200).map((a) => <tr key={a.code}><td>{a.code}</td><td>{a.serviceId}</td><td>{when(a.startsAt)}</td><td>{a.durationMinutes}</td></tr>)}
                </tbody>
              </table>
              {preview.accepted.length > 200 && <p className="muted">{t('admin.appointments.more', { count: preview.accepted.length - 200 })}</p>}
            </div>
          )}
          {preview.cancelled.length > 0 && <p>{t('admin.appointments.cancelledList', { codes: preview.cancelled.join(', ') })}</p>}
          <button onClick={importNow} disabled={!preview.accepted.length && !preview.cancelled.length}>{t('admin.appointments.import')}</button>
        </div>
      )}
      {result && (
        <div data-testid="appointment-result">
          <p role="status">{t('admin.appointments.done', { created: result.created, updated: result.updated, removed: result.removed, refused: result.refused.length })}</p>
          {result.refused.length > 0 && (
            <ul aria-label={t('admin.appointments.refusedCaption')}>
              {result.refused.slice(0, 200).map((r, i) => <li key={i} className="warn">{r.code ?? '–'}: <span lang="en" dir="ltr">{r.reason}</span></li>)}
            </ul>
          )}
        </div>
      )}
      {action.error && <p role="alert" className="error">{action.error}</p>}
    </section>
  );
}
