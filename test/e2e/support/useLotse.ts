import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { TestServer, type StartOptions } from '../../helpers/server.ts';
import { launchChromium } from './browser.ts';

/**
 * The edge server as the e2e tests need it: serving the production builds, accounts with their one-time passwords
 * (the tests sign in through the screens) and no devices paired yet (the tests pair them).
 */
export function startE2eServer(app?: StartOptions['app']): Promise<TestServer> {
  return TestServer.start({ serveApps: true, signIn: false, pairDevices: false, app });
}

export interface LotseE2E {
  /** The running edge server (`stop()`/`reopen()` it for power cuts; it is closed after the file). */
  readonly server: TestServer;
  readonly browser: Browser;
}

/**
 * Registers the usual set-up of an e2e file: before all tests, the edge server is started and Chromium launched;
 * after them, the browser and then the server are closed. Read both through the returned object.
 */
export function useLotse(): LotseE2E {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startE2eServer();
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
    get browser() {
      if (!browser) throw new Error('Chromium is not launched yet (use it inside a test or hook)');
      return browser;
    },
  };
}
