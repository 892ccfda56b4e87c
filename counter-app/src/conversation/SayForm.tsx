import { useState, type FormEvent } from 'react';
import { PhraseSuggestions, type PhraseSending } from './phrases/PhraseSuggestions.tsx';

interface Props {
  id: string;
  label: string;
  send: string;
  disabled?: boolean;
  lang?: string;
  onSay: (text: string) => Promise<unknown>;
  /** The clerk's side: phrasebook suggestions while typing (issue 18). */
  phrases?: PhraseSending;
}

/** A typed line instead of speech, on either side; on the clerk's side with phrasebook suggestions. */
export function SayForm({ id, label, send, disabled, lang, onSay, phrases }: Props) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    setBusy(true);
    try {
      await onSay(value);
      setText('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <form className="say" onSubmit={(e) => void submit(e)}>
        <label htmlFor={id}>{label}</label>
        <div className="say-row">
          <input id={id} value={text} lang={lang} dir="auto" maxLength={1000} autoComplete="off" onChange={(e) => setText(e.target.value)} disabled={disabled} />
          <button type="submit" disabled={disabled || busy || !text.trim()}>{send}</button>
        </div>
      </form>
      {phrases && <PhraseSuggestions {...phrases} text={text} onSent={() => setText('')} />}
    </>
  );
}
