import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect as vexpect } from 'vitest';
import type { Page } from 'playwright-core';
import { newDevice } from './support/browser.ts';
import { seriousViolations } from './support/axe.ts';
import { useLotse } from './support/useLotse.ts';
import { expect, eventually } from './pages/expect.ts';
import { AdminPage } from './pages/AdminPage.ts';
import { E2E_NEW_PASSWORD } from './pages/ForcedPasswordChange.ts';
import { pairDevice } from './pages/PairingPage.ts';
import { KioskPage } from './pages/KioskPage.ts';

/** Set LOTSE_SHOTS_DIR to keep screenshots of every screen this file visits. */
const SHOTS = process.env.LOTSE_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));

describe('the office configures itself in Chromium (issue 11)', () => {
  const e2e = useLotse();

  it('the admin creates a service with German and Arabic texts; a kiosk in Arabic shows it at once', async () => {
    const { baseUrl, passwords } = e2e.server;
    // bypassCSP: axe-core is injected as a script.
    const admin = new AdminPage((await newDevice(e2e.browser, { bypassCSP: true })).page, baseUrl);
    await admin.signIn(passwords.admin);
    const { page: kioskPage } = await newDevice(e2e.browser);
    await pairDevice(kioskPage, `${baseUrl}/kiosk/`, await admin.pairingCode('kiosk', 'Kiosk Eingang'));
    const kiosk = new KioskPage(kioskPage);
    await kiosk.chooseLanguage('العربية');
    await kiosk.walkIn();
    await expect(kioskPage.locator('[data-service="reisepass"]')).toBeVisible();
    vexpect(await kioskPage.locator('[data-service="kfz-zulassung"]').count()).toBe(0);

    // Every page of the admin application has its own address and heading; nothing is wider than the screen.
    for (const [section, file] of [['Geräte', 'geraete'], ['Konten', 'konten'], ['Dienstleistungen', 'dienstleistungen'], ['Plätze', 'plaetze'], ['Öffnungszeiten', 'oeffnungszeiten'], ['Einstellungen', 'einstellungen'], ['Protokoll', 'protokoll'], ['Datenschutz', 'datenschutz']]) {
      await admin.open(section);
      vexpect(admin.page.url()).toContain(`#/${file}`);
      // A new page is announced: focus moves from the nav link to the page's heading (issue 14, item 1).
      if (section !== 'Geräte') await eventually(`${section}: focus on its h1`, async () => admin.page.evaluate(() => document.activeElement?.id === 'admin-page-title'));
      await eventually(`${section} fits 1280 px`, async () => (await admin.page.evaluate(() => document.documentElement.scrollWidth)) <= 1280);
      await shot(admin.page, `admin-${file}`);
      vexpect(await seriousViolations(admin.page), section).toEqual([]);
    }
    await admin.open('Dienstleistungen');
    await admin.page.getByRole('button', { name: 'Neue Dienstleistung' }).click();
    await shot(admin.page, 'admin-dienstleistung-neu');
    vexpect(await seriousViolations(admin.page), 'service editor').toEqual([]);
    await admin.page.getByRole('button', { name: 'Abbrechen' }).click();

    await admin.createService({
      letter: 'K', name: 'Kfz-Zulassung', description: 'Fahrzeug an- oder ummelden', bring: ['Fahrzeugschein', 'eVB-Nummer der Versicherung'], fee: 'ab 27,00 €',
      other: { language: 'Arabisch', name: 'تسجيل المركبات', description: 'تسجيل مركبة أو نقل تسجيلها' },
    });
    await shot(admin.page, 'admin-dienstleistung-gespeichert');

    // No reload: the kiosk got the change pushed and shows the Arabic texts.
    const tile = kioskPage.locator('[data-service="kfz-zulassung"]');
    await expect(tile).toContainText('تسجيل المركبات');
    await expect(tile).toContainText('تسجيل مركبة أو نقل تسجيلها');
    await shot(kioskPage, 'kiosk-ar-new-service');
    // Not translated into Arabic: what to bring shows in German until it is.
    await tile.click();
    await expect(kioskPage.getByText('Fahrzeugschein')).toBeVisible();

    // The audit log names who did it, in German.
    await admin.open('Protokoll');
    const row = admin.page.getByRole('row').filter({ hasText: 'Dienstleistung angelegt' });
    await expect(row).toContainText('Administration (admin)');
    await expect(row).toContainText('Kfz-Zulassung');
    await shot(admin.page, 'admin-protokoll-lesbar');
  });

  it('capacity reached: the kiosk says so and books the next free slot instead of a ticket', async () => {
    const { baseUrl } = e2e.server;
    const admin = new AdminPage((await newDevice(e2e.browser)).page, baseUrl);
    // The first test changed the one-time password through the screen.
    await admin.signIn(E2E_NEW_PASSWORD);
    const token = await admin.page.evaluate(() => Object.values(sessionStorage).map((v) => { try { return (JSON.parse(v) as { token?: string }).token; } catch { return undefined; } }).find(Boolean));
    const hours = await fetch(`${baseUrl}/api/v1/office/hours`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ weekdays: ALL_DAY, closedDays: [] }) });
    vexpect(hours.status).toBe(200);
    await admin.setCapacity('Reisepass', 0);
    await admin.open('Öffnungszeiten');
    await shot(admin.page, 'admin-oeffnungszeiten-gesetzt');

    const { page: kioskPage } = await newDevice(e2e.browser, { bypassCSP: true });
    await pairDevice(kioskPage, `${baseUrl}/kiosk/`, await admin.pairingCode('kiosk', 'Kiosk Foyer'));
    const kiosk = new KioskPage(kioskPage);
    for (const [language, file] of [['Türkçe', 'tr'], ['العربية', 'ar'], ['Deutsch', 'de']]) {
      await kiosk.chooseLanguage(language);
      await kiosk.chooseService('reisepass');
      await expect(kioskPage.locator('.capacity [data-slot]')).toBeVisible();
      await shot(kioskPage, `kiosk-capacity-${file}`);
      vexpect(await seriousViolations(kioskPage), `capacity screen ${file}`).toEqual([]);
      if (file !== 'de') {
        await kioskPage.locator('.capacity nav button').click();
        continue;
      }
      await expect(kioskPage.getByRole('heading', { level: 1 })).toContainText('Heute gibt es keine Wartenummern mehr für „Reisepass“');
      const slot = kioskPage.locator('.capacity [data-slot]').first();
      const startsAt = await slot.getAttribute('data-slot');
      await slot.click();
      await expect(kioskPage.getByRole('heading', { name: 'Ihr Termin ist gebucht' })).toBeVisible();
      await expect(kioskPage.getByTestId('booking-qr')).toBeVisible();
      const code = (await kioskPage.getByTestId('booking-code').textContent())?.trim() ?? '';
      vexpect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      await shot(kioskPage, 'kiosk-capacity-booked-de');
      vexpect(await seriousViolations(kioskPage), 'booked screen').toEqual([]);
      // The booking is a real appointment the office sees.
      const list = await fetch(`${baseUrl}/api/v1/appointments?day=${startsAt?.slice(0, 10)}`, { headers: { authorization: `Bearer ${token}` } });
      if (list.ok) vexpect(JSON.stringify(await list.json())).toContain(code);
    }
  });
});
