import net from 'node:net';
import { afterAll, beforeAll, describe, it, expect as vexpect } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { startE2eServer } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { eventually, expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';

/** A receipt printer: a real TCP listener that keeps every byte it receives. */
async function fakePrinter(): Promise<{ port: number; bytes: () => Buffer; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const server = net.createServer((socket) => socket.on('data', (d) => chunks.push(d)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes: () => Buffer.concat(chunks),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('printing the ticket', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the Print button sends the ticket to the receipt printer (number and QR code in the ESC/POS bytes)', async () => {
    const printer = await fakePrinter();
    const server: TestServer = await startE2eServer({ printer: `127.0.0.1:${printer.port}` });
    try {
      const { context, page } = await pairedDevice(browser, server, 'kiosk');
      const kiosk = new KioskPage(page);
      await page.goto(`${server.baseUrl}/kiosk/`);
      await kiosk.walkInTicket('Deutsch', 'reisepass');
      const number = await kiosk.ticketNumber();
      await page.getByTestId('print').click();
      await expect(page.getByText('Ihr Ticket wird gedruckt.')).toBeVisible();
      await eventually(`the printer to receive ${number}`, async () => printer.bytes().includes(Buffer.from(number)));
      vexpect(printer.bytes().includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(true); // GS ( k: QR code
      await context.close();
    } finally {
      await server.close();
      await printer.close();
    }
  });

  it('without a printer: the message, then the browser print layout on 80 mm paper with only the ticket', async () => {
    const server = await startE2eServer();
    try {
      const { context, page } = await pairedDevice(browser, server, 'kiosk');
      const kiosk = new KioskPage(page);
      await page.goto(`${server.baseUrl}/kiosk/`);
      await kiosk.walkInTicket('Deutsch', 'anmeldung');
      const number = await kiosk.ticketNumber();
      await page.getByTestId('print').click();
      await expect(page.getByTestId('print-failed')).toContainText('Der Drucker ist nicht erreichbar');

      await page.emulateMedia({ media: 'print' });
      vexpect(await page.locator('.toolbar').isVisible()).toBe(false);
      vexpect(await page.locator('.actions').isVisible()).toBe(false);
      vexpect(await page.getByTestId('ticket-number').isVisible()).toBe(true);
      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
      const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
      vexpect(box).not.toBeNull();
      vexpect(Number(box?.[1])).toBeCloseTo((80 / 25.4) * 72, 0); // 80 mm in points
      vexpect((pdf.match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1); // the ticket fits one receipt
      vexpect(number).toMatch(/^C-/);
      await context.close();
    } finally {
      await server.close();
    }
  });
});
