import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { LiveTranslationT } from '@lotse/shared';

/** One request for all rows of the waiting list, renewed each minute (an admin may install a model meanwhile). */
let cached: { at: number; languages: Promise<string[]> } | undefined;
const TTL_MS = 60_000;
function liveLanguages(): Promise<string[]> {
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const languages = apiFetch<LiveTranslationT>('/api/v1/engines/live-translation').then((r) => r.languages);
    languages.catch(() => (cached = undefined));
    cached = { at: Date.now(), languages };
  }
  return cached.languages;
}

/** Per waiting ticket: whether live translation with German is available for its language today (not for German). */
export function LiveTranslationMark({ language }: { language: string }) {
  const { t } = useTranslation('counter');
  const [available, setAvailable] = useState<boolean>();
  const german = language === 'de' || language.startsWith('de-');
  useEffect(() => {
    if (german) return;
    let alive = true;
    liveLanguages().then((l) => alive && setAvailable(l.includes(language)), () => undefined);
    return () => {
      alive = false;
    };
  }, [language, german]);
  if (german || available === undefined) return null;
  return (
    <span className={`mark ${available ? 'live-translation' : 'no-live-translation'}`} data-testid="live-translation-mark" data-available={available}>
      {t(available ? 'desk.marks.liveTranslation' : 'desk.marks.noLiveTranslation')}
    </span>
  );
}
