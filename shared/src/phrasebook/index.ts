/**
 * The clerk's phrasebook: fixed sentences with a translation in every language of the catalogue.
 *
 *   import { PHRASEBOOK, PHRASE_GROUPS, findPhrase, phraseText } from '../phrasebook/index.ts';
 *   phraseText('documents-show-id', 'tr'); // 'Lütfen kimlik kartınızı veya pasaportunuzu gösterin.'
 */
import type { LanguageCode } from '../languages.ts';
import type { Phrase, PhraseGroup, PhraseGroupId } from './types.ts';
import { PHRASE_GROUPS } from './groups.ts';
import { GREETING_PHRASES } from './greeting.ts';
import { WAITING_PHRASES } from './waiting.ts';
import { APPOINTMENTS_PHRASES } from './appointments.ts';
import { DOCUMENTS_PHRASES } from './documents.ts';
import { PHOTO_PHRASES } from './photo.ts';
import { SIGNATURE_PHRASES } from './signature.ts';
import { FEES_PHRASES } from './fees.ts';

export type { Phrase, PhraseGroup, PhraseGroupId, PhraseText } from './types.ts';
export { PHRASE_GROUP_IDS } from './types.ts';
export { PHRASE_GROUPS };

/** All phrases, grouped in display order (greeting, waiting, appointments, documents, photo, signature, fees). */
export const PHRASEBOOK: readonly Phrase[] = [
  ...GREETING_PHRASES,
  ...WAITING_PHRASES,
  ...APPOINTMENTS_PHRASES,
  ...DOCUMENTS_PHRASES,
  ...PHOTO_PHRASES,
  ...SIGNATURE_PHRASES,
  ...FEES_PHRASES,
];

const BY_ID: ReadonlyMap<string, Phrase> = new Map(PHRASEBOOK.map((p) => [p.id, p]));

export function findPhrase(id: string): Phrase | undefined {
  return BY_ID.get(id);
}

/** The phrase in `lang`, or undefined when there is no phrase with this id. */
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
