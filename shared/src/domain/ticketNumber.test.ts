import { describe, expect, it } from 'vitest';
import { formatTicketNumber, officeDay } from './ticketNumber.ts';

describe('formatTicketNumber', () => {
  it.each([
    ['A', 1, 'A-001'],
    ['A', 17, 'A-017'],
    ['F', 999, 'F-999'],
    ['Z', 1000, 'Z-1000'],
    ['B', 12345, 'B-12345'],
  ])('%s + %i → %s', (letter, seq, expected) => {
    expect(formatTicketNumber(letter, seq)).toBe(expected);
  });

  it.each([['a'], [''], ['AB'], ['Ä'], ['1'], ['-']])('rejects the letter %j', (letter) => {
    expect(() => formatTicketNumber(letter, 1)).toThrow(RangeError);
  });

  it.each([[0], [-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects the sequence %d', (seq) => {
    expect(() => formatTicketNumber('A', seq)).toThrow(RangeError);
  });
});

describe('officeDay (numbering restarts each office day)', () => {
  it('uses Berlin time in winter (UTC+1): 23:00Z is already tomorrow', () => {
    expect(officeDay(new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(officeDay(new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
  });

  it('uses Berlin time in summer (UTC+2): 22:00Z is already tomorrow', () => {
    expect(officeDay(new Date('2026-07-01T21:59:59.999Z'))).toBe('2026-07-01');
    expect(officeDay(new Date('2026-07-01T22:00:00.000Z'))).toBe('2026-07-02');
  });

  it('handles the daylight-saving switch days and the year boundary', () => {
    // 29 March 2026: clocks go 02:00 → 03:00 CET→CEST; the day still starts at 23:00Z the evening before.
    expect(officeDay(new Date('2026-03-28T22:59:59Z'))).toBe('2026-03-28');
    expect(officeDay(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(officeDay(new Date('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(officeDay(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    // 25 October 2026: back to CET; that day has 25 hours.
    expect(officeDay(new Date('2026-10-24T21:59:59Z'))).toBe('2026-10-24');
    expect(officeDay(new Date('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(officeDay(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(officeDay(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
    expect(officeDay(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(officeDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('honours another time zone', () => {
    const at = new Date('2026-05-10T02:30:00Z');
    expect(officeDay(at, 'UTC')).toBe('2026-05-10');
    expect(officeDay(at, 'America/New_York')).toBe('2026-05-09');
    expect(officeDay(at, 'Asia/Tokyo')).toBe('2026-05-10');
  });

  it('always yields zero-padded YYYY-MM-DD', () => {
    expect(officeDay(new Date('2026-02-03T09:00:00Z'))).toBe('2026-02-03');
    expect(officeDay(new Date('2030-09-09T09:00:00Z'), 'UTC')).toBe('2030-09-09');
  });
});
