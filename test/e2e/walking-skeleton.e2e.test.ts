import { describe, it, expect as vexpect } from 'vitest';
import { newDevice } from './support/browser.ts';
import { useLotse } from './support/useLotse.ts';
import { expect } from './pages/expect.ts';
import { AdminPage } from './pages/AdminPage.ts';
import { pairDevice } from './pages/PairingPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { DisplayPage } from './pages/DisplayPage.ts';

describe('walking skeleton in Chromium', () => {
  const e2e = useLotse();

  it('pairs a kiosk, a display and a counter; a check-in is called at the counter and shown on the display', async () => {
    const { baseUrl, passwords } = e2e.server;
    // Each device is its own browser context, as each is its own tablet.
    const admin = new AdminPage((await newDevice(e2e.browser)).page, baseUrl);
    await admin.signIn(passwords.admin);

    const { page: kioskPage } = await newDevice(e2e.browser);
    await pairDevice(kioskPage, `${baseUrl}/kiosk/`, await admin.pairingCode('kiosk', 'Kiosk Eingang'));

    const { page: displayPage } = await newDevice(e2e.browser);
    await pairDevice(displayPage, `${baseUrl}/kiosk/display`, await admin.pairingCode('display', 'Anzeige Wartebereich'));
    const display = new DisplayPage(displayPage);
    await expect(displayPage.getByText('Noch kein Aufruf')).toBeVisible();

    const { page: counterPage } = await newDevice(e2e.browser);
    await pairDevice(counterPage, `${baseUrl}/counter/`, await admin.pairingCode('counter', 'Platz 1 Tablet'));
    const counter = new CounterPage(counterPage);
    await counter.signIn('sachbearbeitung', passwords.sachbearbeitung);
    await counter.openCounter('Platz 1', ['Reisepass']);

    // The citizen's tablet of that desk follows the counter its code named; nothing on it chooses another.
    const { page: citizenPage } = await newDevice(e2e.browser);
    await pairDevice(citizenPage, `${baseUrl}/counter/citizen`, await admin.pairingCode('citizen', 'Bürgertablet Platz 1', 'Platz 1'));
    await expect(citizenPage.getByTestId('citizen-half')).toContainText('Platz 1');

    const kiosk = new KioskPage(kioskPage);
    await kiosk.chooseLanguage('English');
    await kiosk.chooseService('reisepass');
    const number = await kiosk.ticketNumber();
    vexpect(number).toMatch(/^B-\d{3}$/);
    await expect(kioskPage.getByText('You are next.')).toBeVisible();

    await expect(counterPage.getByRole('cell', { name: number })).toBeVisible();
    await counter.callNext();
    await expect(counter.current()).toContainText(number);
    await expect(display.currentCall()).toContainText(number);
    await expect(display.currentCall()).toContainText('Platz 1');

    // Pairing survives a reload: the kiosk shows its start screen, not the pairing screen.
    await kioskPage.reload();
    await expect(kioskPage.getByRole('button', { name: 'Deutsch', exact: true })).toBeVisible();
    await expect(kioskPage.getByLabel('Kopplungscode')).toBeHidden();

    // The admin sees the four devices it paired, the citizen screen with its counter.
    await admin.page.reload();
    for (const name of ['Kiosk Eingang', 'Anzeige Wartebereich', 'Platz 1 Tablet', 'Bürgertablet Platz 1']) {
      await expect(admin.page.getByRole('cell', { name, exact: true })).toBeVisible();
    }
    await expect(admin.page.getByRole('cell', { name: 'Bürgerbildschirm · Platz 1', exact: true })).toBeVisible();
  });

  it('an unpaired device sees only the pairing screen, and a wrong code is refused', async () => {
    const { context: ctx, page } = await newDevice(e2e.browser);
    await page.goto(`${e2e.server.baseUrl}/kiosk/`);
    await expect(page.getByLabel('Kopplungscode')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Deutsch', exact: true })).toBeHidden();
    await page.getByLabel('Kopplungscode').fill('ABCD-EFGH');
    await page.getByRole('button', { name: 'Koppeln' }).click();
    await expect(page.getByRole('alert')).toContainText('unbekannt');
    await ctx.close();
  });
});
