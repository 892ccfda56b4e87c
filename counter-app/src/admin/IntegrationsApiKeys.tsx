import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import { API_SCOPES, type ApiKeyCreatedT, type ApiKeyViewT, type ApiScopeT } from '@lotse/shared';
import { useAction } from './useAdminApi.ts';
import { useAdminGet } from './IntegrationsShared.tsx';
import { OnceSecret } from './IntegrationsShared.tsx';

/** "API-Schlüssel": named keys with scopes, expiry and address range; shown once; list with last use; revoke. */
export function IntegrationsApiKeys({ token, onSignOut }: { token: string; onSignOut?: () => void }) {
  const { t, i18n } = useTranslation('counter');
  const { data, reload } = useAdminGet<{ keys: ApiKeyViewT[] }>('/api/v1/integrations/api-keys', token, onSignOut);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScopeT[]>(['queue:read']);
  const [expires, setExpires] = useState('');
  const [cidrs, setCidrs] = useState('');
  const [created, setCreated] = useState<ApiKeyCreatedT>();
  const action = useAction();
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }) : '–');

  const create = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: name.trim(), scopes,
      ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
      ...(cidrs.trim() ? { allowedCidrs: cidrs.split(/[\s,]+/).filter(Boolean) } : {}),
    };
    void action.run(async () => {
      setCreated(await apiFetch<ApiKeyCreatedT>('/api/v1/integrations/api-keys', { token, body }));
      setName('');
      reload();
    });
  };
  const revoke = (key: ApiKeyViewT) => {
    if (!window.confirm(t('admin.integrations.keys.revokeConfirm', { name: key.name }))) return;
    void action.run(async () => {
      await apiFetch(`/api/v1/integrations/api-keys/${key.id}/revoke`, { token, method: 'POST' });
      reload();
    }, t('admin.integrations.keys.revoked', { name: key.name }));
  };
  const toggle = (s: ApiScopeT) => setScopes((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <section aria-labelledby="keys-title" data-testid="admin-api-keys">
      <h2 id="keys-title">{t('admin.integrations.keys.title')}</h2>
      <p className="muted">{t('admin.integrations.keys.intro')}</p>
      {created && <OnceSecret label={t('admin.integrations.keys.once', { name: created.key.name })} value={created.token} onDone={() => setCreated(undefined)} />}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.integrations.name')}</th><th scope="col">{t('admin.integrations.keys.scopes')}</th>
              <th scope="col">{t('admin.integrations.keys.expires')}</th><th scope="col">{t('admin.integrations.keys.range')}</th>
              <th scope="col">{t('admin.integrations.keys.lastUse')}</th><th scope="col">{t('admin.integrations.status')}</th><th scope="col"><span className="sr-only">{t('admin.integrations.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {(data?.keys ?? []).map((k) => (
              <tr key={k.id} className={k.revokedAt ? 'retired' : undefined}>
                <td><strong>{k.name}</strong><br /><code className="muted">{k.prefix}…</code></td>
                <td>{k.scopes.map((s) => t(`admin.integrations.scope.${s.replace(':', '_')}`)).join(', ')}</td>
                <td>{k.expiresAt ? when(k.expiresAt) : t('admin.integrations.keys.noExpiry')}</td>
                <td>{k.allowedCidrs.length ? k.allowedCidrs.join(', ') : t('admin.integrations.keys.anyAddress')}</td>
                <td>{k.lastUsedAt ? `${when(k.lastUsedAt)} (${k.lastUsedIp ?? ''})` : t('admin.integrations.keys.neverUsed')}</td>
                <td>{k.revokedAt ? t('admin.integrations.keys.revokedAt', { when: when(k.revokedAt) }) : t('admin.integrations.active')}</td>
                <td>{!k.revokedAt && <div className="row-actions"><button className="secondary" onClick={() => revoke(k)}>{t('admin.integrations.keys.revoke')}</button></div>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data && !data.keys.length && <p className="muted">{t('admin.integrations.keys.none')}</p>}

      <h3 id="key-new-title">{t('admin.integrations.keys.new')}</h3>
      <form onSubmit={create} aria-labelledby="key-new-title" className="stack">
        <div className="grid2">
          <label className="field">{t('admin.integrations.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[a-z0-9][a-z0-9._\-]{1,39}" placeholder="tevis-sync" aria-describedby="key-name-hint" />
            <span id="key-name-hint" className="muted">{t('admin.integrations.nameHint')}</span>
          </label>
          <label className="field">{t('admin.integrations.keys.expiresOptional')}
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
          <label className="field">{t('admin.integrations.keys.rangeOptional')}
            <input value={cidrs} onChange={(e) => setCidrs(e.target.value)} placeholder="10.20.0.0/16" dir="ltr" />
          </label>
        </div>
        <fieldset>
          <legend>{t('admin.integrations.keys.scopes')}</legend>
          {API_SCOPES.map((s) => (
            <label key={s} className="check"><input type="checkbox" checked={scopes.includes(s)} onChange={() => toggle(s)} /> {t(`admin.integrations.scope.${s.replace(':', '_')}`)} <code className="muted">{s}</code></label>
          ))}
        </fieldset>
        <button type="submit" disabled={!scopes.length}>{t('admin.integrations.keys.create')}</button>
      </form>
      {action.error && <p role="alert" className="error">{action.error}</p>}
      {action.status && <p role="status">{action.status}</p>}
    </section>
  );
}
