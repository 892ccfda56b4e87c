import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PHRASE_GROUPS, foldGerman, type Phrase } from '@lotse/shared/phrasebook';
import { useOfficePhrasebook } from './phrases/useOfficePhrasebook.ts';
import { SlotForm } from './phrases/SlotForm.tsx';
import { sendClerkPhrase, type PhraseSending } from './phrases/PhraseSuggestions.tsx';

/**
 * The clerk's phrasebook by situation, most used for this service first; a tap sends a fixed phrase with its
 * prepared translation, a phrase with slots asks for them first. Drafted translations are marked as such.
 */
export function Phrasebook(sending: PhraseSending) {
  const { t } = useTranslation('counter');
  const { session } = sending;
  const lang = session.citizenLanguage;
  const book = useOfficePhrasebook(sending.connection, session);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Phrase>();
  const groups = useMemo(() => {
    const q = foldGerman(query.trim());
    const byUse = (a: Phrase, b: Phrase) => (book.uses[b.id] ?? 0) - (book.uses[a.id] ?? 0);
    return PHRASE_GROUPS.map((g) => ({
      group: g,
      phrases: book.phrases
        .filter((p) => p.direction === 'clerk' && p.group === g.id && (!q || foldGerman(p.text.de).includes(q) || foldGerman(g.title.de).includes(q)))
        .sort(byUse),
    })).filter((g) => g.phrases.length > 0);
  }, [query, book]);
  const say = (p: Phrase) => (Object.keys(p.slots).length ? setOpen(p) : void sendClerkPhrase(sending, p, {}));

  return (
    <section className="phrasebook" aria-labelledby="phrasebook-title">
      <h3 id="phrasebook-title">{t('conversation.phrasebook.title')}</h3>
      {open && (
        <SlotForm connection={sending.connection} phrase={open} initial={{}} onCancel={() => setOpen(undefined)}
          onSend={(slots) => void sendClerkPhrase(sending, open, slots).then(() => setOpen(undefined))} />
      )}
      <label htmlFor="phrase-search">{t('conversation.phrasebook.search')}</label>
      <input id="phrase-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      <div className="phrase-groups">
        {groups.length === 0 && <p>{t('conversation.phrasebook.none')}</p>}
        {groups.map(({ group, phrases }) => (
          <details key={group.id} open={query.trim().length > 0}>
            <summary>{group.title.de} <span className="count">({phrases.length})</span></summary>
            <ul>
              {phrases.map((p) => {
                const other = p.text[lang];
                return (
                  <li key={p.id}>
                    <button type="button" className="phrase" disabled={other === undefined} onClick={() => say(p)}>
                      <span>{p.text.de}</span>
                      <span className="other" lang={lang === 'de-simple' ? 'de' : lang} dir="auto">{other ?? t('conversation.phrasebook.noLanguage')}</span>
                      {other !== undefined && !p.reviews[lang] && lang !== 'de' && <span className="badge drafted">{t('conversation.phrasebook.drafted')}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          </details>
        ))}
      </div>
    </section>
  );
}
