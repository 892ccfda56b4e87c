import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findLanguage, type CallT } from '@lotse/shared';
import { spokenNumber } from './useAnnouncer.ts';

/** The ticket's language, when the call is also said in it (German and Leichte Sprache are German already). */
function foreignLanguage(call: CallT): string | undefined {
  return call.language === 'de' || call.language === 'de-simple' ? undefined : call.language;
}

/**
 * One call, large: number → counter, and for screen readers the sentence in German and in the ticket's language,
 * as the spoken call says it.
 */
export function CallLine({ call }: { call: CallT }) {
  const { t, i18n } = useTranslation('display');
  const lang = foreignLanguage(call);
  const [loaded, setLoaded] = useState(() => !lang || i18n.hasResourceBundle(lang, 'display'));
  useEffect(() => {
    if (!lang || loaded) return;
    let live = true;
    void i18n.loadLanguages(lang).then(() => live && setLoaded(true)).catch(() => undefined);
    return () => void (live = false);
  }, [i18n, lang, loaded]);

  // Spoken as the admin set it ("Schalter Be"), shown as its name (issue 11).
  const vars = { number: spokenNumber(call.ticketNumber), counter: call.counterSpokenName ?? call.counterName };
  return (
    <p className="call-line" data-testid="current-call">
      <span className="call-number">{call.ticketNumber}</span>
      <span className="call-arrow" aria-hidden="true">→</span>
      <span className="call-counter">{call.counterName}</span>
      <span className="visually-hidden">
        {t('goTo', vars)}
        {lang && loaded && (
          <>
            {'. '}
            <span lang={lang} dir={findLanguage(lang)?.dir ?? 'ltr'}>{i18n.getFixedT(lang, 'display')('goTo', vars)}</span>
          </>
        )}
      </span>
    </p>
  );
}
