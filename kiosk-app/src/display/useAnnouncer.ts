import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallT } from '@lotse/shared';
import { canSpeak, createSpeaker } from '../speech/speak.ts';

/** "B-014" is read as "B 14", not "B minus zero one four". */
export function spokenNumber(number: string): string {
  return number.replace(/-0*(\d)/, ' $1');
}

/** Plays the chime to its end; false when the browser blocked sound (no touch yet). */
function playChime(audio: HTMLAudioElement): Promise<boolean> {
  return new Promise((resolve) => {
    audio.currentTime = 0;
    audio.onended = () => resolve(true);
    audio.onerror = () => resolve(true);
    audio.play().catch(() => resolve(false));
  });
}

/**
 * The call, heard: chime, then "Nummer B 14, bitte zu Platz 2" in German, then in the ticket's language when a
 * voice for it exists (browser or espeak-ng on the server). Calls queue up and never talk over each other.
 */
export function useAnnouncer(deviceToken: string) {
  const { i18n, t } = useTranslation('display');
  const queue = useRef<CallT[]>([]);
  const running = useRef(false);
  const chime = useRef<HTMLAudioElement | null>(null);
  const speaker = useRef(createSpeaker(deviceToken));
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    chime.current = new Audio(`${import.meta.env.BASE_URL}chime.wav`);
    chime.current.preload = 'auto';
    const s = speaker.current;
    return () => s.stop();
  }, []);

  const announceOne = useCallback(
    async (call: CallT) => {
      if (chime.current) {
        const played = await playChime(chime.current);
        setBlocked(!played);
        if (!played) return;
      }
      const vars = { number: spokenNumber(call.ticketNumber), counter: call.counterName };
      await speaker.current.speak(t('announce', vars), 'de');
      const lang = call.language;
      if (lang === 'de' || lang === 'de-simple' || !(await canSpeak(lang))) return;
      await i18n.loadLanguages(lang);
      await speaker.current.speak(i18n.getFixedT(lang, 'display')('announce', vars), lang);
    },
    [i18n, t],
  );

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let next = queue.current.shift(); next; next = queue.current.shift()) await announceOne(next);
    } finally {
      running.current = false;
    }
  }, [announceOne]);

  const announce = useCallback(
    (call: CallT) => {
      queue.current.push(call);
      void drain();
    },
    [drain],
  );

  const unblock = useCallback(() => {
    void chime.current?.play().then(() => setBlocked(false)).catch(() => undefined);
  }, []);

  return { announce, blocked, unblock };
}
