import { describe, expect, it } from 'vitest';
import { pickByLanguage, preferableLanguages, type Candidate } from './languagePick.ts';

const at = (min: number) => new Date(Date.UTC(2026, 2, 10, 8, min)).toISOString();
const ticket = (language: string, checkedInMin: number): Candidate => ({ language, priority_at: at(checkedInMin) });
const now = (min: number) => new Date(at(min));

describe('call-next preferring the clerk’s languages, within the fairness bound', () => {
  const arabic = preferableLanguages(['de', 'ar']);

  it('calls the oldest ticket in a language the clerk speaks while the head has waited less than N minutes', () => {
    const queue = [ticket('de', 0), ticket('uk', 1), ticket('ar', 2), ticket('ar', 3)];
    expect(pickByLanguage(queue, arabic, now(9), 10)).toBe(2);
  });

  it('never overtakes a ticket that has waited N minutes: plain order from then on', () => {
    const queue = [ticket('de', 0), ticket('ar', 2)];
    expect(pickByLanguage(queue, arabic, now(10), 10)).toBe(0);
    expect(pickByLanguage(queue, arabic, now(9), 10)).toBe(1);
  });

  it('bounds the head’s extra wait: overtaken only before it has waited N minutes, however many speakers come', () => {
    // One clerk, 3-minute visits, an Arabic ticket arriving every minute: the German head is overtaken until it
    // has waited 10 minutes, then called; in plain order it would have been called at once.
    const queue: Candidate[] = [ticket('de', 0)];
    for (let m = 1; m <= 30; m++) queue.push(ticket('ar', m));
    let clock = 0;
    while (queue.length) {
      const i = pickByLanguage(queue, arabic, now(clock), 10);
      const [called] = queue.splice(i, 1);
      if (called.language === 'de') break;
      clock += 3;
    }
    expect(clock).toBeGreaterThanOrEqual(10);
    expect(clock).toBeLessThanOrEqual(10 + 3);
  });

  it('German is no preference (every clerk speaks it); no languages or no match: plain order', () => {
    expect(preferableLanguages(['de', 'de-simple']).size).toBe(0);
    expect(pickByLanguage([ticket('uk', 0), ticket('de', 1)], preferableLanguages(['de']), now(1), 10)).toBe(0);
    expect(pickByLanguage([ticket('uk', 0), ticket('tr', 1)], arabic, now(1), 10)).toBe(0);
    expect(pickByLanguage([], arabic, now(1), 10)).toBe(-1);
    expect(pickByLanguage([ticket('de', 0), ticket('ar', 1)], arabic, now(1), 0)).toBe(0);
  });
});
