import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { WAIT } from '../../helpers/timeouts.ts';

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
export function launchChromium(extraArgs: string[] = [], opts: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
    ...opts,
  });
}

/** A device is its own browser context (its own storage), as each is its own tablet. */
export async function newDevice(browser: Browser, opts: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
  context.setDefaultTimeout(WAIT.ui);
  context.setDefaultNavigationTimeout(WAIT.navigation);
  const page = await context.newPage();
  return { context, page };
}
