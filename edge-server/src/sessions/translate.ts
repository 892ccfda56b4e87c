import { PHRASEBOOK, reviewOf } from '@lotse/shared/phrasebook';
import type { LanguageCode, TranslationKindT } from '@lotse/shared';
import type { SpeechEngines } from '../speech/registry.ts';
import { baseLanguage } from '../speech/types.ts';

export interface Translated {
  translation: string | null;
  kind: TranslationKindT;
  engine: string | null;
  engineMs: number;
}

const normalise = (s: string) => s.trim().toLocaleLowerCase().replace(/\s+/g, ' ');

/**
 * Phrasebook first (reviewed), then a machine translator, else nothing — never a silent failure: the caller shows
 * the missing engine. Same base language (de ↔ Leichte Sprache) needs no engine. A phrase counts as reviewed only
 * when its translation was (the side that is not German); slotted phrases are said through `session:phrase`.
 */
export async function translateText(engines: SpeechEngines | undefined, text: string, from: LanguageCode, to: LanguageCode): Promise<Translated> {
  const typed = normalise(text);
  const phrase = PHRASEBOOK.find((p) => p.text[from] !== undefined && p.text[to] !== undefined && Object.keys(p.slots).length === 0 && normalise(p.text[from]) === typed);
  if (phrase && from !== to) {
    const kind = reviewOf(phrase, baseLanguage(to) === 'de' && to !== 'de-simple' ? from : to).status === 'reviewed' ? 'reviewed' : 'drafted';
    return { translation: phrase.text[to]!, kind, engine: 'phrasebook', engineMs: 0 };
  }
  if (baseLanguage(from) === baseLanguage(to)) return { translation: null, kind: 'none', engine: null, engineMs: 0 };
  const translator = engines?.translatorFor(from, to);
  if (!translator) return { translation: null, kind: 'none', engine: null, engineMs: 0 };
  const started = performance.now();
  try {
    const translation = await translator.translate(text, from, to);
    return { translation, kind: 'machine', engine: translator.id, engineMs: performance.now() - started };
  } catch {
    return { translation: null, kind: 'none', engine: translator.id, engineMs: performance.now() - started };
  }
}

export function canTranslate(engines: SpeechEngines | undefined, from: LanguageCode, to: LanguageCode): boolean {
  return baseLanguage(from) === baseLanguage(to) || !!engines?.translatorFor(from, to);
}
