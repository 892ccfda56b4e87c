import { type SessionStateT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { findPhraseGroup } from '@lotse/shared/phrasebook';
import { useOfficePhrasebook } from '../conversation/phrases/useOfficePhrasebook.ts';
import { citizenText, useSayPhrase } from './QuickReplies.tsx';

interface Props {
  connection: LotseConnection;
  session: SessionStateT;
}

/** The questions citizens ask at a Bürgeramt, in their language; a tap asks the clerk in German. */
export function CitizenPhrasebook({ connection, session }: Props) {
  const lang = session.citizenLanguage;
  const book = useOfficePhrasebook(connection, session);
  const { say } = useSayPhrase(connection, session);
  const questions = book.phrases.filter((p) => p.direction === 'citizen' && !p.quick && p.text[lang] !== undefined);
  if (questions.length === 0) return null;
  return (
    <details className="citizen-phrasebook" data-testid="citizen-phrasebook">
      <summary>{findPhraseGroup('questions')?.title[lang]}</summary>
      <ul>
        {questions.map((p) => (
          <li key={p.id}>
            <button type="button" className="phrase" data-phrase={p.id} onClick={() => say(p)}>{citizenText(p, lang)}</button>
          </li>
        ))}
      </ul>
    </details>
  );
}
