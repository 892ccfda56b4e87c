import { DomainError, officeDay } from '@lotse/shared';

/** An offline check-in may be replayed this far ahead of the server clock (kiosk clocks drift). */
export const CLOCK_SKEW_MS = 60_000;
/**
 * A replayed check-in may lie this much before the kiosk was last seen connected: the server notices a dead
 * link about 45 s late (Socket.IO ping interval + timeout), and a check-in whose answer never came goes to the
 * outbox with the time it was made.
 */
export const OFFLINE_GRACE_MS = 2 * 60_000;
/** No opening hours exist yet: a replayed check-in never ranks before this office time (QueueOptions.opensAt). */
export const DEFAULT_OPENS_AT = '06:00';

/** Where a replayed check-in came from: the kiosk's offline gap starts when it was last seen connected (null: it was online). */
export interface CheckInWindow { offlineSince: Date | null }

export interface CheckInRule {
  now: Date;
  timeZone: string;
  /** `HH:MM` office time. */
  opensAt: string;
  /** Omitted by trusted callers inside the server; every socket and HTTP check-in passes one. */
  window?: CheckInWindow;
}

/**
 * When a check-in counts, given the `checkedInAt` an offline kiosk replays. Refused: no time, the future beyond
 * clock skew, another office day. Taken as given: a time inside the kiosk's own offline gap and not before the
 * office opened. Anything earlier than that would jump the queue, so it counts from its arrival instead.
 */
export function checkInTime(checkedInAt: string, rule: CheckInRule): Date {
  const { now, timeZone } = rule;
  const at = new Date(checkedInAt);
  if (Number.isNaN(at.getTime())) throw new DomainError('BAD_REQUEST', `checkedInAt "${checkedInAt}" is no valid time`);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new DomainError('BAD_REQUEST', `checkedInAt ${checkedInAt} lies in the future (server time ${now.toISOString()}); check the kiosk clock`);
  }
  const today = officeDay(now, timeZone);
  if (officeDay(at, timeZone) !== today) {
    throw new DomainError('BAD_REQUEST', `checkedInAt ${checkedInAt} is not on today's office day (${today}); an offline check-in from another day cannot be replayed`);
  }
  if (!rule.window) return at;
  const gapStart = (rule.window.offlineSince ?? now).getTime() - OFFLINE_GRACE_MS;
  const earliest = Math.max(gapStart, zonedTime(today, rule.opensAt, timeZone));
  return at.getTime() < earliest ? now : at;
}

/** The instant of `HH:MM` on `day` (YYYY-MM-DD) in `timeZone`. */
export function zonedTime(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const [h, min] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, min);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** How far the zone's wall clock is ahead of UTC at instant `t`, in ms. */
function offsetAt(t: number, timeZone: string): number {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, f);
  }
  const part = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second));
  return asUtc - Math.floor(t / 1000) * 1000;
}
