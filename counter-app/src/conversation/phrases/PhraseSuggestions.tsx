import './phrases.css';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { C2S, type SessionStateT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { buildPhraseIndex, renderPhrase, type Phrase, type SlotValuesT, type Suggestion } from '@lotse/shared/phrasebook';
import { useOfficePhrasebook } from './useOfficePhrasebook.ts';
import { SlotForm } from './SlotForm.tsx';

export interface PhraseSending {
  connection: LotseConnection;
  session: SessionStateT;
  run: (action: () => Promise<unknown>) => Promise<void>;
}

interface Props extends PhraseSending {
  text: string;
  /** The phrase was sent: the typed text is done with. */
  onSent: () => void;
}

/** Sends a phrase line of the clerk with its slot values (shared by the suggestions and the phrasebook). */
export const sendClerkPhrase = ({ connection, session, run }: PhraseSending, phrase: Phrase, slots: SlotValuesT) =>
  run(() => connection.request(C2S.sessionPhrase, { sessionId: session.id, phraseId: phrase.id, slots }));

function preview(s: Suggestion): string {
  try {
    return s.complete && !Object.values(s.phrase.slots).some((t) => t === 'document' || t === 'counter') ? renderPhrase(s.phrase, 'de', s.slots) : s.phrase.text.de;
  } catch {
    return s.phrase.text.de;
  }
}

/**
 * The closest phrasebook sentences to what the clerk is typing, computed in this browser on every keystroke.
 * Choosing one sends the prepared translation instead of an untranslated line; one with open slots asks for them.
 */
export function PhraseSuggestions({ text, onSent, ...sending }: Props) {
  const { t } = useTranslation('counter');
  const book = useOfficePhrasebook(sending.connection, sending.session);
  const lang = sending.session.citizenLanguage;
  const index = useMemo(() => buildPhraseIndex(book.phrases.filter((p) => p.direction === 'clerk' && p.text[lang] !== undefined)), [book.phrases, lang]);
  // The index holds the German originals: suggestions only for a desk that works in German.
  const german = sending.session.clerkLanguage === 'de';
  const suggestions = useMemo(() => (german && text.trim().length >= 3 ? index.suggest(text, { uses: book.uses }) : []), [german, index, text, book.uses]);
  const [open, setOpen] = useState<Suggestion>();
  const send = async (phrase: Phrase, slots: SlotValuesT) => {
    await sendClerkPhrase(sending, phrase, slots);
    setOpen(undefined);
    onSent();
  };
  if (open) return <SlotForm connection={sending.connection} phrase={open.phrase} initial={open.slots} onSend={(slots) => void send(open.phrase, slots)} onCancel={() => setOpen(undefined)} />;
  if (suggestions.length === 0) return null;
  return (
    <div className="phrase-suggestions" data-testid="phrase-suggestions">
      <p className="suggestions-title" id="suggestions-title">{t('conversation.phrasebook.suggestions')}</p>
      <ul aria-labelledby="suggestions-title">
        {suggestions.map((s) => (
          <li key={s.phrase.id}>
            <button type="button" className="phrase suggestion" onClick={() => (s.complete ? void send(s.phrase, s.slots) : setOpen(s))}>
              <span>{preview(s)}</span>
              {!s.complete && <span className="other">{t('conversation.phrasebook.fill')}</span>}
              {!s.phrase.reviews[lang] && <span className="badge drafted">{t('conversation.phrasebook.drafted')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
