/**
 * The phrasebook: reviewed-or-drafted sentences in every language of the catalogue, said by the clerk (German
 * original) or by the citizen (reaching the clerk as the German counterpart). Sentences may hold slots
 * (`{date}`, `{amount}` …) that are filled from pickers and rendered for each language with `Intl`.
 */
import type { LanguageCode } from '../languages.ts';
import type { PhraseDirectionT, ReviewT, SlotTypeT } from './schema.ts';
import { PHRASE_GROUP_IDS } from './schema.ts';

export { PHRASE_GROUP_IDS };
export type PhraseGroupId = (typeof PHRASE_GROUP_IDS)[number];

/** One text per language of the catalogue: the type makes a missing language a compile error. */
export type PhraseText = Record<LanguageCode, string>;

/** A translation's review status: drafted (by the team or a machine) until a named reviewer checked it. */
export type ReviewStatus = { status: 'drafted' } | ({ status: 'reviewed' } & ReviewT);

export interface Phrase {
  /** Stable kebab-case id, prefixed with the group id (e.g. 'documents-show-id'). Never shown. */
  id: string;
  group: PhraseGroupId;
  direction: PhraseDirectionT;
  /** Slot name → type (empty for a fixed sentence). */
  slots: Readonly<Record<string, SlotTypeT>>;
  /** `text.de` is the German original (formal "Sie"), always there; `de-simple` is Leichte Sprache. An office phrase may
   * lack languages until its translations come back; the shipped set has all of them (tested). */
  text: Partial<PhraseText> & { de: string };
  /** Reviews by language; a language without one is drafted. */
  reviews: Partial<Record<LanguageCode, ReviewT>>;
  quick?: boolean;
  alert?: 'interpreter';
  /** Shipped with Lotse, or added/changed by this office (stored in its database). */
  origin: 'shipped' | 'office';
}

export interface PhraseGroup {
  id: PhraseGroupId;
  /** Group title in every language; `title.de` is what the clerk sees. */
  title: PhraseText;
}
