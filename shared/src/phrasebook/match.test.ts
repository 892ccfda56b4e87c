import { describe, expect, it } from 'vitest';
import { CLERK_PHRASES, buildPhraseIndex, editDistance, parseTypedSlots } from './index.ts';

const index = buildPhraseIndex(CLERK_PHRASES);
const today = new Date(2026, 11, 2, 9, 0); // a Wednesday
const top = (typed: string) => index.suggest(typed, { today })[0];

describe('German slot values in typed text', () => {
  it('finds weekday (as the coming date too), date, time, amount and weeks', () => {
    expect(parseTypedSlots('Kommen Sie bitte am Dienstag um 10:30 wieder', today)).toEqual({
      values: { weekday: 2, date: '2026-12-08', time: '10:30' }, rest: 'Kommen Sie bitte am um wieder',
    });
    expect(parseTypedSlots('am 3.1. um 9 Uhr', today).values).toEqual({ date: '2027-01-03', time: '09:00' });
    expect(parseTypedSlots('am 24.12.2026', today).values).toEqual({ date: '2026-12-24' });
    expect(parseTypedSlots('Die Gebühr ist 37,50 €', today).values).toEqual({ amount: 3750 });
    expect(parseTypedSlots('kostet 13 Euro', today).values).toEqual({ amount: 1300 });
    expect(parseTypedSlots('fertig in drei Wochen', today).values).toEqual({ weeks: 3 });
    expect(parseTypedSlots('am 31.2.', today).values).toEqual({});
    expect(parseTypedSlots('morgen', today).values).toEqual({ date: '2026-12-03' });
  });
});

describe('phrase suggestions while typing', () => {
  it('the e2e sentence: the come-back phrase, its date and time filled', () => {
    const s = top('Kommen Sie bitte am Dienstag um 10:30 wieder');
    expect(s.phrase.id).toBe('appointments-come-back');
    expect(s.slots).toEqual({ date: '2026-12-08', time: '10:30' });
    expect(s.complete).toBe(true);
  });

  it('tolerates typos and reordered words', () => {
    expect(top('Bite untershreiben Sie hier').phrase.id).toBe('signature-sign-here');
    expect(top('hier unterschreiben bitte').phrase.id).toBe('signature-sign-here');
    expect(top('Personalausweis zeigen Reisepass').phrase.id).toBe('documents-show-id');
    expect(top('Gebür beträgt 37 €').phrase.id).toBe('fees-amount');
    expect(top('Gebür beträgt 37 €').slots).toEqual({ amount: 3700 });
    expect(top('wieder kommen um 10:30 am Freitag bitte').phrase.id).toBe('appointments-come-back');
  });

  it('suggests while a word is still being typed, and nothing for unrelated text', () => {
    expect(index.suggest('Bitte unterschr', { today }).map((s) => s.phrase.id)).toContain('signature-sign-here');
    expect(index.suggest('xyzzy qwrtz', { today })).toEqual([]);
    expect(index.suggest('', { today })).toEqual([]);
  });

  it('orders phrases that fit equally by this office’s use for the service', () => {
    const plain = index.suggest('Termin', { today, limit: 10 }).map((s) => s.phrase.id);
    expect(plain.length).toBeGreaterThan(1);
    const last = plain.at(-1)!;
    const used = index.suggest('Termin', { today, limit: 10, uses: { [last]: 50 } }).map((s) => s.phrase.id);
    expect(used.indexOf(last)).toBeLessThan(plain.indexOf(last));
  });

  it('edit distance counts a swap of neighbours as one', () => {
    expect(editDistance('bitte', 'bitte', 2)).toBe(0);
    expect(editDistance('bitte', 'btite', 2)).toBe(1);
    expect(editDistance('termin', 'termine', 2)).toBe(1);
    expect(editDistance('abc', 'xyzabc', 2)).toBe(3);
  });
});
