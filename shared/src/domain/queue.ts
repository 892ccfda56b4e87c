import type { TicketT, WaitEstimateT } from '../schemas/queue.ts';

type Orderable = Pick<TicketT, 'createdAt' | 'id'> & { priorityAt?: string };

/** The queue's sort key: `priorityAt` (an appointment ranks from its booked start) or else the check-in time. */
export function queueKey(t: Orderable): string {
  return t.priorityAt ?? t.createdAt;
}

/**
 * Queue order: earliest key first; the id (a ULID) breaks ties so the order is total. A walk-in's key is its
 * check-in time; an appointment's is min(check-in, booked start), so a citizen with an appointment is called before
 * walk-ins who came after the booked time. The edge server sorts by the same key in SQL (`tickets.priority_at`).
 */
export function compareQueueOrder(a: Orderable, b: Orderable): number {
  const ka = queueKey(a);
  const kb = queueKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Priority key of a new ticket: its check-in time, or the booked start of an appointment if that is earlier. */
export function priorityAt(createdAt: string, appointmentStartsAt?: string): string {
  return appointmentStartsAt !== undefined && appointmentStartsAt < createdAt ? appointmentStartsAt : createdAt;
}

/** The ticket a counter serving `serviceIds` calls next, or undefined when none waits. */
export function pickNext<T extends Orderable & Pick<TicketT, 'serviceId' | 'status'>>(
  tickets: readonly T[],
  serviceIds: readonly string[],
): T | undefined {
  const wanted = new Set(serviceIds);
  return tickets
    .filter((t) => t.status === 'waiting' && wanted.has(t.serviceId))
    .sort(compareQueueOrder)[0];
}

export interface EstimateInput {
  /** Tickets of the same service ahead of this one. */
  ahead: number;
  /** Recent processing times for the service, in minutes (newest last); may be empty. */
  recentMinutes: readonly number[];
  /** Counters currently serving the service (0 when none is open yet). */
  openCounters: number;
  /** Assumed processing time when there is no history yet. */
  defaultMinutes?: number;
}

/**
 * Waiting-time range, not a false precision: people ahead × typical processing time, shared among the open
 * counters, widened by the spread of recent processing times.
 */
export function estimateWait({ ahead, recentMinutes, openCounters, defaultMinutes = 8 }: EstimateInput): WaitEstimateT {
  const sample = recentMinutes.slice(-20).filter((m) => Number.isFinite(m) && m > 0);
  const sorted = [...sample].sort((a, b) => a - b);
  const quantile = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : defaultMinutes);
  const low = sorted.length ? quantile(0.25) : defaultMinutes * 0.75;
  const high = sorted.length ? quantile(0.75) : defaultMinutes * 1.25;
  const counters = Math.max(1, openCounters);
  const minMinutes = Math.floor((ahead * low) / counters);
  const maxMinutes = Math.max(minMinutes + (ahead > 0 ? 5 : 0), Math.ceil((ahead * high) / counters));
  return { minMinutes, maxMinutes };
}
