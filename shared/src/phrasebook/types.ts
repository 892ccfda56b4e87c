/**
 * The clerk's reviewed phrasebook: short, fixed sentences a Bürgeramt clerk can show or play to a
 * citizen in the citizen's language, without going through live translation.
 */
import type { LanguageCode } from '../languages.ts';

/** Situations the phrasebook is grouped by, in the order a visit usually runs. */
export const PHRASE_GROUP_IDS = [
  'greeting',
  'waiting',
  'appointments',
  'documents',
  'photo',
  'signature',
  'fees',
] as const;

export type PhraseGroupId = (typeof PHRASE_GROUP_IDS)[number];

/** One text per language of the catalogue: the type makes a missing language a compile error. */
export type PhraseText = Record<LanguageCode, string>;

export interface Phrase {
  /** Stable kebab-case id, prefixed with the group id (e.g. 'documents-show-id'). Never shown. */
  id: string;
  group: PhraseGroupId;
  /** `text.de` is the clerk's German original (formal "Sie"); `text['de-simple']` is Leichte Sprache. */
  text: PhraseText;
}

export interface PhraseGroup {
  id: PhraseGroupId;
  /** Group title in every language; `title.de` is what the clerk sees. */
  title: PhraseText;
}
