import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import { useAction } from './useAdminApi.ts';

/** GET /api/v1/admin/backup (edge-server/src/ops/index.ts, BackupStatus). */
interface BackupStatus {
  supported: boolean;
  schedule: { folder: string | null; everyHours: number; keep: number };
  last: { name: string; createdAt: string; tickets: number; bytes: number; keyId: string } | null;
  ageHours: number | null;
  stale: boolean;
  lastError: { at: string; message: string } | null;
  running: boolean;
}

const REFRESH_MS = 30_000;

/** "Datensicherung": the last good backup (warning when older than a day), the schedule, and a backup now. */
export function BackupSection({ token, onSignOut }: { token: string; onSignOut?: () => void }) {
  const { t, i18n } = useTranslation('counter');
  const [status, setStatus] = useState<BackupStatus>();
  const [folder, setFolder] = useState('');
  const [everyHours, setEveryHours] = useState('24');
  const [keep, setKeep] = useState('7');
  const action = useAction();

  const show = useCallback((s: BackupStatus, form: boolean) => {
    setStatus(s);
    if (form) {
      setFolder(s.schedule.folder ?? '');
      setEveryHours(String(s.schedule.everyHours));
      setKeep(String(s.schedule.keep));
    }
  }, []);
  const load = useCallback((form: boolean) => {
    apiFetch<BackupStatus>('/api/v1/admin/backup', { token }).then((s) => show(s, form), (err: unknown) => {
      if (err instanceof ApiClientError && err.code === 'UNAUTHENTICATED') onSignOut?.();
    });
  }, [token, onSignOut, show]);
  useEffect(() => {
    load(true);
    const timer = setInterval(() => load(false), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    const body = { folder: folder.trim() || null, everyHours: Number(everyHours), keep: Number(keep) };
    void action.run(async () => show(await apiFetch<BackupStatus>('/api/v1/admin/backup', { token, method: 'PUT', body }), true), t('admin.backup.saved'));
  };
  const runNow = () => {
    void action.run(async () => {
      const s = await apiFetch<BackupStatus>('/api/v1/admin/backup/run', { token, method: 'POST' });
      show(s, false);
      if (s.lastError && (!s.last || s.lastError.at > s.last.createdAt)) throw new Error(s.lastError.message);
    }, t('admin.backup.done'));
  };

  if (!status) return <p>{t('admin.backup.loading')}</p>;
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  if (!status.supported) return <p data-testid="backup-postgres">{t('admin.backup.postgres')}</p>;

  return (
    <section aria-labelledby="backup-last-title" data-testid="admin-backup">
      <h2 id="backup-last-title">{t('admin.backup.lastTitle')}</h2>
      {status.last ? (
        <p data-testid="backup-last">
          {t('admin.backup.last', { when: when(status.last.createdAt), tickets: status.last.tickets, mb: (status.last.bytes / 1_048_576).toFixed(1) })}
        </p>
      ) : (
        !status.stale && <p data-testid="backup-last">{t('admin.backup.never')}</p>
      )}
      {status.stale && <p role="alert" className="error" data-testid="backup-stale">{status.last ? t('admin.backup.stale') : t('admin.backup.noneYet')}</p>}
      {status.lastError && <p role="alert" className="error">{t('admin.backup.failed', { when: when(status.lastError.at), message: status.lastError.message })}</p>}

      <h2 id="backup-schedule-title">{t('admin.backup.scheduleTitle')}</h2>
      <form onSubmit={save} aria-labelledby="backup-schedule-title">
        <p>
          <label htmlFor="backup-folder">{t('admin.backup.folder')}</label>
          <input id="backup-folder" dir="ltr" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/media/usb/lotse" aria-describedby="backup-folder-hint" />
          <span id="backup-folder-hint" className="hint">{t('admin.backup.folderHint')}</span>
        </p>
        <p>
          <label htmlFor="backup-every">{t('admin.backup.everyHours')}</label>
          <input id="backup-every" type="number" min={1} max={168} required value={everyHours} onChange={(e) => setEveryHours(e.target.value)} />
        </p>
        <p>
          <label htmlFor="backup-keep">{t('admin.backup.keep')}</label>
          <input id="backup-keep" type="number" min={1} max={365} required value={keep} onChange={(e) => setKeep(e.target.value)} />
        </p>
        <button type="submit">{t('admin.backup.save')}</button>{' '}
        <button type="button" onClick={runNow} disabled={!status.schedule.folder || status.running}>{t('admin.backup.runNow')}</button>
      </form>
      <div aria-live="polite">
        {action.status && <p className="status">{action.status}</p>}
        {action.error && <p role="alert" className="error">{action.error}</p>}
      </div>
      <p className="hint">{t('admin.backup.restoreHint')}</p>
    </section>
  );
}
