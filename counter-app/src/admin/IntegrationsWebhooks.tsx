import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import { WEBHOOK_EVENTS, type WebhookCreatedT, type WebhookDeliveryT, type WebhookEventT, type WebhookViewT } from '@lotse/shared';
import { useAction } from './useAdminApi.ts';
import { OnceSecret, useAdminGet } from './IntegrationsShared.tsx';

const eventKey = (e: string) => `admin.integrations.event.${e.replace('.', '_')}`;

/** "Webhooks": subscriptions per event (secret shown once), and the dead-letter list with "Erneut senden". */
export function IntegrationsWebhooks({ token, onSignOut }: { token: string; onSignOut?: () => void }) {
  const { t, i18n } = useTranslation('counter');
  const subs = useAdminGet<{ subscriptions: WebhookViewT[] }>('/api/v1/integrations/webhooks', token, onSignOut);
  const dead = useAdminGet<{ deliveries: WebhookDeliveryT[] }>('/api/v1/integrations/webhooks/deliveries?state=dead', token, onSignOut);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('https://');
  const [events, setEvents] = useState<WebhookEventT[]>(['ticket.created', 'ticket.finished']);
  const [personal, setPersonal] = useState(false);
  const [allowHttp, setAllowHttp] = useState(false);
  const [created, setCreated] = useState<WebhookCreatedT>();
  const action = useAction();
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }) : '–');

  const create = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      setCreated(await apiFetch<WebhookCreatedT>('/api/v1/integrations/webhooks', { token, body: { name: name.trim(), url: url.trim(), events, allowPersonalData: personal, allowHttp } }));
      setName('');
      subs.reload();
    });
  };
  const patch = (s: WebhookViewT, body: Record<string, unknown>) =>
    void action.run(async () => {
      await apiFetch(`/api/v1/integrations/webhooks/${s.id}`, { token, method: 'POST', body });
      subs.reload();
    }, t('admin.integrations.hooks.saved', { name: s.name }));
  const remove = (s: WebhookViewT) => {
    if (!window.confirm(t('admin.integrations.hooks.deleteConfirm', { name: s.name }))) return;
    void action.run(async () => {
      await apiFetch(`/api/v1/integrations/webhooks/${s.id}`, { token, method: 'DELETE' });
      subs.reload();
      dead.reload();
    });
  };
  const resend = (d: WebhookDeliveryT) =>
    void action.run(async () => {
      await apiFetch(`/api/v1/integrations/webhooks/deliveries/${d.id}/redeliver`, { token, method: 'POST' });
      dead.reload();
    }, t('admin.integrations.dead.resent'));
  const toggle = (ev: WebhookEventT) => setEvents((cur) => (cur.includes(ev) ? cur.filter((x) => x !== ev) : [...cur, ev]));

  return (
    <>
      <section aria-labelledby="hooks-title" data-testid="admin-webhooks">
        <h2 id="hooks-title">{t('admin.integrations.hooks.title')}</h2>
        <p className="muted">{t('admin.integrations.hooks.intro')}</p>
        {created && <OnceSecret label={t('admin.integrations.hooks.once', { name: created.subscription.name })} value={created.secret} onDone={() => setCreated(undefined)} />}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.integrations.name')}</th><th scope="col">{t('admin.integrations.hooks.url')}</th><th scope="col">{t('admin.integrations.hooks.events')}</th>
                <th scope="col">{t('admin.integrations.hooks.personal')}</th><th scope="col">{t('admin.integrations.status')}</th><th scope="col"><span className="sr-only">{t('admin.integrations.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {(subs.data?.subscriptions ?? []).map((s) => (
                <tr key={s.id} className={s.active ? undefined : 'retired'}>
                  <td><strong>{s.name}</strong></td>
                  <td><code dir="ltr">{s.url}</code>{s.allowHttp && <><br /><span className="warn">{t('admin.integrations.hooks.httpAllowed')}</span></>}</td>
                  <td>{s.events.map((e) => t(eventKey(e))).join(', ')}</td>
                  <td>{s.allowPersonalData ? t('admin.integrations.hooks.personalYes') : t('admin.integrations.hooks.personalNo')}</td>
                  <td>{s.active ? t('admin.integrations.active') : t('admin.integrations.hooks.paused')}</td>
                  <td>
                    <div className="row-actions stacked">
                    <button className="secondary" onClick={() => patch(s, { active: !s.active })}>{s.active ? t('admin.integrations.hooks.pause') : t('admin.integrations.hooks.resume')}</button>
                    <button className="secondary" onClick={() => patch(s, { allowPersonalData: !s.allowPersonalData })}>{s.allowPersonalData ? t('admin.integrations.hooks.personalOff') : t('admin.integrations.hooks.personalOn')}</button>
                    <button className="secondary" onClick={() => remove(s)}>{t('admin.integrations.hooks.delete')}</button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {subs.data && !subs.data.subscriptions.length && <p className="muted">{t('admin.integrations.hooks.none')}</p>}

        <h3 id="hook-new-title">{t('admin.integrations.hooks.new')}</h3>
        <form onSubmit={create} aria-labelledby="hook-new-title" className="stack">
          <div className="grid2">
            <label className="field">{t('admin.integrations.name')}
              <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[a-z0-9][a-z0-9._\-]{1,39}" placeholder="fachverfahren" />
            </label>
            <label className="field">{t('admin.integrations.hooks.url')}
              <input value={url} onChange={(e) => setUrl(e.target.value)} required type="url" dir="ltr" />
            </label>
          </div>
          <fieldset>
            <legend>{t('admin.integrations.hooks.events')}</legend>
            {WEBHOOK_EVENTS.map((ev) => (
              <label key={ev} className="check"><input type="checkbox" checked={events.includes(ev)} onChange={() => toggle(ev)} /> {t(eventKey(ev))} <code className="muted">{ev}</code></label>
            ))}
          </fieldset>
          <label className="check"><input type="checkbox" checked={personal} onChange={(e) => setPersonal(e.target.checked)} /> {t('admin.integrations.hooks.personalAllow')}</label>
          <label className="check"><input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} /> {t('admin.integrations.hooks.httpAllow')}</label>
          <button type="submit" disabled={!events.length}>{t('admin.integrations.hooks.create')}</button>
        </form>
      </section>

      <section aria-labelledby="dead-title" data-testid="admin-dead-letters">
        <h2 id="dead-title">{t('admin.integrations.dead.title')}</h2>
        <p className="muted">{t('admin.integrations.dead.intro')}</p>
        {dead.data && !dead.data.deliveries.length ? <p>{t('admin.integrations.dead.none')}</p> : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('admin.integrations.dead.when')}</th><th scope="col">{t('admin.integrations.dead.subscription')}</th><th scope="col">{t('admin.integrations.dead.event')}</th>
                  <th scope="col">{t('admin.integrations.dead.attempts')}</th><th scope="col">{t('admin.integrations.dead.error')}</th><th scope="col"><span className="sr-only">{t('admin.integrations.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {(dead.data?.deliveries ?? []).map((d) => (
                  <tr key={d.id}>
                    <td>{when(d.createdAt)}</td><td>{d.subscriptionName}</td><td>{t(eventKey(d.event))}</td><td>{d.attempts}</td>
                    <td>{d.lastError ? <span lang="en" dir="ltr">{d.lastError}</span> : '–'}</td>
                    <td><div className="row-actions"><button onClick={() => resend(d)}>{t('admin.integrations.dead.resend')}</button></div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {action.error && <p role="alert" className="error">{action.error}</p>}
        {action.status && <p role="status">{action.status}</p>}
      </section>
    </>
  );
}
