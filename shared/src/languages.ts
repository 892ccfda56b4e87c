/** The language catalogue: every language the kiosk offers, by its own name and script. */
export type TextDirection = 'ltr' | 'rtl';

export interface Language {
  /** BCP 47 tag used in tickets, i18n resources and `lang` attributes. */
  code: string;
  /** The language's name in its own script: what a citizen looks for. */
  nativeName: string;
  /** German name, for the clerk's side. */
  germanName: string;
  dir: TextDirection;
  /** Writing system (ISO 15924), decides which font family the apps load. */
  script: 'Latn' | 'Arab' | 'Cyrl' | 'Ethi';
  /** espeak-ng voice, when espeak-ng has one for this language. */
  espeakVoice?: string;
  /** BCP 47 tag browsers use to find a speechSynthesis voice. */
  speechTag: string;
}

export const LANGUAGES = [
  { code: 'de', nativeName: 'Deutsch', germanName: 'Deutsch', dir: 'ltr', script: 'Latn', espeakVoice: 'de', speechTag: 'de-DE' },
  { code: 'de-simple', nativeName: 'Leichte Sprache', germanName: 'Leichte Sprache', dir: 'ltr', script: 'Latn', espeakVoice: 'de', speechTag: 'de-DE' },
  { code: 'en', nativeName: 'English', germanName: 'Englisch', dir: 'ltr', script: 'Latn', espeakVoice: 'en-gb', speechTag: 'en-GB' },
  { code: 'tr', nativeName: 'Türkçe', germanName: 'Türkisch', dir: 'ltr', script: 'Latn', espeakVoice: 'tr', speechTag: 'tr-TR' },
  { code: 'ar', nativeName: 'العربية', germanName: 'Arabisch', dir: 'rtl', script: 'Arab', espeakVoice: 'ar', speechTag: 'ar' },
  { code: 'uk', nativeName: 'Українська', germanName: 'Ukrainisch', dir: 'ltr', script: 'Cyrl', espeakVoice: 'uk', speechTag: 'uk-UA' },
  { code: 'ru', nativeName: 'Русский', germanName: 'Russisch', dir: 'ltr', script: 'Cyrl', espeakVoice: 'ru', speechTag: 'ru-RU' },
  { code: 'pl', nativeName: 'Polski', germanName: 'Polnisch', dir: 'ltr', script: 'Latn', espeakVoice: 'pl', speechTag: 'pl-PL' },
  { code: 'ro', nativeName: 'Română', germanName: 'Rumänisch', dir: 'ltr', script: 'Latn', espeakVoice: 'ro', speechTag: 'ro-RO' },
  { code: 'bg', nativeName: 'Български', germanName: 'Bulgarisch', dir: 'ltr', script: 'Cyrl', espeakVoice: 'bg', speechTag: 'bg-BG' },
  { code: 'fa', nativeName: 'فارسی', germanName: 'Persisch (Farsi)', dir: 'rtl', script: 'Arab', espeakVoice: 'fa', speechTag: 'fa-IR' },
  { code: 'prs', nativeName: 'دری', germanName: 'Dari', dir: 'rtl', script: 'Arab', espeakVoice: 'fa', speechTag: 'fa-AF' },
  { code: 'ps', nativeName: 'پښتو', germanName: 'Paschtu', dir: 'rtl', script: 'Arab', speechTag: 'ps-AF' },
  { code: 'kmr', nativeName: 'Kurmancî', germanName: 'Kurdisch (Kurmandschi)', dir: 'ltr', script: 'Latn', espeakVoice: 'ku', speechTag: 'ku' },
  { code: 'ti', nativeName: 'ትግርኛ', germanName: 'Tigrinya', dir: 'ltr', script: 'Ethi', speechTag: 'ti-ER' },
  { code: 'fr', nativeName: 'Français', germanName: 'Französisch', dir: 'ltr', script: 'Latn', espeakVoice: 'fr', speechTag: 'fr-FR' },
  { code: 'es', nativeName: 'Español', germanName: 'Spanisch', dir: 'ltr', script: 'Latn', espeakVoice: 'es', speechTag: 'es-ES' },
  { code: 'it', nativeName: 'Italiano', germanName: 'Italienisch', dir: 'ltr', script: 'Latn', espeakVoice: 'it', speechTag: 'it-IT' },
  { code: 'vi', nativeName: 'Tiếng Việt', germanName: 'Vietnamesisch', dir: 'ltr', script: 'Latn', espeakVoice: 'vi', speechTag: 'vi-VN' },
  { code: 'sq', nativeName: 'Shqip', germanName: 'Albanisch', dir: 'ltr', script: 'Latn', espeakVoice: 'sq', speechTag: 'sq-AL' },
] as const satisfies readonly Language[];

export type LanguageCode = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as readonly LanguageCode[];
export const DEFAULT_LANGUAGE: LanguageCode = 'de';

export function findLanguage(code: string): Language | undefined {
  return (LANGUAGES as readonly Language[]).find((l) => l.code === code);
}

export function isLanguageCode(code: string): code is LanguageCode {
  return findLanguage(code) !== undefined;
}
