import type { Locator, Page } from 'playwright-core';

export type { Page, Locator };

const TIMEOUT = Number(process.env.E2E_TIMEOUT ?? 10_000);

async function poll(describe: string, check: () => Promise<boolean>, timeout = TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`expected ${describe} within ${timeout} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The few web-first assertions our e2e tests need (playwright-core has no `expect`): each waits until what a user
 * would see is true, and fails with a message naming the locator.
 */
export function expect(locator: Locator) {
  return {
    async toBeVisible(timeout?: number) {
      await locator.first().waitFor({ state: 'visible', timeout: timeout ?? TIMEOUT });
    },
    async toBeHidden(timeout?: number) {
      await locator.first().waitFor({ state: 'hidden', timeout: timeout ?? TIMEOUT });
    },
    async toHaveText(expected: string | RegExp, timeout?: number) {
      let seen = '';
      await poll(`${locator} to have text ${expected} (saw "${seen}")`, async () => {
        seen = ((await locator.first().textContent()) ?? '').trim();
        return typeof expected === 'string' ? seen === expected : expected.test(seen);
      }, timeout);
    },
    async toContainText(expected: string, timeout?: number) {
      await poll(`${locator} to contain "${expected}"`, async () => ((await locator.first().textContent()) ?? '').includes(expected), timeout);
    },
    async toHaveCount(n: number, timeout?: number) {
      await poll(`${locator} to have ${n} elements`, async () => (await locator.count()) === n, timeout);
    },
  };
}

export async function expectPage(page: Page, describe: string, check: () => Promise<boolean>, timeout?: number) {
  void page;
  await poll(describe, check, timeout);
}

/** Waits until `check` (something read off the page) holds; fails naming `describe`. */
export async function eventually(describe: string, check: () => Promise<boolean>, timeout?: number): Promise<void> {
  await poll(describe, check, timeout);
}
