import { useTranslation } from 'react-i18next';
import type { CounterT, QueueSnapshotT, TicketT } from '@lotse/shared';
import { clock } from './useDeskRun.ts';

export interface RecentNoShow { number: string; until: number }

interface Props {
  queue?: QueueSnapshotT;
  serviceIds: string[];
  counters: CounterT[];
  noShows: RecentNoShow[];
  busy: boolean;
  serviceName: (id: string) => string;
  onResume: (number: string) => void;
  onTransfer: (ticket: TicketT) => void;
  onRecallNoShow: (number: string) => void;
}

/** Parked tickets of this desk's services (any desk may take one back), and this desk's recent no-shows. */
export function ParkedList({ queue, serviceIds, counters, noShows, busy, serviceName, onResume, onTransfer, onRecallNoShow }: Props) {
  const { t } = useTranslation('counter');
  const marks = queue?.marks ?? {};
  const parked = (queue?.parked ?? []).filter((p) => serviceIds.includes(p.serviceId));
  const counterName = (id?: string) => counters.find((c) => c.id === id)?.name ?? id ?? '';
  const open = noShows.filter((n) => n.until > Date.now());
  if (parked.length === 0 && open.length === 0) return null;
  return (
    <section className="parked" aria-labelledby="parked-title">
      {parked.length > 0 && (
        <>
          <h2 id="parked-title">{t('desk.parked', { count: parked.length })}</h2>
          <ul className="plain-list" data-testid="parked-list">
            {parked.map((p) => (
              <li key={p.id}>
                <span><strong>{p.number}</strong> {serviceName(p.serviceId)}<br />
                  <small>{t('desk.parkedSince', { time: clock(marks[p.id]?.parkedAt ?? p.createdAt), counter: counterName(marks[p.id]?.fromCounterId) })}</small></span>
                <span className="row-actions">
                  <button type="button" className="secondary small" disabled={busy} onClick={() => onResume(p.number)}>{t('desk.resume')}</button>
                  <button type="button" className="secondary small" disabled={busy} onClick={() => onTransfer(p)}>{t('desk.transferParked')}</button>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {open.length > 0 && (
        <>
          <h2 id={parked.length ? undefined : 'parked-title'}>{t('desk.noShows')}</h2>
          <ul className="plain-list">
            {open.map((n) => (
              <li key={n.number}>
                <span><strong>{n.number}</strong> <small>{t('desk.noShowUntil', { time: clock(new Date(n.until)) })}</small></span>
                <button type="button" className="secondary small" disabled={busy} onClick={() => onRecallNoShow(n.number)}>{t('desk.recallNoShow')}</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
