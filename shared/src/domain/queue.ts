import type { TicketT, WaitEstimateT } from '../schemas/queue.ts';

/** Queue order: oldest check-in first; the id (a ULID) breaks ties so the order is total. */
export function compareQueueOrder(a: Pick<TicketT, 'createdAt' | 'id'>, b: Pick<TicketT, 'createdAt' | 'id'>): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The ticket a counter serving `serviceIds` calls next, or undefined when none waits. */
export function pickNext<T extends Pick<TicketT, 'createdAt' | 'id' | 'serviceId' | 'status'>>(
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
