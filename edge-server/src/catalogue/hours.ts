import type { OpeningHoursT } from '@lotse/shared';

/** Local calendar day (`YYYY-MM-DD`) and wall-clock minutes of an instant in the office's time zone. */
export function localParts(at: Date, timeZone: string): { day: string; minutes: number; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at).map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute), weekday: weekdayOf(day) };
}

/** ISO weekday of a calendar day: Monday 1 … Sunday 7 (no time zone involved). */
export function weekdayOf(day: string): number {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant a wall-clock time `HH:MM` of `day` happens in `timeZone`. The offset is read at that very moment
 * (twice, to settle across a DST change), so 18:00 on the day clocks go forward is 16:00 UTC in Berlin, not 17:00.
 */
export function zonedInstant(day: string, hhmm: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T${hhmm}:00Z`);
  let guess = wall;
  for (let i = 0; i < 2; i++) guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

function offsetMs(at: Date, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at).map((x) => [x.type, x.value]),
  );
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The office's open interval on a day, as instants; undefined: closed that day (weekday off or a closed day). */
export function openInterval(hours: OpeningHoursT, day: string, timeZone: string): { opens: Date; closes: Date } | undefined {
  if (hours.closedDays.some((c) => c.day === day)) return undefined;
  const wd = hours.weekdays.find((w) => w.weekday === weekdayOf(day));
  if (!wd?.opens || !wd.closes || wd.closes <= wd.opens) return undefined;
  return { opens: zonedInstant(day, wd.opens, timeZone), closes: zonedInstant(day, wd.closes, timeZone) };
}

/** True when the office entered no weekday hours: it is then open at all times except its closed days. */
export function hoursUnset(hours: OpeningHoursT): boolean {
  return hours.weekdays.every((w) => !w.opens || !w.closes);
}

export type WalkInState = { open: true } | { open: false; reason: 'capacity' | 'closing' | 'closed' };

/**
 * May a walk-in ticket for a service be drawn at `now`? Closed days and hours first, then "no walk-ins N minutes
 * before closing", then the daily capacity (walk-ins already issued today, replays included).
 */
export function walkInState(args: {
  now: Date;
  timeZone: string;
  hours: OpeningHoursT;
  issuedToday: number;
  dailyCapacity: number | null;
  stopMinutesBeforeClose: number | null;
}): WalkInState {
  const { now, timeZone, hours } = args;
  if (hours.closedDays.some((c) => c.day === localParts(now, timeZone).day)) return { open: false, reason: 'closed' };
  if (!hoursUnset(hours)) {
    const interval = openInterval(hours, localParts(now, timeZone).day, timeZone);
    if (!interval || now < interval.opens || now >= interval.closes) return { open: false, reason: 'closed' };
    const stop = (args.stopMinutesBeforeClose ?? 0) * 60_000;
    if (now.getTime() >= interval.closes.getTime() - stop) return { open: false, reason: 'closing' };
  }
  if (args.dailyCapacity !== null && args.issuedToday >= args.dailyCapacity) return { open: false, reason: 'capacity' };
  return { open: true };
}
