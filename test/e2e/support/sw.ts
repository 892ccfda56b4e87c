import type { Page } from 'playwright-core';
import { WAIT } from '../../helpers/timeouts.ts';

/** Waits until the service worker controls the page and has precached the app shell (first online visit). */
export async function waitForServiceWorker(page: Page, timeout: number = WAIT.navigation): Promise<void> {
  // A synchronous predicate: an async one returns a promise, which counts as truthy at once.
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, { timeout, polling: 200 });
}
