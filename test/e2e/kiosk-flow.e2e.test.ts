import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect as vexpect } from 'vitest';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { loadedFaces, usedFonts } from './support/fonts.ts';
import { expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';

describe('kiosk check-in flow in Chromium (de, ar, ti)', () => {
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-kiosk-shots-'));
  afterAll(() => {
    console.log(`kiosk screenshots: ${shots}`);
  });
  const e2e = useLotse(); // registered after the log above, so it closes first (after-hooks run as a stack)

  const cases = [
    { code: 'de', name: 'Deutsch', dir: 'ltr', lang: 'de', family: 'Noto Sans', sample: 'Wartenummer', heading: 'Haben Sie einen Termin?' },
    { code: 'ar', name: 'العربية', dir: 'rtl', lang: 'ar', family: 'Noto Sans Arabic', sample: 'العربية', heading: undefined },
    { code: 'ti', name: 'ትግርኛ', dir: 'ltr', lang: 'ti', family: 'Noto Sans Ethiopic', sample: 'ትግርኛ', heading: undefined },
  ] as const;

  for (const c of cases) {
    it(`walk-in in ${c.code}: direction, language, fonts, what to bring, ticket with QR`, async () => {
      const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
      const kiosk = new KioskPage(page);
      await page.goto(`${e2e.server.baseUrl}/kiosk/`);
      await expect(page.getByRole('button', { name: c.name, exact: true })).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(shots, `${c.code}-1-language.png`) });

      await kiosk.chooseLanguage(c.name);
      await expect(page.locator('[data-choice="walk-in"]')).toBeVisible();
      const doc = await page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang, title: document.querySelector('h1')?.textContent ?? '' }));
      vexpect(doc.dir).toBe(c.dir);
      vexpect(doc.lang).toBe(c.lang);
      if (c.heading) vexpect(doc.title).toBe(c.heading);
      else vexpect(doc.title).not.toBe('Haben Sie einen Termin?'); // translated, not the German fallback
      await page.screenshot({ path: path.join(shots, `${c.code}-2-choice.png`) });

      await kiosk.walkIn();
      await kiosk.chooseServiceTile('reisepass');
      await expect(page.locator('.bring-list li')).toHaveCount(3);
      await expect(page.locator('.fee')).toBeVisible();
      await page.screenshot({ path: path.join(shots, `${c.code}-3-bring.png`) });

      await kiosk.confirmBring();
      vexpect(await kiosk.ticketNumber()).toMatch(/^B-\d{3}$/);
      const qr = page.getByTestId('ticket-qr');
      await expect(qr).toBeVisible();
      vexpect(await qr.getAttribute('data-url')).toMatch(new RegExp(`^${e2e.server.baseUrl}/kiosk/t/[0-9A-Z]{26}$`));
      await page.evaluate(() => document.fonts.ready);

      // The script's own font really renders the text (no boxes, no system fallback).
      vexpect(await page.evaluate(([f, s]) => document.fonts.check(`24px "${f}"`, s), [c.family, c.sample] as const)).toBe(true);
      vexpect(await loadedFaces(page, c.family)).toBeGreaterThan(0);
      // Every glyph of the ticket's heading was drawn by our bundled web font, none by a system font or as a box.
      const used = await usedFonts(page, '#ticket-title');
      vexpect(used.filter((f) => !f.isCustomFont)).toEqual([]);
      vexpect(used.map((f) => f.familyName)).toContain(c.family);
      await page.screenshot({ path: path.join(shots, `${c.code}-4-ticket.png`), fullPage: true });
      await context.close();
    });
  }

  it('the language screen loads only the fonts it needs, and German never loads the regular Ethiopic file', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    const fonts: string[] = [];
    page.on('request', (r) => void (r.resourceType() === 'font' && fonts.push(path.basename(new URL(r.url()).pathname))));
    await page.goto(`${e2e.server.baseUrl}/kiosk/`);
    await expect(page.getByRole('button', { name: 'ትግርኛ', exact: true })).toBeVisible();
    await page.evaluate(() => document.fonts.ready);
    vexpect(fonts.some((f) => f.startsWith('noto-sans-ethiopic-ethiopic-700'))).toBe(true);
    vexpect(fonts.some((f) => f.startsWith('noto-sans-ethiopic-ethiopic-400'))).toBe(false);
    vexpect(fonts.some((f) => f.startsWith('noto-sans-arabic-arabic-400'))).toBe(false);
    await new KioskPage(page).chooseLanguage('Deutsch');
    await page.evaluate(() => document.fonts.ready);
    vexpect(fonts.some((f) => f.startsWith('noto-sans-ethiopic-ethiopic-400'))).toBe(false);
    await context.close();
  });
});
