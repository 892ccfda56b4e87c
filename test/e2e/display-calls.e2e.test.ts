import path from 'node:path';
import { describe, it, expect as vexpect } from 'vitest';
import { ulid } from 'ulid';
import type { Browser } from 'playwright-core';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { launchChromium, newDevice } from './support/browser.ts';
import { eventually, expect } from './pages/expect.ts';
import { DisplayPage } from './pages/DisplayPage.ts';
import arDisplay from '../../shared/src/i18n/locales/ar/display.json' with { type: 'json' };
import ukDisplay from '../../shared/src/i18n/locales/uk/display.json' with { type: 'json' };

const SHOTS = process.env.LOTSE_SHOTS_DIR;

/** Calls at the same moment are all shown large, then move to the list; the hidden sentence speaks the ticket's language; sound is remembered. */
describe('call display: simultaneous calls, announcement text, sound', () => {
  const e2e = useLotse();

  async function ticket(serviceId: string, language: 'ar' | 'uk' | 'de') {
    return (await e2e.server.lotse.queue.createTicket({ id: ulid(), serviceId, language })).ticket;
  }

  it('two counters calling at once: both large, each with its sentence in German and the ticket’s language; later in the list', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'display');
    await page.clock.install();
    const display = new DisplayPage(page);
    await page.goto(`${e2e.server.baseUrl}/kiosk/display`);
    await expect(page.getByText('Noch kein Aufruf')).toBeVisible();

    // A first call seen live proves the display follows the calls (a call made before it connected is shown, not fresh).
    const warmUp = await ticket('reisepass', 'de');
    await e2e.server.lotse.queue.openCounter({ counterId: 'platz-2', serviceIds: ['reisepass'] }, 'Test');
    await e2e.server.lotse.queue.callNext('platz-2');
    await expect(display.currentCall()).toContainText(warmUp.number);
    await page.clock.runFor(15_000);

    const ar = await ticket('reisepass', 'ar');
    const uk = await ticket('anmeldung', 'uk');
    await e2e.server.lotse.queue.openCounter({ counterId: 'platz-1', serviceIds: ['anmeldung'] }, 'Test');
    await Promise.all([e2e.server.lotse.queue.callNext('platz-2'), e2e.server.lotse.queue.callNext('platz-1')]);

    await expect(display.currentCalls()).toHaveCount(2);
    const large = await display.currentCalls().evaluateAll((els) => els.map((el) => ({
      text: el.textContent ?? '',
      numberPx: parseFloat(getComputedStyle(el.querySelector('.call-number') as Element).fontSize),
    })));
    vexpect(large.map((c) => c.text).join(' ')).toContain(ar.number);
    vexpect(large.map((c) => c.text).join(' ')).toContain(uk.number);
    for (const c of large) vexpect(c.numberPx).toBeGreaterThanOrEqual(64);
    // The hidden sentence for screen readers: German, then the ticket's language (marked with its lang).
    const spokenAs = (n: string) => n.replace(/-0*(\d)/, ' $1');
    const said = (lang: string) => page.locator(`[data-testid="current-call"] .visually-hidden [lang="${lang}"]`).first().textContent();
    await eventually('the Arabic sentence', async () => (await said('ar')) === arDisplay.goTo.replace('{{number}}', spokenAs(ar.number)).replace('{{counter}}', 'Platz 2'));
    await eventually('the Ukrainian sentence', async () => (await said('uk')) === ukDisplay.goTo.replace('{{number}}', spokenAs(uk.number)).replace('{{counter}}', 'Platz 1'));
    await expect(page.locator('[data-testid="current-call"] .visually-hidden').first()).toContainText('bitte zu');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'display-two-calls.png') });

    // A few seconds later only the newest stays large; the other moved to the list.
    await page.clock.runFor(15_000);
    await expect(display.currentCalls()).toHaveCount(1);
    await expect(page.locator('.recent-calls tbody tr')).toHaveCount(2); // the other one and the first call
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'display-after.png') });
    await context.close();
  });

  it('a display whose browser blocks sound asks at once, remembers the choice, and then any touch turns it on', async () => {
    let strict: Browser | undefined;
    try {
      strict = await launchChromium(['--autoplay-policy=user-gesture-required']);
      const first = await pairedDevice(strict, e2e.server, 'display');
      await first.page.goto(`${e2e.server.baseUrl}/kiosk/display`);
      const button = first.page.getByRole('button', { name: 'Ton einschalten' });
      // Before any call: a missed first call would go unheard.
      await new DisplayPage(first.page).waitForSoundButtonUntouched();
      await button.click();
      await expect(button).toBeHidden();
      vexpect(await first.page.evaluate(() => localStorage.getItem('lotse.display.sound'))).toBe('on');
      const remembered = await first.context.storageState();
      await first.context.close();

      // The browser started anew (power cut, morning start): the choice is remembered, a touch anywhere is enough.
      const again = await newDevice(strict, { storageState: remembered });
      await again.page.goto(`${e2e.server.baseUrl}/kiosk/display`);
      const askAgain = again.page.getByRole('button', { name: 'Ton einschalten' });
      await new DisplayPage(again.page).waitForSoundButtonUntouched();
      await again.page.mouse.click(200, 200);
      await expect(askAgain).toBeHidden();
      await again.context.close();

    } finally {
      await strict?.close();
    }

    // With the kiosk-mode flag (as the e2e browser runs) nothing needs a click.
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'display');
    await page.goto(`${e2e.server.baseUrl}/kiosk/display`);
    await expect(page.locator('.display-main')).toBeVisible(); // the board may hold the first test's calls
    await ticket('reisepass', 'de');
    await e2e.server.lotse.queue.openCounter({ counterId: 'platz-3', serviceIds: ['reisepass'] }, 'Test');
    await e2e.server.lotse.queue.callNext('platz-3');
    await expect(new DisplayPage(page).currentCall()).toContainText('Platz 3');
    vexpect(await page.getByRole('button', { name: 'Ton einschalten' }).count()).toBe(0);
    await context.close();
  });
});
