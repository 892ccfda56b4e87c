import { describe, it, expect as vexpect } from 'vitest';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice, ticketRows, waitForTicketCount } from './support/devices.ts';
import { waitForServiceWorker } from './support/sw.ts';
import { expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { WAIT } from '../helpers/timeouts.ts';

/**
 * Offline check-ins: the kiosk keeps them in its Dexie outbox with provisional numbers and delivers them exactly
 * once when the server is reachable again (the server deduplicates by the kiosk-made ULID).
 */
describe('offline kiosk: outbox, replay, reconciliation', () => {
  const e2e = useLotse();

  /**
   * A check-in made online after the replay, waited for in the database: whatever the kiosk would (wrongly) send
   * again on reconnecting goes out before it, so once it is stored, nothing else is still on its way.
   */
  async function checkInOnline(kiosk: KioskPage, expectedTickets: number): Promise<void> {
    await kiosk.walkInTicket('Deutsch', 'personalausweis');
    await kiosk.ticketNumber();
    await waitForTicketCount(e2e.server, expectedTickets);
  }

  it('network cut mid-flow: two provisional tickets, delivered once each after reconnect, numbers reconciled', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    const kiosk = new KioskPage(page);
    await page.goto(`${e2e.server.baseUrl}/kiosk/`);
    await kiosk.chooseLanguage('Deutsch');
    await expect(page.locator('[data-choice="walk-in"]')).toBeVisible();
    const before = (await ticketRows(e2e.server)).length;

    await context.setOffline(true);
    await expect(page.getByTestId('offline-banner')).toBeVisible(WAIT.reconnect);
    await kiosk.walkIn();
    await kiosk.chooseServiceTile('reisepass');
    await kiosk.confirmBring();
    const first = await kiosk.provisionalNumber();
    vexpect(first).toMatch(/^V-\d{3}$/);
    await expect(page.getByText('Ihre Anmeldung ist gespeichert')).toBeVisible();
    await kiosk.done();
    await kiosk.walkInTicket('Deutsch', 'anmeldung');
    const second = await kiosk.provisionalNumber();
    vexpect(second).not.toBe(first);
    vexpect((await ticketRows(e2e.server)).length).toBe(before);

    await context.setOffline(false);
    await waitForTicketCount(e2e.server, before + 2);
    // Still on the offline screen: the final number appears there.
    await expect(page.getByTestId('reconciled-number')).toContainText('C-');
    await kiosk.done();
    await expect(page.getByTestId('reconciled-list')).toContainText(`${first}`);
    await expect(page.getByTestId('reconciled-list')).toContainText('B-');

    // Another reconnect sends nothing again.
    await context.setOffline(true);
    await expect(page.getByTestId('offline-banner')).toBeVisible(WAIT.reconnect);
    await context.setOffline(false);
    await expect(page.getByTestId('offline-banner')).toBeHidden(WAIT.reconnect);
    await checkInOnline(kiosk, before + 3);
    vexpect((await ticketRows(e2e.server)).length).toBe(before + 3);
    vexpect(await page.evaluate(() => new Promise<number>((resolve) => {
      const req = indexedDB.open('lotse-kiosk');
      req.onsuccess = () => {
        const c = req.result.transaction('outbox').objectStore('outbox').count();
        c.onsuccess = () => resolve(c.result);
      };
    }))).toBe(0);
    await context.close();
  });

  it('server stopped and restarted on the same port and data: offline check-ins arrive exactly once', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    const kiosk = new KioskPage(page);
    await page.goto(`${e2e.server.baseUrl}/kiosk/`);
    await expect(page.getByRole('button', { name: 'Deutsch', exact: true })).toBeVisible();
    await waitForServiceWorker(page);
    const before = (await ticketRows(e2e.server)).length;

    await e2e.server.stop();
    await expect(page.getByTestId('offline-banner')).toBeVisible(WAIT.reconnect);
    await kiosk.walkInTicket('English', 'personalausweis');
    await kiosk.provisionalNumber();
    await kiosk.done();
    await kiosk.walkInTicket('Türkçe', 'reisepass');
    await kiosk.provisionalNumber();
    await kiosk.done();

    // A reload while the server is down: the kiosk starts from the service worker, the outbox survives.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Deutsch', exact: true })).toBeVisible();
    await kiosk.walkInTicket('Deutsch', 'abholung');
    await kiosk.provisionalNumber();
    await kiosk.done();

    await e2e.server.reopen();
    await waitForTicketCount(e2e.server, before + 3);
    await expect(page.getByTestId('reconciled-list')).toContainText('F-');
    await checkInOnline(kiosk, before + 4);
    const rows = await ticketRows(e2e.server);
    vexpect(rows.length).toBe(before + 4);
    vexpect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    await context.close();
  });
});
