/**
 * The shipped phrasebook, read from `data/` (meta, one text file per language, reviews), and the functions both
 * apps and the server use on it.
 *
 *   import { findPhrase, renderPhrase } from '@lotse/shared/phrasebook';
 *   renderPhrase(findPhrase('appointments-come-back')!, 'ar', { date: '2026-12-08', time: '10:30' });
 */
import type { LanguageCode } from '../languages.ts';
import type { Phrase, PhraseGroup, PhraseGroupId, ReviewStatus } from './types.ts';
import { buildPhrasebook, type TextsByLanguage } from './build.ts';
import meta from './data/phrases.json';
import reviews from './data/reviews.json';
import de from './data/texts/de.json';
import deSimple from './data/texts/de-simple.json';
import en from './data/texts/en.json';
import tr from './data/texts/tr.json';
import ar from './data/texts/ar.json';
import uk from './data/texts/uk.json';
import ru from './data/texts/ru.json';
import pl from './data/texts/pl.json';
import ro from './data/texts/ro.json';
import bg from './data/texts/bg.json';
import fa from './data/texts/fa.json';
import prs from './data/texts/prs.json';
import ps from './data/texts/ps.json';
import kmr from './data/texts/kmr.json';
import ti from './data/texts/ti.json';
import fr from './data/texts/fr.json';
import es from './data/texts/es.json';
import it from './data/texts/it.json';
import vi from './data/texts/vi.json';
import sq from './data/texts/sq.json';

export type { Phrase, PhraseGroup, PhraseGroupId, PhraseText, ReviewStatus } from './types.ts';
export { PHRASE_GROUP_IDS } from './types.ts';
export * from './schema.ts';
export { buildPhrasebook, fromRecord, mergeOffice, toRecord, type TextsByLanguage } from './build.ts';
export { markersOf } from './render.ts';
export { phraseProblems } from './check.ts';
export { renderPhrase, renderSlot, intlLocale, type RenderContext } from './render.ts';
export { checkSlotValues, isSlotValue } from './slotValues.ts';

/** The shipped texts by language, as read from `data/texts/<lang>.json`. */
export const SHIPPED_TEXTS: TextsByLanguage = {
  de, 'de-simple': deSimple, en, tr, ar, uk, ru, pl, ro, bg, fa, prs, ps, kmr, ti, fr, es, it, vi, sq,
};
export const SHIPPED = buildPhrasebook(meta, SHIPPED_TEXTS, reviews);

/** Every shipped phrase, both directions, grouped in display order. */
export const PHRASEBOOK: readonly Phrase[] = SHIPPED.phrases;
export const PHRASE_GROUPS: readonly PhraseGroup[] = SHIPPED.groups;
export const CLERK_PHRASES: readonly Phrase[] = PHRASEBOOK.filter((p) => p.direction === 'clerk');
export const CITIZEN_PHRASES: readonly Phrase[] = PHRASEBOOK.filter((p) => p.direction === 'citizen');

const BY_ID: ReadonlyMap<string, Phrase> = new Map(PHRASEBOOK.map((p) => [p.id, p]));

export function findPhrase(id: string): Phrase | undefined {
  return BY_ID.get(id);
}

/** The phrase in `lang` (with its slot markers), or undefined when there is no phrase with this id. */
export function phraseText(id: string, lang: LanguageCode): string | undefined {
  return BY_ID.get(id)?.text[lang];
}

export function findPhraseGroup(id: string): PhraseGroup | undefined {
  return PHRASE_GROUPS.find((g) => g.id === id);
}

/** The phrases of one group, in display order. */
export function phrasesInGroup(group: PhraseGroupId): readonly Phrase[] {
  return PHRASEBOOK.filter((p) => p.group === group);
}

/**
 * Whether the translation in `lang` was reviewed. German is the original, so a German text counts as reviewed
 * only when the pair's other side is: callers ask for the citizen's language.
 */
export function reviewOf(phrase: Phrase, lang: LanguageCode): ReviewStatus {
  const review = phrase.reviews[lang];
  return review ? { status: 'reviewed', ...review } : { status: 'drafted' };
}
export { buildPhraseIndex, editDistance, foldGerman, type PhraseIndex, type Suggestion } from './match.ts';
export { parseTypedSlots, type TypedSlots } from './parse.ts';
export { CSV_COLUMNS, phrasesFromCsv, phrasesToCsv, type CsvImport } from './csv.ts';
export { phrasesToXliff, unitsFromXliff, type XliffUnit } from './xliff.ts';
