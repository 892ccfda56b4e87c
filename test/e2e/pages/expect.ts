import type { Locator, Page } from 'playwright-core';
import { pollUntil, WAIT } from '../../helpers/timeouts.ts';

const POLL_READ_MS = 1000;

export type { Page, Locator };

/** The trimmed text of the first match, or null while there is none (a poll reads again instead of waiting here). */
const text = async (locator: Locator): Promise<string | null> =>
  (await locator.count()) === 0 ? null : ((await locator.first().textContent({ timeout: POLL_READ_MS })) ?? '').trim();

/**
 * The few web-first assertions our e2e tests need (playwright-core has no `expect`): each waits until what a user
 * would see is true (default limit `WAIT.ui`), and on failure names the locator and what the page showed last.
 */
export function expect(locator: Locator) {
  return {
    async toBeVisible(timeout: number = WAIT.ui) {
      await locator.first().waitFor({ state: 'visible', timeout });
    },
    async toBeHidden(timeout: number = WAIT.ui) {
      await locator.first().waitFor({ state: 'hidden', timeout });
    },
    async toHaveText(expected: string | RegExp, timeout: number = WAIT.ui) {
      await pollUntil(`${locator} to have text ${expected}`, () => text(locator), (seen) => seen !== null && (typeof expected === 'string' ? seen === expected : expected.test(seen)), timeout);
    },
    async toContainText(expected: string, timeout: number = WAIT.ui) {
      await pollUntil(`${locator} to contain "${expected}"`, () => text(locator), (seen) => seen !== null && seen.includes(expected), timeout);
    },
    async toHaveCount(n: number, timeout: number = WAIT.ui) {
      await pollUntil(`${locator} to have ${n} elements`, () => locator.count(), (seen) => seen === n, timeout);
    },
  };
}

/** Waits until `check` (something read off the page) holds; fails naming `describe`. */
export async function eventually(describe: string, check: () => Promise<boolean>, timeout: number = WAIT.ui): Promise<void> {
  await pollUntil(describe, check, (ok) => ok, timeout);
}

/** `eventually`, for page objects that hold the page. */
export async function expectPage(page: Page, describe: string, check: () => Promise<boolean>, timeout?: number) {
  void page;
  await eventually(describe, check, timeout);
}
