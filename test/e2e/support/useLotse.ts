import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startLotse, type RunningLotse } from './lotse.ts';

export interface LotseE2E {
  /** The running edge server; assign a restarted one (see `restartLotse`) and it is the one closed after the file. */
  server: RunningLotse;
  readonly browser: Browser;
}

/**
 * Registers the usual set-up of an e2e file: before all tests, the edge server is started and Chromium launched;
 * after them, the browser and then the (current) server are closed. Read both through the returned object.
 */
export function useLotse(): LotseE2E {
  let server: RunningLotse | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startLotse();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the edge server is not started yet (use it inside a test or hook)');
      return server;
    },
    set server(next: RunningLotse) {
      server = next;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not launched yet (use it inside a test or hook)');
      return browser;
    },
  };
}
