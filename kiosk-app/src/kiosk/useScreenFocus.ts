import { useEffect, useRef } from 'react';

/**
 * On every screen change (not on the first load), focus goes to the new screen: its first field where it is a
 * form, else its heading. A screen reader then reads the new screen, and typed text lands in the field (WCAG 2.4.3).
 */
export function useScreenFocus(screenKey: string, root: () => HTMLElement | null) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = root()?.querySelector<HTMLElement>('main');
    if (!main) return;
    const field = main.querySelector<HTMLElement>('form input:not([type="hidden"]):not([disabled]), form select, form textarea');
    const target = field ?? main.querySelector<HTMLElement>('h1') ?? main;
    if (target !== field && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [screenKey, root]);
}
