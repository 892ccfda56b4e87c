import '../conversation/phrases/phrases.css';
import { useState } from 'react';
import { C2S, type SessionStateT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { findPhraseGroup, type Phrase } from '@lotse/shared/phrasebook';
import { useOfficePhrasebook } from '../conversation/phrases/useOfficePhrasebook.ts';

interface Props {
  connection: LotseConnection;
  session: SessionStateT;
}

/** Says a citizen phrase: it reaches the clerk as its German counterpart (issue 18). */
export function useSayPhrase(connection: LotseConnection, session: SessionStateT) {
  const [sent, setSent] = useState<string>();
  const say = (p: Phrase) =>
    void connection.request(C2S.sessionPhrase, { sessionId: session.id, phraseId: p.id, speaker: 'citizen' }).then(() => setSent(p.id), () => setSent(undefined));
  return { say, sent };
}

export const citizenText = (p: Phrase, lang: string) => p.text[lang as 'de'] ?? p.text.de;

/** Yes, no, "I don't understand", "please say it more simply" … always on the citizen's screen, in their language. */
export function QuickReplies({ connection, session }: Props) {
  const lang = session.citizenLanguage;
  const book = useOfficePhrasebook(connection, session);
  const { say } = useSayPhrase(connection, session);
  const replies = book.phrases.filter((p) => p.direction === 'citizen' && p.quick && p.text[lang] !== undefined);
  const title = findPhraseGroup('replies')?.title[lang] ?? '';
  return (
    <div className="quick-replies" role="group" aria-label={title} data-testid="quick-replies">
      {replies.map((p) => (
        <button key={p.id} type="button" className={`quick-reply${p.alert ? ' alert' : ''}`} data-phrase={p.id} onClick={() => say(p)}>
          {citizenText(p, lang)}
        </button>
      ))}
    </div>
  );
}
