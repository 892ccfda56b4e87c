import { useEffect, useState } from 'react';

interface Clock {
  /** Last touch or key (ms). */
  last: number;
  /** The clock's latest tick (ms). */
  now: number;
}

const fresh = (): Clock => {
  const t = Date.now();
  return { last: t, now: t };
};

/**
 * Inactivity on a public kiosk: after `idleMs` a warning with a countdown (WCAG 2.2.1: no time-out without
 * warning), after `warnMs` more the `onTimeout` reset. Any touch or key restarts the clock.
 */
export function useIdle(active: boolean, onTimeout: () => void, idleMs = 60_000, warnMs = 20_000) {
  const [clock, setClock] = useState(fresh);
  const [wasActive, setWasActive] = useState(active);
  // Switching on starts a new clock during this very render: the old times (from before the last reset) would
  // otherwise reach the time-out effect below once and undo the citizen's first tap.
  let current = clock;
  if (active !== wasActive) {
    setWasActive(active);
    current = fresh();
    setClock(current);
  }

  useEffect(() => {
    if (!active) return;
    const bump = () => setClock(fresh);
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, bump, { passive: true }));
    const timer = setInterval(() => setClock((c) => ({ ...c, now: Date.now() })), 1000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, bump));
      clearInterval(timer);
    };
  }, [active]);

  const idleFor = current.now - current.last;
  const warning = active && idleFor >= idleMs;
  const secondsLeft = Math.max(0, Math.ceil((idleMs + warnMs - idleFor) / 1000));
  useEffect(() => {
    if (active && idleFor >= idleMs + warnMs) onTimeout();
  }, [active, idleFor, idleMs, warnMs, onTimeout]);

  return { warning, secondsLeft, stay: () => setClock(fresh) };
}
