import { Value } from '@sinclair/typebox/value';
import { LANGUAGE_CODES, type LanguageCode } from '../languages.ts';
import { PHRASE_GROUP_IDS, PhraseMetaFile, PhraseTextsFile, ReviewsFile, type OfficePhrasebookT, type PhraseMetaT, type PhraseRecordT } from './schema.ts';
import type { Phrase, PhraseGroup, PhraseText } from './types.ts';

export interface LanguageTexts {
  groups: Record<string, string>;
  phrases: Record<string, string>;
}
export type TextsByLanguage = Partial<Record<LanguageCode, LanguageTexts>>;

function checked<T>(schema: Parameters<typeof Value.Check>[0], value: unknown, what: string): T {
  if (Value.Check(schema, value)) return value as T;
  const first = [...Value.Errors(schema, value)][0];
  throw new Error(`phrasebook ${what}: ${first ? `${first.path} ${first.message}` : 'invalid'}`);
}

export function phraseFromMeta(m: PhraseMetaT, text: Phrase['text'], reviews: Phrase['reviews'], origin: Phrase['origin']): Phrase {
  return {
    id: m.id, group: m.group, direction: m.direction, slots: m.slots ?? {}, text, reviews, origin,
    ...(m.quick ? { quick: true } : {}), ...(m.alert ? { alert: m.alert } : {}),
  };
}

/**
 * Builds the phrasebook from its data files, checking each against the schema (a broken file fails loudly at
 * start, never half-loaded). A phrase without German is an error; other missing languages are left out (the
 * tests demand every language of the shipped set).
 */
export function buildPhrasebook(metaFile: unknown, texts: Record<string, unknown>, reviewsFile: unknown): { phrases: Phrase[]; groups: PhraseGroup[] } {
  const meta = checked<{ phrases: PhraseMetaT[] }>(PhraseMetaFile, metaFile, 'phrases.json');
  const reviews = checked<Partial<Record<LanguageCode, Record<string, { reviewer: string; date: string }>>>>(ReviewsFile, reviewsFile, 'reviews.json');
  const byLang = new Map<LanguageCode, LanguageTexts>();
  for (const code of LANGUAGE_CODES) {
    if (texts[code] !== undefined) byLang.set(code, checked<LanguageTexts>(PhraseTextsFile, texts[code], `texts/${code}.json`));
  }
  const pick = (get: (t: LanguageTexts) => string | undefined) => {
    const out: Partial<PhraseText> = {};
    for (const [code, t] of byLang) {
      const s = get(t);
      if (s !== undefined) out[code] = s;
    }
    return out;
  };
  const phrases = meta.phrases.map((m) => {
    const text = pick((t) => t.phrases[m.id]);
    if (!text.de) throw new Error(`phrasebook: ${m.id} has no German text`);
    const own: Phrase['reviews'] = {};
    for (const code of LANGUAGE_CODES) if (reviews[code]?.[m.id]) own[code] = reviews[code]![m.id];
    return phraseFromMeta(m, text as Phrase['text'], own, 'shipped');
  });
  const groups = PHRASE_GROUP_IDS.map((id) => ({ id, title: pick((t) => t.groups[id]) as PhraseText }));
  return { phrases, groups };
}

/** The phrase as the wire and the database carry it. */
export function toRecord(p: Phrase): PhraseRecordT {
  return {
    id: p.id, group: p.group, direction: p.direction, ...(Object.keys(p.slots).length ? { slots: { ...p.slots } } : {}),
    ...(p.quick ? { quick: true } : {}), ...(p.alert ? { alert: p.alert } : {}), text: { ...p.text } as PhraseRecordT['text'], reviews: { ...p.reviews },
  };
}

export function fromRecord(r: PhraseRecordT, origin: Phrase['origin'] = 'office'): Phrase {
  return phraseFromMeta(r, r.text as Phrase['text'], r.reviews as Phrase['reviews'], origin);
}

/** The office's phrasebook: shipped phrases, those the office changed replaced in place, its own added, hidden ones left out. */
export function mergeOffice(shipped: readonly Phrase[], office: Pick<OfficePhrasebookT, 'phrases' | 'hidden'>): Phrase[] {
  const own = new Map(office.phrases.map((r) => [r.id, fromRecord(r)]));
  const hidden = new Set(office.hidden);
  const merged = shipped.filter((p) => !hidden.has(p.id)).map((p) => own.get(p.id) ?? p);
  const shippedIds = new Set(shipped.map((p) => p.id));
  return [...merged, ...[...own.values()].filter((p) => !shippedIds.has(p.id) && !hidden.has(p.id))];
}
