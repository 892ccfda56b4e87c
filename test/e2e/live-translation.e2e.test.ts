// Issue 16: the kiosk's ticket says in the citizen's language whether the counters can live-translate it today,
// and the admin sees per language what recognises and translates it. Engines: generated OPUS-MT models de↔ar.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it, expect as vexpect } from 'vitest';
import type { Browser } from 'playwright-core';
import { createSpeechEngines, type SpeechEngines } from '../../edge-server/src/speech/registry.ts';
import { writeTinyTranslationModel } from '../../edge-server/src/speech/mt/tinyModel.ts';
import type { TestServer } from '../helpers/server.ts';
import { launchChromium } from './support/browser.ts';
import { pairedDevice } from './support/devices.ts';
import { startE2eServer } from './support/useLotse.ts';
import { expect } from './pages/expect.ts';
import { AdminPage } from './pages/AdminPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { pairDevice } from './pages/PairingPage.ts';
import { newDevice } from './support/browser.ts';

const shots = process.env.LOTSE_SHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-live-translation-'));
const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-e2e-models-'));

describe('live translation availability (kiosk ticket, admin languages table)', () => {
  let server: TestServer;
  let browser: Browser;
  let engines: SpeechEngines;

  beforeAll(async () => {
    writeTinyTranslationModel(path.join(models, 'mt', 'opus-mt-de-ar'), { family: 'marian', from: 'de', to: 'ar' });
    writeTinyTranslationModel(path.join(models, 'mt', 'opus-mt-ar-de'), { family: 'marian', from: 'ar', to: 'de' });
    engines = createSpeechEngines({ modelsDir: models, warmUp: false });
    server = await startE2eServer({ engines });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engines?.close();
    fs.rmSync(models, { recursive: true, force: true });
    console.log(`live translation screenshots: ${shots}`);
  });

  const cases = [
    { code: 'ar', name: 'العربية', available: 'true', text: 'تتوفر اليوم عند الشباك ترجمة فورية للغتك' },
    { code: 'tr', name: 'Türkçe', available: 'false', text: 'Bugün gişede diliniz için canlı çeviri yok' },
  ] as const;
  for (const c of cases) {
    it(`a ticket in ${c.code} says ${c.available === 'true' ? 'that' : 'that no'} live translation is available today`, async () => {
      const { context, page } = await pairedDevice(browser, server, 'kiosk');
      const kiosk = new KioskPage(page);
      await page.goto(`${server.baseUrl}/kiosk/`);
      await kiosk.walkInTicket(c.name, 'reisepass');
      const line = page.getByTestId('live-translation');
      await expect(line).toBeVisible();
      vexpect(await line.getAttribute('data-available')).toBe(c.available);
      vexpect(await line.textContent()).toContain(c.text);
      await page.screenshot({ path: path.join(shots, `kiosk-ticket-${c.code}.png`), fullPage: true });
      await context.close();
    });
  }

  it('a ticket in German shows no such line (German is the counter\'s language)', async () => {
    const { context, page } = await pairedDevice(browser, server, 'kiosk');
    await page.goto(`${server.baseUrl}/kiosk/`);
    const kiosk = new KioskPage(page);
    await kiosk.walkInTicket('Deutsch', 'reisepass');
    await expect(page.getByTestId('ticket-number')).toBeVisible();
    vexpect(await page.getByTestId('live-translation').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'kiosk-ticket-de.png'), fullPage: true });
    await context.close();
  });

  it('the desk marks each waiting ticket with live translation or not (not German ones)', async () => {
    server.adminToken = (await server.signIn('admin')).token;
    const code = await server.http<{ code: string }>('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body: { role: 'counter', name: 'Platz 1 Tablet' } });
    const { context, page } = await newDevice(browser);
    await pairDevice(page, `${server.baseUrl}/counter/`, code.body.code);
    const desk = new CounterPage(page);
    await desk.signIn('sachbearbeitung', server.passwords.sachbearbeitung!);
    await desk.openCounter('Platz 1', ['Reisepass']);
    const rows = page.getByTestId('waiting-row');
    await expect(rows.filter({ hasText: 'العربية' }).getByTestId('live-translation-mark')).toHaveText('Live-Übersetzung');
    await expect(rows.filter({ hasText: 'Türkçe' }).getByTestId('live-translation-mark')).toHaveText('ohne Übersetzung');
    await expect(rows.filter({ hasText: 'Deutsch' })).toBeVisible();
    vexpect(await rows.filter({ hasText: 'Deutsch' }).getByTestId('live-translation-mark').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'desk-waiting-de.png') });
    await context.close();
  });

  it('the admin sees per language recognition, translation each way and licences; "nicht verfügbar" plainly', async () => {
    const admin = new AdminPage((await newDevice(browser)).page, server.baseUrl);
    await admin.signIn(server.passwords.admin);
    await admin.open('Einstellungen');
    const table = admin.page.getByTestId('admin-coverage');
    await expect(table).toBeVisible();
    const ar = admin.page.getByTestId('coverage-ar');
    await expect(ar).toContainText('transformers');
    await expect(admin.page.getByTestId('coverage-tr')).toContainText('nicht verfügbar');
    await expect(admin.page.getByTestId('coverage-ti')).toContainText('Meta MMS');
    await expect(table).toContainText('CC-BY-NC-4.0');
    await table.scrollIntoViewIfNeeded();
    await admin.page.screenshot({ path: path.join(shots, 'admin-engines-de.png'), fullPage: true });

    // Files placed in models/incoming/<id>/ that do not match the catalogue's SHA-256: refused, said plainly.
    writeTinyTranslationModel(path.join(models, 'incoming', 'opus-mt-de-en'), { family: 'marian' });
    await admin.page.reload();
    const manager = admin.page.getByTestId('admin-model-manager');
    await expect(manager).toContainText('Modelle verwalten');
    admin.page.once('dialog', (d) => void d.accept());
    await admin.page.getByRole('button', { name: 'opus-mt-de-en installieren' }).click();
    await expect(admin.page.getByTestId('model-message')).toContainText('mismatch for');
    await expect(admin.page.getByTestId('model-opus-mt-de-en')).toContainText('nicht installiert');
    await manager.scrollIntoViewIfNeeded();
    await admin.page.screenshot({ path: path.join(shots, 'admin-models-de.png'), fullPage: false });
  });
});
