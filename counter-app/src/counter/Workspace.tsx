import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientError, type LotseConnection } from '@lotse/shared/client';
import { C2S, findLanguage, type CounterStateT, type QueueSnapshotT, type ServiceT } from '@lotse/shared';
import { useSession } from '../conversation/useSession.ts';
import { useMicCapture } from '../conversation/useMicCapture.ts';
import { ConversationPanel } from '../conversation/ConversationPanel.tsx';
import { CitizenPane } from '../citizen/CitizenPane.tsx';

interface Props {
  connection: LotseConnection;
  state: CounterStateT;
  queue?: QueueSnapshotT;
  services: ServiceT[];
  /** The socket is connected (the session is fetched again after every reconnect). */
  online: boolean;
  onState: (s: CounterStateT) => void;
}

/**
 * Call next, recall, no-show, finish, the list of who waits for this counter's services, and, while a ticket is
 * called, the conversation: in single-tablet mode with the citizen's half turned towards them at the top.
 */
export function Workspace({ connection, state, queue, online, onState }: Props) {
  const { t } = useTranslation(['counter', 'common', 'services']);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);
  const counterId = state.counter.id;
  const waiting = (queue?.waiting ?? []).filter((w) => state.serviceIds.includes(w.serviceId));
  const current = state.current;
  const view = useSession(connection, counterId, online);
  const session = view.session;
  const single = session?.mode === 'single';
  // This device's microphone: in single-tablet mode it serves both speakers, with two devices only the clerk.
  const mic = useMicCapture({
    connection,
    sessionId: session?.id,
    enabled: !!session && session.consent.status === 'given' && session.capture.active,
    sending: !!session && (single || session.capture.speaker === 'clerk'),
    turn: session?.capture.speaker ?? 'clerk',
  });

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
    <main className={`workspace${session ? ' with-conversation' : ''}`}>
      {session && single && (
        <CitizenPane connection={connection} view={view} counterName={state.counter.name} endUtterance={mic.endUtterance} rotated micStatus={mic.status} />
      )}
      <div className="desk">
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
      </div>
      {session ? (
        <ConversationPanel connection={connection} view={{ ...view, session }} mic={mic} />
      ) : (
        current && view.ended && <p className="conversation-ended" role="status">{t('conversation.ended')}</p>
      )}
    </main>
  );
}
