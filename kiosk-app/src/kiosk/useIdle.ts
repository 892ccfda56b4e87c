import { useEffect, useState } from 'react';

/**
 * Inactivity on a public kiosk: after `idleMs` a warning with a countdown (WCAG 2.2.1: no time-out without
 * warning), after `warnMs` more the `onTimeout` reset. Any touch or key restarts the clock.
 */
export function useIdle(active: boolean, onTimeout: () => void, idleMs = 60_000, warnMs = 20_000) {
  const [lastActivity, setLastActivity] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!active) return;
    const bump = () => setLastActivity(Date.now());
    bump();
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, bump, { passive: true }));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, bump));
      clearInterval(timer);
    };
  }, [active]);

  const idleFor = now - lastActivity;
  const warning = active && idleFor >= idleMs;
  const secondsLeft = Math.max(0, Math.ceil((idleMs + warnMs - idleFor) / 1000));
  useEffect(() => {
    if (active && idleFor >= idleMs + warnMs) onTimeout();
  }, [active, idleFor, idleMs, warnMs, onTimeout]);

  return { warning, secondsLeft, stay: () => setLastActivity(Date.now()) };
}
