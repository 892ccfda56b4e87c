import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { AppointmentSourceViewT } from '@lotse/shared';
import { useAction } from './useAdminApi.ts';
import { useAdminGet } from './IntegrationsShared.tsx';

/** The source pulled on a schedule (iCalendar or CSV feed): address, interval, last result and error. */
export function AppointmentSourceForm({ token, onSignOut }: { token: string; onSignOut?: () => void }) {
  const { t, i18n } = useTranslation('counter');
  const { data, reload } = useAdminGet<{ source: AppointmentSourceViewT | null }>('/api/v1/appointments/source', token, onSignOut);
  const [url, setUrl] = useState('https://');
  const [format, setFormat] = useState<'ical' | 'csv'>('ical');
  const [every, setEvery] = useState('15');
  const [allowHttp, setAllowHttp] = useState(false);
  const action = useAction();
  const source = data?.source;
  useEffect(() => {
    if (!source) return;
    setUrl(source.url);
    setFormat(source.format);
    setEvery(String(source.intervalMinutes));
    setAllowHttp(source.allowHttp);
  }, [source]);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const save = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await apiFetch('/api/v1/appointments/source', { token, method: 'PUT', body: { url: url.trim(), format, intervalMinutes: Number(every), allowHttp } });
      reload();
    }, t('admin.appointments.sourceSaved'));
  };
  const pull = () => void action.run(async () => {
    await apiFetch('/api/v1/appointments/source/pull', { token, method: 'POST' });
    reload();
  });
  const remove = () => void action.run(async () => {
    await apiFetch('/api/v1/appointments/source', { token, method: 'DELETE' });
    reload();
  }, t('admin.appointments.sourceRemoved'));

  return (
    <section aria-labelledby="appt-source-title" data-testid="admin-appointment-source">
      <h2 id="appt-source-title">{t('admin.appointments.sourceTitle')}</h2>
      <p className="muted">{t('admin.appointments.sourceIntro')}</p>
      {source && (
        <div data-testid="appointment-source-state">
          <p>
            {source.lastPulledAt ? t('admin.appointments.lastPull', { when: when(source.lastPulledAt), status: t(`admin.appointments.status.${source.lastStatus ?? 'none'}`) }) : t('admin.appointments.neverPulled')}
            {source.lastCounts && ` ${t('admin.appointments.counts', source.lastCounts)}`}
          </p>
          {source.lastError && <p role="alert" className={source.lastStatus === 'error' ? 'error' : 'warn'}>{t('admin.appointments.technical')}: <span lang="en" dir="ltr">{source.lastError}</span></p>}
        </div>
      )}
      <form onSubmit={save} className="stack" aria-labelledby="appt-source-title">
        <div className="grid2">
          <label className="field">{t('admin.appointments.sourceUrl')}<input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required dir="ltr" /></label>
          <label className="field">{t('admin.appointments.format')}
            <select value={format} onChange={(e) => setFormat(e.target.value as 'ical' | 'csv')}>
              <option value="ical">iCalendar (.ics)</option><option value="csv">CSV</option>
            </select>
          </label>
          <label className="field">{t('admin.appointments.interval')}<input type="number" min={5} max={1440} value={every} onChange={(e) => setEvery(e.target.value)} required /></label>
        </div>
        <label className="check"><input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} /> {t('admin.appointments.httpAllow')}</label>
        <div className="row-actions">
          <button type="submit">{t('admin.appointments.sourceSave')}</button>
          {source && <button type="button" className="secondary" onClick={pull}>{t('admin.appointments.pullNow')}</button>}
          {source && <button type="button" className="secondary" onClick={remove}>{t('admin.appointments.sourceRemove')}</button>}
        </div>
      </form>
      {action.error && <p role="alert" className="error">{action.error}</p>}
      {action.status && <p role="status">{action.status}</p>}
    </section>
  );
}
