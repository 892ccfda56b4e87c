import { useEffect, useRef } from 'react';
import type { CaptionPartialT, SpeakerT, TranscriptLineT } from '@lotse/shared';

export interface TranscriptLabels {
  /** Speaker names from this reader's point of view ("Sie" / "Sachbearbeitung", or the clerk's German). */
  speaker: Record<SpeakerT, string>;
  machine: string;
  reviewed: string;
  /** A phrasebook text nobody has reviewed yet (issue 18): never called reviewed. */
  drafted: string;
  untranslated: string;
  empty: string;
  listening: string;
  /** Accessible name of the conversation log. */
  title: string;
}

interface Props {
  lines: readonly TranscriptLineT[];
  partial?: CaptionPartialT;
  /** Whose screen this is: own lines show their original, the other side's lines their translation. */
  reader: SpeakerT;
  labels: TranscriptLabels;
  testId?: string;
}

function Badge({ line, labels }: { line: TranscriptLineT; labels: TranscriptLabels }) {
  if (line.translationKind === 'machine') return <span className="badge machine">{labels.machine}</span>;
  if (line.translationKind === 'reviewed') return <span className="badge reviewed">{labels.reviewed}</span>;
  if (line.translationKind === 'drafted') return <span className="badge drafted">{labels.drafted}</span>;
  if (line.translation === null && line.language.split('-')[0] !== line.translationLanguage.split('-')[0]) {
    return <span className="badge none">{labels.untranslated}</span>;
  }
  return null;
}

/**
 * The conversation from one reader's perspective: each line in the reader's language (large) with the other
 * language below (small), a mark on every machine-translated line (AI Act Art. 50) and on reviewed phrasebook
 * lines. New final lines are announced politely; the partial line shows in italics while someone speaks.
 */
export function Transcript({ lines, partial, reader, labels, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Scroll the transcript itself (never the page: the citizen's half may be rotated above the clerk's).
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length, partial?.text]);

  return (
    <div className="transcript" data-testid={testId} ref={box}>
      {/* The log role sits on a wrapper: on the <ol> itself it would strip the items of their list semantics. */}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={labels.title}>
      <ol className="lines">
        {lines.length === 0 && !partial && <li className="empty">{labels.empty}</li>}
        {lines.map((line) => {
          const own = line.speaker === reader;
          const main = own || line.translation === null ? { text: line.text, lang: line.language } : { text: line.translation, lang: line.translationLanguage };
          const other = own ? (line.translation === null ? undefined : { text: line.translation, lang: line.translationLanguage }) : line.translation === null ? undefined : { text: line.text, lang: line.language };
          return (
            <li key={line.id} className={`line ${line.speaker} ${own ? 'own' : 'theirs'}`} data-kind={line.translationKind}>
              <span className="who">{labels.speaker[line.speaker]}</span>
              <p className="main" lang={main.lang} dir="auto">{main.text}</p>
              {other && <p className="other" lang={other.lang} dir="auto">{other.text}</p>}
              <Badge line={line} labels={labels} />
            </li>
          );
        })}
      </ol>
      </div>
      {partial && (
        <p className={`line partial ${partial.speaker}`}>
          <span className="who">{labels.speaker[partial.speaker]} · {labels.listening}</span>
          <em lang={partial.language} dir="auto">{partial.text}</em>
        </p>
      )}
    </div>
  );
}
