import { describe, expect, it } from 'vitest';
import { PHRASEBOOK, phrasesToXliff, toRecord, unitsFromXliff } from './index.ts';

describe('phrasebook XLIFF 1.2', () => {
  it('round-trips the Arabic texts, drafted ones without a review, reviewed ones with reviewer and date', () => {
    const records = PHRASEBOOK.slice(0, 20).map(toRecord);
    records[3] = { ...records[3], reviews: { ar: { reviewer: 'L. Haddad & Partner', date: '2026-12-01' } } };
    const xml = phrasesToXliff(records, 'ar');
    expect(xml).toContain('target-language="ar"');
    expect(xml).toContain('state="translated"');
    expect(xml).toContain('state="final"');
    const { target, units } = unitsFromXliff(xml);
    expect(target).toBe('ar');
    expect(units.map((u) => u.id)).toEqual(records.map((r) => r.id));
    expect(units.map((u) => u.text)).toEqual(records.map((r) => r.text.ar));
    expect(units[3].review).toEqual({ reviewer: 'L. Haddad & Partner', date: '2026-12-01' });
    expect(units.filter((u) => u.review)).toHaveLength(1);
  });

  it('refuses a file that is no XLIFF', () => {
    expect(() => unitsFromXliff('<html></html>')).toThrow(/XLIFF/);
  });
});
