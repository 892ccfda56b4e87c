import { describe, it, expect as vexpect } from 'vitest';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { eventually, expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { WAIT } from '../helpers/timeouts.ts';

/** "Vorlesen": headless Chromium has no speech voices, so the kiosk asks the edge server (espeak-ng). */
describe('kiosk read-aloud', () => {
  const e2e = useLotse();

  it('reads the screen in the chosen language; says so for Tigrinya, which has no voice', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    const tts: { lang: string; text: string; status?: number }[] = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/tts') tts.push({ lang: url.searchParams.get('lang') ?? '', text: url.searchParams.get('text') ?? '', status: r.status() });
    });
    const kiosk = new KioskPage(page);
    await page.goto(`${e2e.server.baseUrl}/kiosk/`);
    await kiosk.chooseLanguage('Deutsch');
    await kiosk.walkIn();
    await kiosk.chooseServiceTile('reisepass');
    await page.getByTestId('read-aloud').click();
    await eventually('a read-aloud request', async () => tts.length > 0, WAIT.speech);
    vexpect(tts[0]).toMatchObject({ lang: 'de', status: 200 });
    vexpect(tts[0].text).toContain('Bitte halten Sie bereit.');
    vexpect(tts[0].text).toContain('Ein aktuelles biometrisches Passfoto.');
    await expect(page.getByTestId('read-aloud-unavailable')).toBeHidden();
    await page.locator('.actions button.secondary').click(); // back
    await page.locator('.actions button.secondary').click(); // back
    await page.locator('.actions button.secondary').click(); // start

    await kiosk.chooseLanguage('ትግርኛ');
    await kiosk.walkIn();
    const before = tts.length;
    await page.getByTestId('read-aloud').click();
    await expect(page.getByTestId('read-aloud-unavailable')).toBeVisible();
    vexpect(tts.length).toBe(before);
    await context.close();
  });
});
