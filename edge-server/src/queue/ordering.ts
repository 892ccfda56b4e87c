import { zonedTime } from './checkInTime.ts';

/**
 * The queue sorts by `priority_at` (ISO time). A ticket transferred "to the front" must rank before everyone
 * waiting, and two such transfers in the order they were made: the transfer time is mapped into the first
 * 86.4 s after the office day's midnight (a thousandth of its distance from midnight), where no real check-in lies.
 */
export function frontPriority(now: Date, day: string, timeZone: string): string {
  const midnight = zonedTime(day, '00:00', timeZone);
  return new Date(midnight + Math.max(0, Math.floor((now.getTime() - midnight) / 1000))).toISOString();
}
