import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@lotse/shared';

/** Every language by its own name and script, with `lang` so screen readers pronounce it right. */
export function LanguageScreen({ onChoose, children }: { onChoose: (code: string) => void; children?: ReactNode }) {
  const { t } = useTranslation('kiosk');
  return (
    <main className="screen" aria-labelledby="lang-title">
      <h1 className="welcome">{t('welcome')}</h1>
      <h2 id="lang-title">{t('chooseLanguage')}</h2>
      <ul className="language-grid" role="list" data-read="skip">
        {LANGUAGES.map((l) => (
          <li key={l.code}>
            <button className="tile language" lang={l.code === 'de-simple' ? 'de' : l.code} dir={l.dir} onClick={() => onChoose(l.code)} data-lang={l.code}>
              {l.nativeName}
            </button>
          </li>
        ))}
      </ul>
      {children}
    </main>
  );
}
