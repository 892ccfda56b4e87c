import fs from 'node:fs';
import { describe, it, expect as vexpect } from 'vitest';
import type { Page } from 'playwright-core';
import type { TicketReceiptT } from '@lotse/shared';
import { newDevice } from './support/browser.ts';
import { useLotse } from './support/useLotse.ts';
import { expect } from './pages/expect.ts';
import { pairDevice } from './pages/PairingPage.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { newId } from '../helpers/server.ts';

const SHOTS = process.env.LOTSE_SHOTS_DIR;

/** Where an element lies against the window, and how far the page itself scrolls (0: everything fits). */
async function layout(page: Page, selectors: Record<string, string>) {
  return page.evaluate((sel) => {
    const doc = document.scrollingElement ?? document.documentElement;
    const boxes: Record<string, { top: number; bottom: number; left: number; right: number } | null> = {};
    for (const [name, css] of Object.entries(sel)) {
      // `button:Text` is the button with that text; anything else a CSS selector.
      const el = css.startsWith('button:')
        ? [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === css.slice(7))
        : document.querySelector(css);
      const r = el?.getBoundingClientRect();
      boxes[name] = r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : null;
    }
    return { overflow: doc.scrollHeight - window.innerHeight, innerHeight: window.innerHeight, innerWidth: window.innerWidth, boxes };
  }, selectors);
}

const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

describe('the clerk desk in Chromium', () => {
  const e2e = useLotse();

  async function desk(name: string, username: string, password: string, counter: string, services: string[]): Promise<CounterPage> {
    const server = e2e.server;
    const code = await server.http<{ code: string }>('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body: { role: 'counter', name } });
    const { page } = await newDevice(e2e.browser);
    await pairDevice(page, `${server.baseUrl}/counter/`, code.body.code);
    const desk = new CounterPage(page);
    await desk.signIn(username, password);
    await desk.openCounter(counter, services);
    return desk;
  }

  it('fits 1280×800 during a call, confirms a recall, parks and takes back, and transfers with a note the other desk sees', async () => {
    const server = e2e.server;
    server.adminToken = (await server.signIn('admin')).token;
    await server.signIn('sachbearbeitung');
    await server.addClerk('zweite');
    await server.db.updateTable('staff').set({ languages: JSON.stringify(['de', 'ar']) }).where('username', '=', 'zweite').execute();
    const kiosk = await server.pairDevice('kiosk', 'Kiosk Eingang');
    const checkIn = async (serviceId: string, language: string) =>
      (await server.http<TicketReceiptT>('POST', '/api/v1/tickets', { token: kiosk.token, body: { id: newId(), serviceId, language } })).body.ticket.number;
    const first = await checkIn('personalausweis', 'ar');
    for (const [i, lang] of ['uk', 'tr', 'de', 'fa', 'ru', 'en', 'ti', 'ar'].entries()) await checkIn(i % 2 ? 'reisepass' : 'personalausweis', lang);

    const one = await desk('Platz 1 Tablet', 'sachbearbeitung', server.passwords.sachbearbeitung, 'Platz 1', ['Personalausweis', 'Reisepass']);
    const two = await desk('Platz 2 Tablet', 'zweite', 'pw-zweite-1234', 'Platz 2', ['Reisepass']);
    await expect(one.waitingRow(first)).toBeVisible();
    await one.callNext();
    await expect(one.current()).toContainText(first);
    await expect(one.page.getByRole('heading', { name: `Gespräch mit ${first}` })).toBeVisible();

    await shot(one.page, 'desk-call-de');
    // 1280×800 in a call, one shared tablet: no page scrolling, and every main action lies inside the window.
    const seen = await layout(one.page, {
      callNext: 'button:Nächste Nummer aufrufen',
      finish: 'button:Abschließen',
      park: 'button:Parken',
      transfer: 'button:Weiterleiten …',
      end: 'button:Gespräch beenden',
      phrasebook: '#phrasebook-title',
      say: '#clerk-say',
      waitingTable: '.waiting-table',
      waitingLastHead: '.waiting-table th:last-child',
      waitingCard: '.waiting',
    });
    vexpect(seen.overflow, 'the page scrolls').toBeLessThanOrEqual(0);
    for (const name of ['callNext', 'finish', 'park', 'transfer', 'end', 'phrasebook', 'say'] as const) {
      const box = seen.boxes[name];
      vexpect(box, name).not.toBeNull();
      vexpect(box!.bottom, `${name} below the window`).toBeLessThanOrEqual(seen.innerHeight);
      vexpect(box!.right, `${name} right of the window`).toBeLessThanOrEqual(seen.innerWidth);
      vexpect(box!.top, `${name} above the window`).toBeGreaterThanOrEqual(0);
    }
    // The waiting list's last column stays inside its card.
    vexpect(seen.boxes.waitingLastHead!.right).toBeLessThanOrEqual(seen.boxes.waitingCard!.right);

    // What is said stays in view next to the typing field.
    await one.page.getByLabel('Satz tippen').fill('Bitte nehmen Sie Platz.');
    await one.page.getByRole('button', { name: 'Senden' }).click();
    const line = one.page.getByTestId('clerk-transcript').getByText('Bitte nehmen Sie Platz.');
    await expect(line).toBeVisible();
    const lineBox = await line.boundingBox();
    vexpect(lineBox && lineBox.y + lineBox.height).toBeLessThanOrEqual(800);
    await shot(one.page, 'desk-call-line-de');

    await one.recall();
    await expect(one.message()).toContainText(`Nachaufruf: ${first} wurde um`);

    await one.park();
    await expect(one.parkedList()).toContainText(first);
    await expect(one.page.getByText('Keine Nummer aufgerufen.')).toBeVisible();
    await shot(one.page, 'desk-parked-de');
    await one.resume(first);
    await expect(one.current()).toContainText(first);

    await one.openTransfer();
    await one.transferTo({ counter: 'Platz 2' }, 'Braucht Meldebescheinigung', 'front');
    await shot(one.page, 'desk-transfer-dialog-de');
    await one.submitTransfer();
    await expect(one.message()).toContainText(`${first} wurde an Platz 2 weitergeleitet.`);

    // Platz 2 does not serve Personalausweis, but this ticket was sent to it by name: it sees it, marked, with the note.
    await expect(two.waitingRow(first)).toContainText('weitergeleitet von Platz 1');
    await expect(two.waitingRow(first)).toContainText('Braucht Meldebescheinigung');
    await expect(one.waitingRow(first)).toBeHidden();
    await two.callNext();
    await expect(two.current()).toContainText(first);
    await expect(two.transferNote()).toContainText('Braucht Meldebescheinigung');
    await shot(two.page, 'desk-transferred-de');
    // The server agrees: the ticket kept its number and language.
    const state = await server.http<{ current: { number: string; language: string } }>('GET', '/api/v1/counters/platz-2', { token: server.adminToken });
    vexpect(state.body.current).toMatchObject({ number: first, language: 'ar' });

    // Platz 2's clerk speaks Arabic: Arabic tickets are marked there. Platz 1 calls one out of order, then asks for help.
    const arabic = await checkIn('personalausweis', 'ar');
    await expect(two.page.getByTestId('waiting-row').filter({ hasText: 'Ihre Sprache' })).toBeVisible();
    await one.page.getByRole('button', { name: 'Nummer aufrufen …' }).click();
    await one.page.getByTestId('call-dialog').getByLabel('Nummer (z. B. A-017)').fill(arabic.replace('-0', ''));
    await one.page.getByTestId('call-dialog').getByLabel('Grund (wird protokolliert)').selectOption({ label: 'Termin' });
    await one.page.getByTestId('call-dialog').getByRole('button', { name: 'Aufrufen' }).click();
    await expect(one.current()).toContainText(arabic);
    await one.page.getByRole('button', { name: 'Sprachhilfe anfragen' }).click();
    await expect(one.message()).toContainText('Arabisch spricht');
    await expect(two.page.getByTestId('help-requests')).toContainText(arabic);
    await shot(two.page, 'desk-help-request-de');
    await two.page.getByTestId('help-requests').getByRole('button', { name: 'Übernehmen' }).click();
    await expect(two.current()).toContainText(arabic);
    await expect(one.page.getByTestId('help-requests')).toBeHidden();
  });
});
