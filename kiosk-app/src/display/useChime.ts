import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The call chime. Browsers block sound until a person has touched the page once, so the display offers a
 * button when that happens (kiosk browsers usually run with autoplay allowed and never show it).
 */
export function useChime() {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    audio.current = new Audio(`${import.meta.env.BASE_URL}chime.wav`);
    audio.current.preload = 'auto';
  }, []);
  const play = useCallback(async () => {
    const a = audio.current;
    if (!a) return;
    a.currentTime = 0;
    try {
      await a.play();
      setBlocked(false);
    } catch {
      setBlocked(true);
    }
  }, []);
  return { play, blocked, unblock: () => void play() };
}
