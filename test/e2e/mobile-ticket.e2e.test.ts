import { describe, it, expect as vexpect } from 'vitest';
import { ulid } from 'ulid';
import { newDevice } from './support/browser.ts';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { eventually, expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';
import ukMobile from '../../shared/src/i18n/locales/uk/mobile.json' with { type: 'json' };

/** The citizen's phone: no pairing, the ticket's language, live position, "you are next", the call, the end. */
describe('mobile ticket page', () => {
  const e2e = useLotse();

  it('follows a ticket from the kiosk QR code: position, next, called to Platz 2, finished', async () => {
    // Someone is already waiting for passports.
    await e2e.server.lotse.queue.createTicket({ id: ulid(), serviceId: 'reisepass', language: 'de' });

    const { context: kioskCtx, page: kioskPage } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    await kioskPage.goto(`${e2e.server.baseUrl}/kiosk/`);
    const kiosk = new KioskPage(kioskPage);
    await kiosk.walkInTicket('Українська', 'reisepass');
    const number = await kiosk.ticketNumber();
    const url = (await kioskPage.getByTestId('ticket-qr').getAttribute('data-url')) ?? '';
    vexpect(url).toMatch(/\/kiosk\/t\/[0-9A-Z]{26}$/);

    // A phone: its own browser, never paired, narrow screen; vibration recorded.
    const { context, page } = await newDevice(e2e.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addInitScript(() => {
      const calls: unknown[] = [];
      (window as unknown as { vibrations: unknown[] }).vibrations = calls;
      Object.defineProperty(navigator, 'vibrate', { value: (p: unknown) => calls.push(p) > 0 });
    });
    await page.goto(url);
    await expect(page.getByTestId('mobile-number')).toHaveText(number);
    await eventually('the page in Ukrainian', async () => (await page.evaluate(() => document.documentElement.lang)) === 'uk');
    await expect(page.getByTestId('mobile-position')).toContainText('1');
    await expect(page.locator('.bring-list li')).toHaveCount(3);
    await expect(page.getByLabel('Kopplungscode')).toBeHidden();

    await e2e.server.lotse.queue.openCounter({ counterId: 'platz-2', serviceIds: ['reisepass'] }, 'Test');
    await e2e.server.lotse.queue.callNext('platz-2'); // the one before
    await expect(page.locator('.alert-box.next')).toHaveText(ukMobile.next);
    await e2e.server.lotse.queue.callNext('platz-2'); // this ticket
    await expect(page.locator('.alert-box.called')).toContainText('Platz 2');
    await eventually('two vibrations (next, called)', async () => (await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length)) >= 2);
    await e2e.server.lotse.queue.finish('platz-2');
    await expect(page.getByTestId('mobile-status')).toHaveText(ukMobile.finished);
    await expect(page.locator('.alert-box')).toBeHidden();
    await expect(page.locator('.bring-list')).toBeHidden();

    // Nothing personal is stored on the phone.
    vexpect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    await context.close();
    await kioskCtx.close();
  });

  it('an unknown ticket id says so', async () => {
    const { context, page } = await newDevice(e2e.browser);
    await page.goto(`${e2e.server.baseUrl}/kiosk/t/${ulid()}`);
    await expect(page.getByRole('alert')).toContainText('Diese Wartenummer gibt es nicht');
    await context.close();
  });
});
