import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { findLanguage } from '@lotse/shared';

export interface CitizenLocale {
  t: TFunction<'citizen'>;
  /** For the container's `lang` attribute (Leichte Sprache is German). */
  lang: string;
  dir: 'ltr' | 'rtl';
  ready: boolean;
}

/**
 * The citizen's half speaks the ticket's language while the clerk's half stays German, on the same page: a
 * fixed `t` for that language, loaded on demand (German is the fallback while a translation is missing).
 */
export function useCitizenT(language: string): CitizenLocale {
  const { i18n } = useTranslation('citizen');
  const [loaded, setLoaded] = useState<string>();
  useEffect(() => {
    let stale = false;
    void i18n.loadLanguages(language).then(() => i18n.loadNamespaces('citizen')).then(() => !stale && setLoaded(language));
    return () => {
      stale = true;
    };
  }, [i18n, language]);
  const info = findLanguage(language);
  return {
    t: i18n.getFixedT(language, 'citizen'),
    lang: language === 'de-simple' ? 'de' : language,
    dir: info?.dir ?? 'ltr',
    ready: loaded === language,
  };
}
