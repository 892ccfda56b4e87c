import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LiveTranslationMark } from './LiveTranslationMark.tsx';
import { findLanguage, type CounterT, type DeskMarkT, type QueueSnapshotT, type TicketT } from '@lotse/shared';

interface Props {
  counterId: string;
  serviceIds: string[];
  queue?: QueueSnapshotT;
  counters: CounterT[];
  /** Languages the signed-in clerk speaks besides the office's own: such tickets are marked. */
  languages: ReadonlySet<string>;
  serviceName: (id: string) => string;
  onCall: (number: string) => void;
}

/** Whether this desk serves the ticket: its services (unless sent to another counter by name), or sent here. */
export function forThisDesk(ticket: TicketT, mark: DeskMarkT | undefined, counterId: string, serviceIds: readonly string[]): boolean {
  if (mark?.targetCounterId) return mark.targetCounterId === counterId;
  if (mark?.helpLanguage) return false; // shown under "Sprachhilfe gesucht" where it is meant
  return serviceIds.includes(ticket.serviceId);
}

function useMinuteTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/**
 * Who waits for this desk, in queue order: number (a button that calls it out of order), service, language in its
 * own name, waiting time, appointment or walk-in, and transfer marks. The server sends a bounded view; what it
 * leaves out is counted below the list.
 */
export function WaitingList({ counterId, serviceIds, queue, counters, languages, serviceName, onCall }: Props) {
  const { t } = useTranslation('counter');
  const now = useMinuteTick();
  const marks = queue?.marks ?? {};
  const waiting = (queue?.waiting ?? []).filter((w) => forThisDesk(w, marks[w.id], counterId, serviceIds));
  const total = serviceIds.reduce((n, id) => n + (queue?.waitingByService?.[id] ?? 0), 0);
  const hidden = Math.max(0, total - waiting.filter((w) => serviceIds.includes(w.serviceId)).length);
  const counterName = (id?: string) => counters.find((c) => c.id === id)?.name ?? id ?? '';

  return (
    <section className="waiting" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t('workspace.waiting', { count: waiting.length + hidden })}</h2>
      {waiting.length === 0 ? (
        <p>{t('workspace.waitingEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="waiting-table">
            <thead>
              <tr>
                <th scope="col">{t('workspace.number')}</th>
                <th scope="col">{t('workspace.service')}</th>
                <th scope="col">{t('workspace.language')}</th>
                <th scope="col">{t('desk.waitingTime')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((w) => {
                const mark = marks[w.id];
                const language = findLanguage(w.language);
                const minutes = Math.max(0, Math.floor((now - Date.parse(w.createdAt)) / 60_000));
                const speaks = languages.has(w.language);
                return (
                  <tr key={w.id} className={speaks ? 'speaks' : undefined} data-testid="waiting-row">
                    <td>
                      <button type="button" className="link number-button" onClick={() => onCall(w.number)}>{w.number}</button>
                      <span className="marks">
                        <span className={`mark ${w.kind}`}>{t(w.kind === 'appointment' ? 'desk.marks.appointment' : 'desk.marks.walkIn')}</span>
                        {mark?.fromCounterId && <span className="mark transferred">{t('desk.marks.transferred', { counter: counterName(mark.fromCounterId) })}</span>}
                        {mark?.targetCounterId && <span className="mark target">{t('desk.marks.forCounter', { counter: counterName(mark.targetCounterId) })}</span>}
                        {mark?.helpLanguage && <span className="mark target">{t('desk.marks.help')}</span>}
                      </span>
                      {mark?.note && <span className="note-line">„{mark.note}“</span>}
                    </td>
                    <td>{serviceName(w.serviceId)}</td>
                    <td>
                      <span lang={w.language} dir={language?.dir ?? 'auto'}>{language?.nativeName ?? w.language}</span>
                      {speaks && <span className="mark speaks">{t('desk.marks.yourLanguage')}</span>}
                      <LiveTranslationMark language={w.language} />
                    </td>
                    <td>{t('desk.minutes', { count: minutes })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {hidden > 0 && <p className="more-waiting">{t('desk.moreWaiting', { count: hidden })}</p>}
        </div>
      )}
    </section>
  );
}
