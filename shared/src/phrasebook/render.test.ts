import { describe, expect, it } from 'vitest';
import { DomainError } from '../protocol/errors.ts';
import { findPhrase, renderPhrase, renderSlot, type RenderContext } from './index.ts';

const comeBack = findPhrase('appointments-come-back')!;
const values = { date: '2026-12-08', time: '10:30' };
const ctx: RenderContext = {
  documentName: (service, item, lang) => (service === 'anmeldung' && item === 1 ? { de: 'Wohnungsgeberbestätigung vom Vermieter', ar: 'تأكيد المؤجر' }[lang as 'de'] : undefined),
  counterName: (id) => (id === 'platz-3' ? 'Platz 3' : undefined),
};
const ARABIC_INDIC = /[\u0660-\u0669]/;
const PERSIAN = /[\u06F0-\u06F9]/;
const LATIN_DIGIT = /[0-9]/;
const isolates = (s: string) => s.replace(/[\u2068\u2069]/g, '');

describe('slot rendering', () => {
  it('German: weekday, date and 24-hour time as a German office writes them', () => {
    expect(renderPhrase(comeBack, 'de', values)).toBe('Kommen Sie bitte am Dienstag, 8. Dezember 2026 um 10:30 Uhr wieder.');
    expect(renderPhrase(findPhrase('fees-amount')!, 'de', { amount: 3700 })).toBe('Die Gebühr beträgt 37,00\u00a0€.');
    expect(renderPhrase(findPhrase('processing-ready-in-weeks')!, 'de', { weeks: 3 })).toBe('Ihr Dokument ist in etwa 3 Wochen fertig.');
    expect(renderPhrase(findPhrase('appointments-closed-on')!, 'de', { weekday: 3 })).toBe('Am Mittwoch haben wir geschlossen.');
    expect(renderPhrase(findPhrase('waiting-go-to-counter')!, 'de', { counter: 'platz-3' }, ctx)).toBe('Bitte gehen Sie zu: Platz 3.');
    expect(renderPhrase(findPhrase('documents-missing-item')!, 'de', { document: 'anmeldung:1' }, ctx)).toBe('Es fehlt noch: Wohnungsgeberbestätigung vom Vermieter.');
  });

  it('Arabic: Arabic-Indic digits, Gregorian months, each value isolated for right-to-left', () => {
    const ar = renderPhrase(comeBack, 'ar', values);
    expect(ar).toContain('الثلاثاء');
    expect(ar).toContain('ديسمبر');
    expect(ar).toContain('١٠:٣٠');
    expect(ar).toMatch(ARABIC_INDIC);
    expect(ar).not.toMatch(LATIN_DIGIT);
    expect(ar).toMatch(/\u2068[^\u2069]+\u2069/);
    expect(isolates(renderPhrase(findPhrase('fees-amount')!, 'ar', { amount: 3700 }))).toContain('٣٧٫٠٠');
    expect(renderPhrase(findPhrase('waiting-go-to-counter')!, 'ar', { counter: 'platz-3' }, ctx)).toContain('\u2068Platz ٣\u2069');
  });

  it('Farsi: Persian digits and the Gregorian calendar (an appointment in Germany), not the Solar Hijri one', () => {
    const fa = renderPhrase(comeBack, 'fa', values);
    expect(fa).toMatch(PERSIAN);
    expect(fa).not.toMatch(LATIN_DIGIT);
    expect(fa).toContain('دسامبر');
    expect(fa).toContain('۲۰۲۶');
    expect(fa).toContain('۱۰:۳۰');
  });

  it('Ukrainian, Turkish and Tigrinya: their own month and weekday names, Latin digits', () => {
    const uk = renderPhrase(comeBack, 'uk', values);
    expect(uk).toContain('вівторок');
    expect(uk).toContain('грудня');
    expect(uk).toContain('10:30');
    const tr = renderPhrase(comeBack, 'tr', values);
    expect(tr).toContain('Aralık');
    expect(tr).toContain('Salı');
    const ti = renderPhrase(comeBack, 'ti', values);
    expect(ti).toContain('ታሕሳስ');
    expect(ti).toContain('10:30');
    expect(renderSlot('weeks', 3, 'uk')).toBe('3 тижні');
    expect(renderSlot('amount', 3700, 'tr')).toMatch(/37,00/);
  });

  it('leaves no slot marker in any language, and refuses wrong or missing values', () => {
    for (const lang of ['de', 'de-simple', 'ar', 'fa', 'prs', 'ps', 'uk', 'tr', 'ti', 'kmr', 'vi'] as const) {
      expect(renderPhrase(comeBack, lang, values)).not.toMatch(/[{}]/);
    }
    expect(() => renderPhrase(comeBack, 'de', { date: '2026-12-08' })).toThrow(DomainError);
    expect(() => renderPhrase(comeBack, 'de', { date: '2026-02-30', time: '10:30' })).toThrow(/date/);
    expect(() => renderPhrase(comeBack, 'de', { ...values, extra: 1 })).toThrow(/no slot extra/);
    expect(() => renderPhrase(comeBack, 'de', { date: '2026-12-08', time: '25:00' })).toThrow(/time/);
    expect(() => renderPhrase(findPhrase('waiting-go-to-counter')!, 'de', { counter: 'platz-9' }, ctx)).toThrow(/counter/);
    // A text whose marker names no slot would leave it in the sentence: refused, never shown.
    expect(() => renderPhrase({ ...comeBack, text: { ...comeBack.text, de: 'Am {datum}.' } }, 'de', values)).toThrow(/marker/);
  });
});
