import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PHRASE_GROUPS, PHRASEBOOK } from '@lotse/shared/phrasebook';
import type { LanguageCode } from '@lotse/shared';

interface Props {
  citizenLanguage: LanguageCode;
  disabled: boolean;
  onSend: (phraseId: string) => void;
}

const normalise = (s: string) => s.toLocaleLowerCase('de').normalize('NFKD').replace(/\p{M}/gu, '');

/** The reviewed phrasebook by situation; a tap sends the phrase with its reviewed translation. */
export function Phrasebook({ citizenLanguage, disabled, onSend }: Props) {
  const { t } = useTranslation('counter');
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = normalise(query.trim());
    return PHRASE_GROUPS.map((g) => ({
      group: g,
      phrases: PHRASEBOOK.filter((p) => p.group === g.id && (!q || normalise(p.text.de).includes(q) || normalise(g.title.de).includes(q))),
    })).filter((g) => g.phrases.length > 0);
  }, [query]);

  return (
    <section className="phrasebook" aria-labelledby="phrasebook-title">
      <h3 id="phrasebook-title">{t('conversation.phrasebook.title')}</h3>
      <label htmlFor="phrase-search">{t('conversation.phrasebook.search')}</label>
      <input id="phrase-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      <div className="phrase-groups">
        {groups.length === 0 && <p>{t('conversation.phrasebook.none')}</p>}
        {groups.map(({ group, phrases }) => (
          <details key={group.id} open={query.trim().length > 0}>
            <summary>{group.title.de} <span className="count">({phrases.length})</span></summary>
            <ul>
              {phrases.map((p) => (
                <li key={p.id}>
                  <button type="button" className="phrase" disabled={disabled} onClick={() => onSend(p.id)}>
                    <span>{p.text.de}</span>
                    <span className="other" lang={citizenLanguage === 'de-simple' ? 'de' : citizenLanguage} dir="auto">{p.text[citizenLanguage]}</span>
                  </button>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>
    </section>
  );
}
