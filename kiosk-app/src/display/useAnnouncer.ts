import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallT } from '@lotse/shared';
import { canSpeak, createSpeaker } from '../speech/speak.ts';

/** "B-014" is read as "B 14", not "B minus zero one four". */
export function spokenNumber(number: string): string {
  return number.replace(/-0*(\d)/, ' $1');
}

const SOUND_KEY = 'lotse.display.sound';

/** Whether someone turned the sound on at this display before (kept in the browser's storage). */
function soundWanted(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

function rememberSound(): void {
  try {
    localStorage.setItem(SOUND_KEY, 'on');
  } catch {
    // private mode: asked again after the next load
  }
}

/** Whether the browser lets this page play sound before any touch (autoplay policy): a silent try tells. */
async function soundAllowedNow(src: string): Promise<boolean> {
  const probe = new Audio(src);
  probe.volume = 0; // not `muted`: muted playback is always allowed and would prove nothing
  try {
    await probe.play();
    probe.pause();
    return true;
  } catch (err) {
    return !(err instanceof DOMException && err.name === 'NotAllowedError');
  }
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
    const src = `${import.meta.env.BASE_URL}chime.wav`;
    chime.current = new Audio(src);
    chime.current.preload = 'auto';
    const s = speaker.current;
    let live = true;
    // Ask at once, not at the first call: a missed first call would go unheard.
    void soundAllowedNow(src).then((allowed) => live && !allowed && setBlocked(true));
    return () => {
      live = false;
      s.stop();
    };
  }, []);

  const announceOne = useCallback(
    async (call: CallT) => {
      if (chime.current) {
        const played = await playChime(chime.current);
        setBlocked(!played);
        if (!played) return;
      }
      const vars = { number: spokenNumber(call.ticketNumber), counter: call.counterSpokenName ?? call.counterName };
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
    void chime.current?.play().then(() => {
      setBlocked(false);
      rememberSound();
    }).catch(() => undefined);
  }, []);

  // Where sound was turned on before, any touch or key on the screen turns it on again (the browser needs one
  // gesture per page load unless it runs with the kiosk flag or as an installed app, see README).
  useEffect(() => {
    if (!blocked || !soundWanted()) return;
    const events = ['pointerdown', 'keydown'] as const;
    events.forEach((e) => window.addEventListener(e, unblock));
    return () => events.forEach((e) => window.removeEventListener(e, unblock));
  }, [blocked, unblock]);

  return { announce, blocked, unblock };
}
