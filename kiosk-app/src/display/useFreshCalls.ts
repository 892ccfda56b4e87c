import { useCallback, useEffect, useState } from 'react';
import type { CallT } from '@lotse/shared';

/** Calls of the last few seconds stay large together (two counters calling at once are both seen). */
export const FRESH_MS = 10_000;
/** How long a new call flashes (three 1 s flashes, see styles.css, with a margin). */
export const FLASH_MS = 6_000;
/** Large calls that fit beside the list on a 16:9 or 16:10 screen. */
export const MAX_LARGE = 3;

/** The split of the board: which calls are shown large, which flash, which stand in the list. */
export function splitBoard(calls: readonly CallT[], arrivedAt: ReadonlyMap<string, number>, now: number) {
  const fresh = calls.filter((c) => now - (arrivedAt.get(c.id) ?? -Infinity) < FRESH_MS).slice(0, MAX_LARGE);
  // Nothing new: the newest call stays large, as a waiting citizen who just looked up expects.
  const large = fresh.length > 0 ? fresh : calls.slice(0, 1);
  const flashing = new Set(large.filter((c) => now - (arrivedAt.get(c.id) ?? -Infinity) < FLASH_MS).map((c) => c.id));
  return { large, flashing, list: calls.filter((c) => !large.includes(c)) };
}

/**
 * When each call arrived live on this display (a board fetched on reconnect arrived "never": shown, not fresh),
 * and a clock that ticks exactly when a call stops flashing or stops being fresh.
 */
export function useFreshCalls(calls: readonly CallT[]) {
  const [arrivedAt, setArrivedAt] = useState<ReadonlyMap<string, number>>(new Map());
  const [now, setNow] = useState(Date.now);

  const arrived = useCallback((id: string) => {
    const t = Date.now();
    setArrivedAt((prev) => new Map([...prev].filter(([, at]) => t - at < FRESH_MS)).set(id, t));
    setNow(t);
  }, []);

  useEffect(() => {
    const next = [...arrivedAt.values()].flatMap((at) => [at + FLASH_MS, at + FRESH_MS]).filter((t) => t > now);
    if (next.length === 0) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(...next) - now);
    return () => clearTimeout(timer);
  }, [arrivedAt, now]);

  return { ...splitBoard(calls, arrivedAt, now), arrived };
}
