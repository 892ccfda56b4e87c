import { afterAll, beforeAll, describe, it, expect as vexpect } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { startE2eServer } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { qrVideoFile } from './support/fakeCamera.ts';
import { expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** Appointment check-in at the kiosk: by typed booking code and by QR code held to the (fake) camera. */
describe('kiosk appointment check-in', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.lotse.appointments.import([
      { code: 'K7M-Q2X', serviceId: 'reisepass', startsAt: inMinutes(10), durationMinutes: 20 },
      { code: 'EARLY-1', serviceId: 'anmeldung', startsAt: inMinutes(180), durationMinutes: 20 },
      { code: 'LATE-01', serviceId: 'anmeldung', startsAt: inMinutes(-60), durationMinutes: 20 },
      { code: 'SCAN-42', serviceId: 'personalausweis', startsAt: inMinutes(5), durationMinutes: 20 },
    ]);
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${qrVideoFile('SCAN-42')}`]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('by code: checked in (ticket with appointment mark), already, too early, late, unknown', async () => {
    const { context, page } = await pairedDevice(browser, server, 'kiosk');
    const kiosk = new KioskPage(page);
    await page.goto(`${server.baseUrl}/kiosk/`);

    const startAppointment = async () => {
      await kiosk.chooseLanguage('Deutsch');
      await kiosk.withAppointment();
    };

    await startAppointment();
    await kiosk.enterBookingCode('k7m-q2x'); // typed in lower case: normalized
    const number = await kiosk.ticketNumber();
    vexpect(number).toMatch(/^B-\d{3}$/);
    await expect(page.getByTestId('appointment-outcome')).toContainText('ist bestätigt');
    await expect(page.locator('.badge')).toContainText('mit Termin');
    await kiosk.done();

    await startAppointment();
    await kiosk.enterBookingCode('K7M-Q2X');
    await expect(page.getByTestId('appointment-outcome')).toContainText(`Ihre Nummer ist ${number}`);
    vexpect(await kiosk.ticketNumber()).toBe(number);
    await kiosk.done();

    await startAppointment();
    await kiosk.enterBookingCode('EARLY-1');
    await expect(page.getByTestId('appointment-outcome')).toContainText('Sie können sich ab');
    await expect(page.getByTestId('ticket-number')).toBeHidden();
    await page.getByRole('button', { name: 'Neu beginnen' }).click();

    await startAppointment();
    await kiosk.enterBookingCode('LATE-01');
    await expect(page.getByTestId('appointment-outcome')).toContainText('ohne Termin eingereiht');
    vexpect(await kiosk.ticketNumber()).toMatch(/^C-\d{3}$/);
    await kiosk.done();

    await startAppointment();
    await kiosk.enterBookingCode('NOPE-0000');
    await expect(page.getByRole('alert')).toContainText('Zu diesem Code gibt es heute keinen Termin');
    await context.close();
  });

  // Needs the server's CSP to allow WebAssembly (script-src 'wasm-unsafe-eval'); the reader is ZXing C++ as wasm.
  it('by QR code held to the camera', async () => {
    const { context, page } = await pairedDevice(browser, server, 'kiosk');
    const kiosk = new KioskPage(page);
    await page.goto(`${server.baseUrl}/kiosk/`);
    await kiosk.chooseLanguage('Deutsch');
    await kiosk.withAppointment();
    await page.getByTestId('scan-start').click();
    vexpect(await kiosk.ticketNumber()).toMatch(/^A-\d{3}$/);
    await expect(page.getByTestId('appointment-outcome')).toContainText('ist bestätigt');
    await expect(page.getByText('Die Kamera ist nicht verfügbar')).toBeHidden();
    await context.close();
  });
});
