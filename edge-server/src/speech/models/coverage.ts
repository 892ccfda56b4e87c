// Which model families serve each kiosk language, under which licence, and what is installed here today.
// `npm run models -- list` and the admin page (GET /api/v1/engines/coverage) read the same table.
import { LANGUAGE_CODES, type LanguageCode, type LanguageCoverageT, type ModelFamilyT } from '@lotse/shared';
import { baseLanguage } from '../types.ts';

/** Every kiosk language but German itself: the other side of each conversation. */
export const PARTNER_LANGUAGES: LanguageCode[] = LANGUAGE_CODES.filter((l) => l !== 'de');

const ALL_BUT_GERMAN = PARTNER_LANGUAGES.filter((l) => l !== 'de-simple');

/**
 * Model families an office can install. Licences as published by the model's authors; `allows` is what that means
 * for a public office (not legal advice: the office's legal team decides).
 */
export const MODEL_FAMILIES: readonly ModelFamilyT[] = [
  {
    id: 'whisper',
    kind: 'asr',
    name: 'Whisper (OpenAI) via whisper.cpp',
    licence: 'MIT',
    allows: 'any use, including in public administration; keep the copyright notice',
    size: '75 MiB (tiny) – 466 MiB (small, recommended)',
    catalogueIds: ['whisper-small', 'whisper-base', 'whisper-tiny'],
    // Dari is recognised as Persian (same written language); Leichte Sprache as German.
    languages: ['de', 'de-simple', 'en', 'tr', 'ar', 'uk', 'ru', 'pl', 'ro', 'bg', 'fa', 'prs', 'ps', 'fr', 'es', 'it', 'vi', 'sq'],
  },
  {
    id: 'opus-mt',
    kind: 'mt',
    name: 'OPUS-MT (Helsinki-NLP), ONNX by Xenova',
    licence: 'CC-BY-4.0',
    allows: 'any use, including in public administration; name the authors (attribution)',
    size: 'about 110 MB per direction (quantized)',
    catalogueIds: ['opus-mt-de-en', 'opus-mt-es-en'],
    // Catalogued with German: de→en only (es→en serves the pivot). Other pairs exist upstream, not pinned here yet.
    languages: ['en'],
  },
  {
    id: 'nllb-200',
    kind: 'mt',
    name: 'NLLB-200 distilled 600M (Meta), ONNX by Xenova',
    licence: 'CC-BY-NC-4.0',
    allows: 'non-commercial use only: an office must have its legal team confirm that its use is non-commercial',
    size: 'about 1 GB (quantized), 2.4 GB (fp32)',
    catalogueIds: ['nllb-200-distilled-600M'],
    languages: ALL_BUT_GERMAN,
  },
  {
    id: 'm2m100',
    kind: 'mt',
    name: 'M2M100 418M (Meta), ONNX by Xenova',
    licence: 'MIT',
    allows: 'any use, including in public administration; keep the copyright notice',
    size: 'about 0.5 GB (quantized), 1.9 GB (fp32)',
    catalogueIds: ['m2m100_418M'],
    // No Tigrinya, Kurmanji or Dari among its 100 languages.
    languages: ['en', 'tr', 'ar', 'uk', 'ru', 'pl', 'ro', 'bg', 'fa', 'ps', 'fr', 'es', 'it', 'vi', 'sq'],
  },
  {
    id: 'madlad-400',
    kind: 'mt',
    name: 'MADLAD-400 3B (Google)',
    licence: 'Apache-2.0',
    allows: 'any use, including in public administration; keep the licence notice',
    size: 'about 12 GB (fp32); too large for a counter box, not in the catalogue',
    catalogueIds: [],
    languages: [],
  },
];

/** Why a language has no recognition engine at all (none of the catalogued families covers it). */
export const NO_RECOGNITION_REASON: Partial<Record<LanguageCode, string>> = {
  ti: 'Whisper has no Tigrinya; Meta MMS does (CC-BY-NC 4.0, no ONNX export that runs here yet): see docs/speech.md',
  kmr: 'Whisper has no Kurdish; Meta MMS has Kurmanji (CC-BY-NC 4.0, no ONNX export that runs here yet): see docs/speech.md',
};

/** What is installed here, as the engine registry sees it. */
export interface InstalledEngines {
  recognizerFor(language: LanguageCode): { id: string } | undefined;
  translatorFor(from: LanguageCode, to: LanguageCode): { id: string } | undefined;
}

const families = (kind: 'asr' | 'mt', language: LanguageCode) =>
  MODEL_FAMILIES.filter((f) => f.kind === kind && f.languages.includes(language)).map((f) => f.id);

/** One row per kiosk language other than German: recognition, translation each way, and the families that would serve it. */
export function languageCoverage(installed: InstalledEngines | undefined): LanguageCoverageT[] {
  return PARTNER_LANGUAGES.map((language) => {
    const sameLanguage = baseLanguage(language) === 'de';
    const direction = (from: LanguageCode, to: LanguageCode) => {
      if (sameLanguage) return { engine: null, viaEnglish: false, note: 'same language (phrasebook)' };
      const t = installed?.translatorFor(from, to);
      return { engine: t?.id ?? null, viaEnglish: t?.id.endsWith('via English') ?? false, note: t ? '' : 'not available' };
    };
    const recognizer = installed?.recognizerFor(language);
    return {
      language,
      recognition: {
        engine: recognizer?.id ?? null,
        families: families('asr', language),
        note: recognizer ? '' : (NO_RECOGNITION_REASON[language] ?? 'not available: install whisper-small'),
      },
      toGerman: direction(language, 'de'),
      fromGerman: direction('de', language),
      translationFamilies: sameLanguage ? [] : families('mt', language),
    };
  });
}

/** Live translation works for a language when both directions with German are served (recognition may be missing). */
export function liveTranslationAvailable(installed: InstalledEngines | undefined, language: LanguageCode): boolean {
  if (baseLanguage(language) === 'de') return true;
  return !!installed?.translatorFor(language, 'de') && !!installed.translatorFor('de', language);
}
