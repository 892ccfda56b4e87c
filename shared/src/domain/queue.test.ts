import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareQueueOrder, estimateWait, pickNext } from './queue.ts';

type T = { id: string; createdAt: string; serviceId: string; status: 'waiting' | 'called' | 'finished' | 'no-show' };
const t = (id: string, createdAt: string, serviceId = 'a', status: T['status'] = 'waiting'): T => ({ id, createdAt, serviceId, status });

describe('compareQueueOrder', () => {
  it('puts the older check-in first', () => {
    expect(compareQueueOrder(t('B', '2026-01-01T08:00:00.000Z'), t('A', '2026-01-01T08:00:01.000Z'))).toBe(-1);
    expect(compareQueueOrder(t('A', '2026-01-01T08:00:01.000Z'), t('B', '2026-01-01T08:00:00.000Z'))).toBe(1);
  });

  it('breaks ties by id so the order is total', () => {
    const at = '2026-01-01T08:00:00.000Z';
    expect(compareQueueOrder(t('01A', at), t('01B', at))).toBe(-1);
    expect(compareQueueOrder(t('01B', at), t('01A', at))).toBe(1);
    expect(compareQueueOrder(t('01A', at), t('01A', at))).toBe(0);
  });

  it('is a consistent total order (antisymmetric, sorted pairs in order) on random tickets', () => {
    const ticket = fc.record({ id: fc.stringMatching(/^[0-9A-Z]{3}$/), createdAt: fc.integer({ min: 0, max: 5 }).map((s) => `2026-01-01T08:00:0${s}.000Z`) });
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 30 }), (list) => {
        const sorted = [...list].sort(compareQueueOrder);
        for (let i = 1; i < sorted.length; i++) expect(compareQueueOrder(sorted[i - 1], sorted[i])).toBeLessThanOrEqual(0);
        for (const a of list) for (const b of list) expect(Math.sign(compareQueueOrder(a, b)) + Math.sign(compareQueueOrder(b, a))).toBe(0);
      }),
    );
  });
});

describe('pickNext', () => {
  const tickets = [
    t('05', '2026-01-01T08:05:00Z', 'pass'),
    t('01', '2026-01-01T08:01:00Z', 'ausweis', 'called'),
    t('03', '2026-01-01T08:03:00Z', 'ausweis'),
    t('02', '2026-01-01T08:02:00Z', 'anmeldung'),
    t('04', '2026-01-01T08:04:00Z', 'ausweis'),
  ];

  it('picks the oldest waiting ticket of the served services, skipping called ones', () => {
    expect(pickNext(tickets, ['ausweis'])?.id).toBe('03');
    expect(pickNext(tickets, ['ausweis', 'anmeldung'])?.id).toBe('02');
    expect(pickNext(tickets, ['pass', 'ausweis'])?.id).toBe('03');
  });

  it('returns undefined when nothing of those services waits', () => {
    expect(pickNext(tickets, ['beglaubigung'])).toBeUndefined();
    expect(pickNext(tickets, [])).toBeUndefined();
    expect(pickNext([], ['ausweis'])).toBeUndefined();
  });

  it('does not reorder the input', () => {
    const copy = [...tickets];
    pickNext(tickets, ['ausweis']);
    expect(tickets).toEqual(copy);
  });

  it('agrees with a sort-and-filter reference on random queues', () => {
    const arb = fc.array(
      fc.record({
        id: fc.uuid(),
        createdAt: fc.integer({ min: 0, max: 59 }).map((m) => `2026-01-01T08:${String(m).padStart(2, '0')}:00.000Z`),
        serviceId: fc.constantFrom('a', 'b', 'c'),
        status: fc.constantFrom('waiting' as const, 'called' as const, 'finished' as const),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.subarray(['a', 'b', 'c']), (list, served) => {
        const expected = list.filter((x) => x.status === 'waiting' && served.includes(x.serviceId)).sort(compareQueueOrder)[0];
        expect(pickNext(list, served)).toBe(expected);
      }),
    );
  });
});

describe('estimateWait', () => {
  it('is zero for the first in line', () => {
    expect(estimateWait({ ahead: 0, recentMinutes: [], openCounters: 0 })).toEqual({ minMinutes: 0, maxMinutes: 0 });
    expect(estimateWait({ ahead: 0, recentMinutes: [12, 30], openCounters: 2 })).toEqual({ minMinutes: 0, maxMinutes: 0 });
  });

  it('without history uses the default time ±25 %, and treats no open counter like one', () => {
    expect(estimateWait({ ahead: 3, recentMinutes: [], openCounters: 1 })).toEqual({ minMinutes: 18, maxMinutes: 30 });
    expect(estimateWait({ ahead: 3, recentMinutes: [], openCounters: 0 })).toEqual({ minMinutes: 18, maxMinutes: 30 });
    expect(estimateWait({ ahead: 3, recentMinutes: [], openCounters: 1, defaultMinutes: 4 })).toEqual({ minMinutes: 9, maxMinutes: 15 });
  });

  it('shares the work among open counters', () => {
    expect(estimateWait({ ahead: 6, recentMinutes: [], openCounters: 3 })).toEqual({ minMinutes: 12, maxMinutes: 20 });
    expect(estimateWait({ ahead: 3, recentMinutes: [], openCounters: 2 })).toEqual({ minMinutes: 9, maxMinutes: 15 });
  });

  it('uses the quartiles of recent processing times and is at least 5 minutes wide', () => {
    // sorted [2,4,6,10]: q25 = index 1 → 4, q75 = index 3 → 10
    expect(estimateWait({ ahead: 2, recentMinutes: [10, 2, 6, 4], openCounters: 1 })).toEqual({ minMinutes: 8, maxMinutes: 20 });
    expect(estimateWait({ ahead: 2, recentMinutes: [4, 4, 4, 4], openCounters: 1 })).toEqual({ minMinutes: 8, maxMinutes: 13 });
  });

  it('ignores junk durations and looks only at the 20 most recent', () => {
    expect(estimateWait({ ahead: 1, recentMinutes: [Number.NaN, -3, 0, Number.POSITIVE_INFINITY], openCounters: 1 })).toEqual(estimateWait({ ahead: 1, recentMinutes: [], openCounters: 1 }));
    const old = Array(30).fill(60);
    const recent = Array(20).fill(5);
    expect(estimateWait({ ahead: 1, recentMinutes: [...old, ...recent], openCounters: 1 })).toEqual({ minMinutes: 5, maxMinutes: 10 });
  });

  it('always gives a range with 0 ≤ min ≤ max that grows with the people ahead', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.array(fc.double({ min: 0.5, max: 120, noNaN: true }), { maxLength: 30 }), fc.nat(10), (ahead, recent, counters) => {
        const e = estimateWait({ ahead, recentMinutes: recent, openCounters: counters });
        expect(Number.isInteger(e.minMinutes) && Number.isInteger(e.maxMinutes)).toBe(true);
        expect(0 <= e.minMinutes && e.minMinutes <= e.maxMinutes).toBe(true);
        const more = estimateWait({ ahead: ahead + 1, recentMinutes: recent, openCounters: counters });
        expect(more.minMinutes).toBeGreaterThanOrEqual(e.minMinutes);
        expect(more.maxMinutes).toBeGreaterThanOrEqual(e.maxMinutes);
      }),
    );
  });
});
