import { describe, expect, it } from 'vitest';
import type { OpeningHoursT } from '@lotse/shared';
import { localParts, openInterval, walkInState, weekdayOf, zonedInstant } from './hours.ts';

const TZ = 'Europe/Berlin';
// Monday to Friday 08:00–18:00; 2026-12-25 closed.
const hours: OpeningHoursT = {
  weekdays: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
  closedDays: [{ day: '2026-12-25', label: '1. Weihnachtstag' }],
};
const state = (iso: string, extra: Partial<Parameters<typeof walkInState>[0]> = {}) =>
  walkInState({ now: new Date(iso), timeZone: TZ, hours, issuedToday: 0, dailyCapacity: null, stopMinutesBeforeClose: null, ...extra });

describe('opening hours', () => {
  it('knows the weekday of a calendar day', () => {
    expect(weekdayOf('2026-12-07')).toBe(1);
    expect(weekdayOf('2026-12-13')).toBe(7);
  });

  it('turns office wall-clock times into instants on the DST change days', () => {
    // Clocks go forward on 2026-03-29 (CET → CEST) and back on 2026-10-25.
    expect(zonedInstant('2026-03-28', '18:00', TZ).toISOString()).toBe('2026-03-28T17:00:00.000Z');
    expect(zonedInstant('2026-03-29', '18:00', TZ).toISOString()).toBe('2026-03-29T16:00:00.000Z');
    expect(zonedInstant('2026-03-29', '01:30', TZ).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedInstant('2026-10-24', '08:00', TZ).toISOString()).toBe('2026-10-24T06:00:00.000Z');
    expect(zonedInstant('2026-10-25', '08:00', TZ).toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(localParts(new Date('2026-10-25T07:00:00Z'), TZ)).toEqual({ day: '2026-10-25', minutes: 8 * 60, weekday: 7 });
  });

  it('opens and closes at local time on the Monday after each DST change', () => {
    const spring = { ...hours, weekdays: [...hours.weekdays, { weekday: 7, opens: '08:00', closes: '18:00' }] };
    expect(openInterval(spring, '2026-03-29', TZ)).toEqual({ opens: new Date('2026-03-29T06:00:00Z'), closes: new Date('2026-03-29T16:00:00Z') });
    expect(openInterval(spring, '2026-10-25', TZ)).toEqual({ opens: new Date('2026-10-25T07:00:00Z'), closes: new Date('2026-10-25T17:00:00Z') });
    expect(state('2026-03-30T15:59:00Z')).toEqual({ open: true }); // 17:59 CEST
    expect(state('2026-03-30T16:00:00Z')).toEqual({ open: false, reason: 'closed' }); // 18:00 CEST
    expect(state('2026-10-26T16:30:00Z')).toEqual({ open: true }); // 17:30 CET
    expect(state('2026-10-26T06:59:00Z')).toEqual({ open: false, reason: 'closed' }); // 07:59 CET
  });

  it('is closed on a closed day and on a weekday without hours', () => {
    expect(state('2026-12-25T10:00:00Z')).toEqual({ open: false, reason: 'closed' }); // a Friday, but a holiday
    expect(state('2026-12-24T10:00:00Z')).toEqual({ open: true });
    expect(state('2026-12-26T10:00:00Z')).toEqual({ open: false, reason: 'closed' }); // Saturday
    expect(openInterval(hours, '2026-12-25', TZ)).toBeUndefined();
  });

  it('is always open when no weekday hours are set, except on closed days', () => {
    const none: OpeningHoursT = { weekdays: [], closedDays: [{ day: '2026-12-25', label: '' }] };
    expect(walkInState({ now: new Date('2026-12-26T23:00:00Z'), timeZone: TZ, hours: none, issuedToday: 0, dailyCapacity: null, stopMinutesBeforeClose: null })).toEqual({ open: true });
    expect(walkInState({ now: new Date('2026-12-25T12:00:00Z'), timeZone: TZ, hours: none, issuedToday: 0, dailyCapacity: null, stopMinutesBeforeClose: null })).toEqual({ open: false, reason: 'closed' });
  });
});

describe('walk-in capacity', () => {
  it('stops N minutes before closing', () => {
    // Thursday 2026-12-10, closes 18:00 CET = 17:00Z; stop 30 min before.
    expect(state('2026-12-10T16:29:00Z', { stopMinutesBeforeClose: 30 })).toEqual({ open: true });
    expect(state('2026-12-10T16:30:00Z', { stopMinutesBeforeClose: 30 })).toEqual({ open: false, reason: 'closing' });
  });

  it('stops when the daily capacity is reached, not before', () => {
    expect(state('2026-12-10T10:00:00Z', { dailyCapacity: 3, issuedToday: 2 })).toEqual({ open: true });
    expect(state('2026-12-10T10:00:00Z', { dailyCapacity: 3, issuedToday: 3 })).toEqual({ open: false, reason: 'capacity' });
    expect(state('2026-12-10T10:00:00Z', { dailyCapacity: 0, issuedToday: 0 })).toEqual({ open: false, reason: 'capacity' });
    expect(state('2026-12-10T10:00:00Z', { dailyCapacity: null, issuedToday: 5000 })).toEqual({ open: true });
  });
});
