import { useEffect, useRef } from 'react';

export interface ScreenFocusOptions {
  /** 'field' (a form screen: typed text lands in its first field) or 'heading' (a page to read first). */
  prefer?: 'field' | 'heading';
}

/**
 * On every screen change (not on the first load), focus goes to the new screen: its first field where it is a
 * form, else its heading. A screen reader then reads the new screen, and typed text lands in the field (WCAG 2.4.3).
 * Used by the kiosk's steps, the desk (setup ↔ workspace) and the admin pages.
 */
export function useScreenFocus(screenKey: string, root: () => HTMLElement | null, { prefer = 'field' }: ScreenFocusOptions = {}) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = root()?.querySelector<HTMLElement>('main');
    if (!main) return;
    const field = prefer === 'field'
      ? main.querySelector<HTMLElement>('form input:not([type="hidden"]):not([disabled]), form select, form textarea')
      : null;
    const target = field ?? main.querySelector<HTMLElement>('h1') ?? main;
    if (target !== field && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [screenKey, root, prefer]);
}
