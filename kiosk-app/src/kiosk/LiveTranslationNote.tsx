import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { LiveTranslationT } from '@lotse/shared';

/**
 * On the ticket, in the citizen's language: whether the counters can live-translate their language with German today
 * (from the engines installed on this server). Nothing for German itself, nor when the server cannot be asked.
 */
export function LiveTranslationNote({ language }: { language: string }) {
  const { t } = useTranslation('kiosk');
  const [available, setAvailable] = useState<boolean>();
  const german = language === 'de' || language.startsWith('de-');
  useEffect(() => {
    if (german) return;
    let alive = true;
    apiFetch<LiveTranslationT>('/api/v1/engines/live-translation').then(
      (r) => alive && setAvailable(r.languages.includes(language)),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [language, german]);
  if (german || available === undefined) return null;
  return (
    <p className="hint live-translation" data-testid="live-translation" data-available={available}>
      {t(available ? 'liveTranslation.available' : 'liveTranslation.unavailable')}
    </p>
  );
}
