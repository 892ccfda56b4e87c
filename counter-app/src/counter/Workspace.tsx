import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientError, type LotseConnection } from '@lotse/shared/client';
import { C2S, findLanguage, type CounterStateT, type QueueSnapshotT, type ServiceT } from '@lotse/shared';

interface Props {
  connection: LotseConnection;
  state: CounterStateT;
  queue?: QueueSnapshotT;
  services: ServiceT[];
  onState: (s: CounterStateT) => void;
}

/** Call next, recall, no-show, finish, and the list of who waits for this counter's services. */
export function Workspace({ connection, state, queue, onState }: Props) {
  const { t } = useTranslation(['counter', 'common', 'services']);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);
  const counterId = state.counter.id;
  const waiting = (queue?.waiting ?? []).filter((w) => state.serviceIds.includes(w.serviceId));
  const current = state.current;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await action();
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      setMessage({ text: t(`common:errors.${code}`, { defaultValue: t('common:errors.generic') }), error: true });
    } finally {
      setBusy(false);
    }
  };
  const callNext = () => run(async () => {
    const call = await connection.request(C2S.counterCallNext, { counterId });
    setMessage({ text: t('workspace.called', { number: call.ticketNumber, counter: call.counterName }), error: false });
  });

  return (
    <main className="workspace">
      <section className="current" aria-labelledby="current-title">
        <h1 id="current-title">{t('workspace.current')}</h1>
        {current ? (
          <div className="current-ticket" data-testid="current-ticket">
            <span className="number">{current.number}</span>
            <span>{t(`services:${current.serviceId}.name`)} · {findLanguage(current.language)?.germanName}</span>
          </div>
        ) : (
          <p>{t('workspace.noCurrent')}</p>
        )}
        <div className="actions">
          <button className="primary-action" disabled={busy} onClick={() => void callNext()}>{t('workspace.callNext')}</button>
          <button className="secondary" disabled={busy || !current} onClick={() => void run(() => connection.request(C2S.counterRecall, { counterId }))}>{t('workspace.recall')}</button>
          <button className="secondary" disabled={busy || !current} onClick={() => void run(async () => onState(await connection.request(C2S.counterNoShow, { counterId })))}>{t('workspace.noShow')}</button>
          <button className="secondary" disabled={busy || !current} onClick={() => void run(async () => onState(await connection.request(C2S.counterFinish, { counterId })))}>{t('workspace.finish')}</button>
        </div>
        <p role="status" className={message?.error ? 'error' : 'ok'}>{message?.text}</p>
      </section>
      <section className="waiting" aria-labelledby="waiting-title">
        <h2 id="waiting-title">{t('workspace.waiting', { count: waiting.length })}</h2>
        {waiting.length === 0 ? (
          <p>{t('workspace.waitingEmpty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('workspace.number')}</th>
                <th scope="col">{t('workspace.service')}</th>
                <th scope="col">{t('workspace.language')}</th>
                <th scope="col">{t('workspace.since')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((w) => (
                <tr key={w.id}>
                  <td>{w.number}</td>
                  <td>{t(`services:${w.serviceId}.name`)}</td>
                  <td>{findLanguage(w.language)?.germanName}</td>
                  <td>{new Date(w.createdAt).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
