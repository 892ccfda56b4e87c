import { describe, it, expect as vexpect } from 'vitest';
import type { Page } from 'playwright-core';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { eventually, expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { WAIT } from '../helpers/timeouts.ts';

/** What a screen reader and a keyboard see after each kiosk screen change; the idle reset; the ticket's QR address. */
describe('kiosk screens: focus, idle reset, QR address', () => {
  const e2e = useLotse();

  async function open(page: Page) {
    await page.goto(`${e2e.server.baseUrl}/kiosk/`);
    await expect(page.getByRole('button', { name: 'Deutsch', exact: true })).toBeVisible();
  }

  it('moves focus to the new screen’s heading, or to its first field on a form, on every screen change', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    const kiosk = new KioskPage(page);
    await open(page);
    const seen: string[] = [];
    const step = async (expected: string, act: () => Promise<void>) => {
      await act();
      await eventually(`focus on ${expected}`, async () => (await kiosk.focused()) === expected);
      seen.push(expected);
    };
    await step('h1#checkin-title', () => kiosk.chooseLanguage('Deutsch'));
    await step('input#booking-code', () => kiosk.withAppointment());
    // Typed text lands in the field without a tap first.
    await page.keyboard.type('zz');
    vexpect(await page.locator('#booking-code').inputValue()).toBe('zz');
    await step('h1#checkin-title', () => page.locator('.actions button.secondary').click());
    await step('h1#service-title', () => kiosk.walkIn());
    await step('h1#bring-title-reisepass', () => kiosk.chooseServiceTile('reisepass'));
    await step('h1#ticket-title', () => kiosk.confirmBring());
    await step('h1.welcome', () => kiosk.done());
    vexpect(seen).toHaveLength(7);
    await context.close();
  });

  it('the first tap after an idle reset is kept (the inactivity clock starts anew)', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    await page.clock.install();
    const kiosk = new KioskPage(page);
    await open(page);
    await kiosk.chooseLanguage('Deutsch');
    await expect(page.locator('[data-choice="walk-in"]')).toBeVisible();
    await page.clock.runFor(61_000);
    await expect(page.locator('#idle-title')).toBeVisible();
    await page.clock.runFor(20_000);
    await expect(page.locator('.language-grid')).toBeVisible();

    // 81 s after the last use, a new citizen taps a language: the next screen stays.
    await kiosk.chooseLanguage('Deutsch');
    await expect(page.locator('[data-choice="walk-in"]')).toBeVisible();
    await page.clock.runFor(3_000);
    vexpect(await page.locator('[data-choice="walk-in"]').count()).toBe(1);
    vexpect(await page.locator('#idle-title').count()).toBe(0);
    await context.close();
  });

  it('a new kiosk’s first screen does without the offline outbox (Dexie); it loads when a citizen starts, and works offline', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk', { serviceWorkers: 'block' });
    const scripts: string[] = [];
    page.on('response', (r) => void (r.request().resourceType() === 'script' && scripts.push(new URL(r.url()).pathname)));
    const kiosk = new KioskPage(page);
    await open(page);
    await page.waitForLoadState('networkidle');
    vexpect(scripts.filter((s) => /\/(outbox|replay)-/.test(s))).toEqual([]);
    await kiosk.chooseLanguage('Deutsch');
    await expect(page.locator('[data-choice="walk-in"]')).toBeVisible();
    await eventually('the outbox loaded once a citizen started', async () => scripts.some((s) => /\/outbox-/.test(s)));
    // No service worker here: the offline check-in works with the code loaded while online.
    await context.setOffline(true);
    await expect(page.getByTestId('offline-banner')).toBeVisible(WAIT.reconnect);
    await kiosk.chooseService('anmeldung');
    await kiosk.provisionalNumber();
    await context.setOffline(false);
    await context.close();
  });

  it('the ticket’s QR code carries the configured public address, not the kiosk’s own', async () => {
    const publicUrl = 'https://lotse.buergeramt.example';
    await e2e.server.db.insertInto('settings').values({ key: 'public.url', value: `${publicUrl}/` }).execute();
    const info = (await (await fetch(`${e2e.server.baseUrl}/api/v1/info`)).json()) as { publicUrl?: string };
    vexpect(info.publicUrl).toBe(publicUrl);

    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    const kiosk = new KioskPage(page);
    await open(page);
    await kiosk.walkInTicket('Deutsch', 'reisepass');
    await kiosk.ticketNumber();
    const expected = new RegExp(`^${publicUrl.replace(/\./g, '\\.')}/kiosk/t/[0-9A-Z]{26}$`);
    await eventually('the QR code on the public address', async () => expected.test((await page.getByTestId('ticket-qr').getAttribute('data-url')) ?? ''));
    await context.close();
  });
});
