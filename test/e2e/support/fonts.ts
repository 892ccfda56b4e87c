import type { Page } from 'playwright-core';

export interface UsedFont {
  familyName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/**
 * The fonts Chromium really used to draw an element's text (DevTools protocol), e.g. a web font "Noto Sans
 * Ethiopic" vs an installed system font or missing-glyph boxes. Stronger than `document.fonts.check`, which is
 * also true when no face of the family matches.
 */
export async function usedFonts(page: Page, selector: string): Promise<UsedFont[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no element ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}

/** Font faces of a family that the page really loaded. */
export async function loadedFaces(page: Page, family: string): Promise<number> {
  return page.evaluate((f) => [...document.fonts].filter((ff) => ff.family.replace(/"/g, '') === f && ff.status === 'loaded').length, family);
}
