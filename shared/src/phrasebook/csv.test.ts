import { describe, expect, it } from 'vitest';
import { PHRASEBOOK, phrasesFromCsv, phrasesToCsv, toRecord } from './index.ts';

describe('phrasebook CSV for a translation agency', () => {
  it('round-trips every shipped phrase, every language, quotes and commas included', () => {
    const records = PHRASEBOOK.map(toRecord);
    const back = phrasesFromCsv(phrasesToCsv(records));
    expect(back.errors).toEqual([]);
    expect(back.records).toEqual(records);
  });

  it('takes a review back with its reviewer and date', () => {
    const rec = { ...toRecord(PHRASEBOOK.find((p) => p.id === 'fees-amount')!) };
    rec.reviews = { ar: { reviewer: 'Übersetzungsbüro Nord, L. Haddad', date: '2026-12-01' } };
    const back = phrasesFromCsv(phrasesToCsv([rec]));
    expect(back.records[0].reviews).toEqual({ ar: { reviewer: 'Übersetzungsbüro Nord, L. Haddad', date: '2026-12-01' } });
  });

  it('names each bad row by its line and stores nothing of a bad file', () => {
    const good = phrasesToCsv([toRecord(PHRASEBOOK[0])]).trim();
    const lines = good.split('\r\n');
    const badSlot = lines[1].replace(`"${PHRASEBOOK[0].text.de}"`, '"Am {datum} bitte."');
    const result = phrasesFromCsv([lines[0], lines[1], badSlot].join('\n'));
    expect(result.errors.some((e) => e.line === 3 && /twice|datum/.test(e.message))).toBe(true);
    expect(phrasesFromCsv('id,group\n"x","y"').errors).toEqual([{ line: 1, message: 'column "direction" is missing' }, { line: 1, message: 'column "de" is missing' }]);
    const reviewed = { ...toRecord(PHRASEBOOK[0]), reviews: { ar: { reviewer: 'Frau X', date: '2026-12-01' } } };
    const withoutDate = phrasesToCsv([reviewed]).replace('"2026-12-01"', '""');
    expect(phrasesFromCsv(withoutDate).errors).toEqual([{ line: 2, message: 'ar: a review needs a reviewer and a date (YYYY-MM-DD)' }]);
  });
});
