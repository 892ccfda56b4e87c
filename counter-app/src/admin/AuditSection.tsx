import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { apiFetch } from '@lotse/shared/client';
import { findLanguage, type AuditEntryViewT, type AuditVerifyResultT } from '@lotse/shared';

interface Names { staff: Record<string, string>; devices: Record<string, string>; services: Record<string, string>; counters: Record<string, string> }
const NO_NAMES: Names = { staff: {}, devices: {}, services: {}, counters: {} };

/** `staff:01M8…` → "Administration (admin)", `device:…` → the device's name; unknown ids stay as they are. */
export function actorName(actor: string, names: Names, t: TFunction): string {
  if (actor === 'system') return t('office.audit.system');
  const [kind, id] = actor.split(/:(.*)/s);
  if (kind === 'staff') return names.staff[id] ?? actor;
  if (kind === 'device') return names.devices[id] ?? actor;
  return actor;
}

function idName(id: string, names: Names): string {
  return names.staff[id] ?? names.devices[id] ?? names.counters[id] ?? names.services[id] ?? id;
}

/** A detail value in words: names for ids, language names, lists joined, counts as "key: n". */
function detailValue(key: string, value: unknown, names: Names, t: TFunction): string {
  if (typeof value === 'boolean') return value ? t('office.audit.yes') : t('office.audit.no');
  if (Array.isArray(value)) return value.map((v) => detailValue(key, v, names, t)).join(', ');
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${t(`office.auditKeys.${k}`, { defaultValue: k })}: ${String(v)}`).join(', ');
  const text = String(value);
  if (/anguage/.test(key) || key === 'languages') return findLanguage(text)?.germanName ?? text;
  if (key === 'role' || key === 'deviceRole') return t(`common:pairing.roles.${text}`, { defaultValue: t(`security.roles.${text}`, { defaultValue: text }) });
  if (key === 'fields' || key === 'settings') return t(`office.auditFields.${text}`, { defaultValue: text });
  if (key === 'kind' || key === 'method' || key === 'reason') return t(`office.auditValues.${text}`, { defaultValue: text });
  return idName(text, names);
}

/** "Protokoll": the newest audit entries by name and in German, paging back, and "Kette prüfen". */
export function AuditSection({ token }: { token: string }) {
  const { t } = useTranslation(['counter', 'common']);
  const [entries, setEntries] = useState<AuditEntryViewT[]>([]);
  const [names, setNames] = useState<Names>(NO_NAMES);
  const [result, setResult] = useState<AuditVerifyResultT>();
  const load = useCallback((beforeSeq?: number) => {
    const q = beforeSeq ? `?limit=50&beforeSeq=${beforeSeq}` : '?limit=50';
    void apiFetch<AuditEntryViewT[]>(`/api/v1/audit${q}`, { token }).then((page) => setEntries((prev) => (beforeSeq ? [...prev, ...page] : page)), () => undefined);
    void apiFetch<Names>('/api/v1/office/names', { token }).then(setNames, () => undefined);
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
      <div className="table-wrap">
        <table className="audit">
          <thead><tr><th scope="col">#</th><th scope="col">{t('security.auditAt')}</th><th scope="col">{t('security.auditActor')}</th><th scope="col">{t('security.auditAction')}</th><th scope="col">{t('security.auditSubject')}</th><th scope="col">{t('security.auditDetails')}</th></tr></thead>
          <tbody>
            {entries.map((e) => {
              const details = Object.entries(e.details ?? {});
              return (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{new Date(e.at).toLocaleString('de-DE')}</td>
                  <td>{actorName(e.actor, names, t)}</td>
                  <td>{t(`office.auditActions.${e.action}`, { defaultValue: e.action })}</td>
                  <td>{e.subject ? idName(e.subject, names) : '–'}</td>
                  <td>
                    {details.length === 0 ? '–' : (
                      <dl className="details">
                        {details.map(([k, v]) => (
                          <div key={k} style={{ display: 'contents' }}><dt>{t(`office.auditKeys.${k}`, { defaultValue: k })}</dt><dd>{detailValue(k, v, names, t)}</dd></div>
                        ))}
                      </dl>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {last && last.seq > 1 && <button className="secondary" onClick={() => load(last.seq)}>{t('security.more')}</button>}
    </section>
  );
}
