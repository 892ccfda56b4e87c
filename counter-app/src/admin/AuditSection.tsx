import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { AuditEntryViewT, AuditVerifyResultT } from '@lotse/shared';

/** "Protokoll": the newest audit entries, paging back, and "Kette prüfen". */
export function AuditSection({ token }: { token: string }) {
  const { t } = useTranslation(['counter', 'common']);
  const [entries, setEntries] = useState<AuditEntryViewT[]>([]);
  const [result, setResult] = useState<AuditVerifyResultT>();
  const load = useCallback((beforeSeq?: number) => {
    const q = beforeSeq ? `?limit=50&beforeSeq=${beforeSeq}` : '?limit=50';
    void apiFetch<AuditEntryViewT[]>(`/api/v1/audit${q}`, { token }).then((page) => setEntries((prev) => (beforeSeq ? [...prev, ...page] : page)), () => undefined);
  }, [token]);
  useEffect(() => load(), [load]);

  const verify = async () => {
    setResult(await apiFetch<AuditVerifyResultT>('/api/v1/audit/verify', { token, method: 'POST' }).catch(() => ({ ok: false, reason: t('common:errors.generic') })));
    load();
  };
  const last = entries[entries.length - 1];
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('security.auditTitle')}</h2>
      <p>{t('security.auditIntro')}</p>
      <button onClick={() => void verify()}>{t('security.verify')}</button>
      {result && (
        <p role="status" className={result.ok ? undefined : 'error'} data-testid="audit-verify">
          {result.ok ? t('security.verifyOk', { count: result.count ?? 0 }) : t('security.verifyBroken', { seq: result.firstBrokenSeq ?? '?', reason: result.reason ?? '' })}
        </p>
      )}
      <table className="audit">
        <thead><tr><th scope="col">#</th><th scope="col">{t('security.auditAt')}</th><th scope="col">{t('security.auditActor')}</th><th scope="col">{t('security.auditAction')}</th><th scope="col">{t('security.auditSubject')}</th><th scope="col">{t('security.auditDetails')}</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td><td>{new Date(e.at).toLocaleString('de-DE')}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.subject ?? '–'}</td>
              <td><code>{JSON.stringify(e.details)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      {last && last.seq > 1 && <button className="secondary" onClick={() => load(last.seq)}>{t('security.more')}</button>}
    </section>
  );
}
