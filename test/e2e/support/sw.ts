import type { Page } from 'playwright-core';

/** Waits until the service worker controls the page and has precached the app shell (first online visit). */
export async function waitForServiceWorker(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  }, undefined, { timeout, polling: 200 });
}
