import { DomainError } from '../protocol/errors.ts';
import { findLanguage, type LanguageCode } from '../languages.ts';
import type { SlotTypeT, SlotValuesT } from './schema.ts';
import type { Phrase } from './types.ts';
import { checkSlotValues } from './slotValues.ts';

/** Names the reviewed service texts give; the counter's name as the office wrote it. */
export interface RenderContext {
  /** Item `item` of the what-to-bring list of `service`, in `lang` (services.json). */
  documentName?: (service: string, item: number, lang: LanguageCode) => string | undefined;
  counterName?: (counterId: string) => string | undefined;
}

/**
 * The `Intl` locale for a catalogue language: Gregorian calendar and 24-hour clock everywhere (dates in a German
 * office), and the digits the language writes (Arabic-Indic for Arabic, Persian for Farsi, Dari and Pashto).
 */
const BASE: Partial<Record<LanguageCode, { tag: string; nu?: string }>> = {
  'de-simple': { tag: 'de' }, en: { tag: 'en-GB' }, ar: { tag: 'ar', nu: 'arab' }, fa: { tag: 'fa', nu: 'arabext' },
  prs: { tag: 'fa-AF', nu: 'arabext' }, ps: { tag: 'ps', nu: 'arabext' }, kmr: { tag: 'ku' },
};
const LOCALES = new Map<LanguageCode, string>();
export function intlLocale(lang: LanguageCode): string {
  let tag = LOCALES.get(lang);
  if (!tag) {
    const base = BASE[lang] ?? { tag: lang };
    tag = new Intl.Locale(base.tag, { calendar: 'gregory', hourCycle: 'h23', ...(base.nu ? { numberingSystem: base.nu } : {}) }).toString();
    LOCALES.set(lang, tag);
  }
  return tag;
}

const utcDate = (iso: string) => new Date(`${iso}T12:00:00Z`);
/** Monday 2026-01-05 + (weekday - 1) days: a day that has that weekday. */
const weekdayDate = (weekday: number) => new Date(Date.UTC(2026, 0, 4 + weekday, 12));

/** One slot value as the language writes it. */
export function renderSlot(type: SlotTypeT, value: string | number, lang: LanguageCode, ctx: RenderContext = {}): string {
  const locale = intlLocale(lang);
  switch (type) {
    case 'date':
      return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utcDate(String(value)));
    case 'time': {
      const [h, m] = String(value).split(':').map(Number);
      return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 5, h, m)));
    }
    case 'weekday':
      return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(weekdayDate(Number(value)));
    case 'amount':
      return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(Number(value) / 100);
    case 'weeks':
      return new Intl.NumberFormat(locale, { style: 'unit', unit: 'week', unitDisplay: 'long' }).format(Number(value));
    case 'document': {
      const [service, item] = String(value).split(':');
      const name = ctx.documentName?.(service, Number(item), lang);
      if (!name) throw new DomainError('BAD_REQUEST', `no document ${String(value)} in ${lang}`);
      return name;
    }
    case 'counter': {
      const name = ctx.counterName?.(String(value));
      if (!name) throw new DomainError('BAD_REQUEST', `no counter ${String(value)}`);
      // The office's own name ("Platz 3"), as on the sign above the desk; digits as the language writes them.
      return name.replace(/\d+/g, (d) => new Intl.NumberFormat(locale, { useGrouping: false }).format(Number(d)));
    }
  }
}

const FSI = '\u2068';
const PDI = '\u2069';
const MARKER = /\{([a-zA-Z0-9]+)\}/g;

/**
 * The phrase in `lang` with every slot filled. In right-to-left languages each value is isolated (FSI…PDI), so a
 * euro sign or a counter's Latin name cannot turn the sentence around. Throws BAD_REQUEST for a missing
 * language, a wrong or missing value, or a marker that would be left in the sentence.
 */
export function renderPhrase(phrase: Phrase, lang: LanguageCode, values: SlotValuesT = {}, ctx: RenderContext = {}): string {
  const text = phrase.text[lang];
  if (text === undefined) throw new DomainError('BAD_REQUEST', `phrase ${phrase.id} has no ${lang} text yet`);
  checkSlotValues(phrase.slots, values);
  const rtl = findLanguage(lang)?.dir === 'rtl';
  const out = text.replace(MARKER, (whole, name: string) => {
    const type = phrase.slots[name];
    if (!type || values[name] === undefined) return whole;
    const rendered = renderSlot(type, values[name], lang, ctx);
    return rtl ? `${FSI}${rendered}${PDI}` : rendered;
  });
  if (/[{}]/.test(out)) throw new DomainError('BAD_REQUEST', `phrase ${phrase.id} (${lang}) leaves a slot marker: ${out}`);
  return out;
}

/** The slot names a text uses, in order (for the checks of a phrase's languages). */
export function markersOf(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[1]);
}
