import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect as vexpect } from 'vitest';
import { repoRoot } from '../helpers/server.ts';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { waitForServiceWorker } from './support/sw.ts';
import { eventually, expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';
import arKiosk from '../../shared/src/i18n/locales/ar/kiosk.json' with { type: 'json' };
import { WAIT } from '../helpers/timeouts.ts';

const dist = path.join(repoRoot, 'kiosk-app', 'dist');

describe('kiosk and display as PWAs: start from the cache with the server down', () => {
  const e2e = useLotse();

  it('the build has a service worker that precaches shell, fonts, pictograms and chime, and a manifest', () => {
    const sw = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
    const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.webmanifest'), 'utf8')) as { start_url: string; scope: string; display: string };
    vexpect(manifest).toMatchObject({ start_url: '/kiosk/', scope: '/kiosk/', display: 'fullscreen' });
    for (const needed of ['index.html', 'chime.wav', 'pictograms/passport.svg', 'noto-sans-latin-400-normal', 'noto-sans-arabic-arabic-400-normal', 'noto-sans-ethiopic-ethiopic-400-normal']) {
      vexpect(sw, needed).toContain(needed);
    }
    // The QR reader's wasm is not precached (runtime cache on first use), and nothing from /api is.
    vexpect(sw).not.toMatch(/url:"[^"]*\.wasm"/);
    vexpect(sw).not.toContain('url:"api/');
  });

  it('after a first online visit, kiosk and display load and work with the server stopped', async () => {
    const kioskDevice = await pairedDevice(e2e.browser, e2e.server, 'kiosk');
    const displayDevice = await pairedDevice(e2e.browser, e2e.server, 'display');
    const { page } = kioskDevice;
    await page.goto(`${e2e.server.baseUrl}/kiosk/`);
    await expect(page.getByRole('button', { name: 'Deutsch', exact: true })).toBeVisible();
    await waitForServiceWorker(page);
    await displayDevice.page.goto(`${e2e.server.baseUrl}/kiosk/display`);
    await expect(displayDevice.page.getByText('Noch kein Aufruf')).toBeVisible();
    await waitForServiceWorker(displayDevice.page);

    await e2e.server.stop();
    await page.reload();
    await expect(page.getByRole('button', { name: 'ትግርኛ', exact: true })).toBeVisible();
    await expect(page.getByTestId('offline-banner')).toBeVisible(WAIT.reconnect);
    // Services come from the kiosk's own copy; the Arabic font from the cache.
    const kiosk = new KioskPage(page);
    await kiosk.walkInTicket('العربية', 'reisepass');
    await kiosk.provisionalNumber();
    // The Arabic language pack came from the cache too.
    await expect(page.locator('#offline-title')).toHaveText(arKiosk.offline.title);
    await eventually('the Arabic font loaded from the cache', async () => page.evaluate(() =>
      document.fonts.check('24px "Noto Sans Arabic"', 'العربية') &&
      [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Noto Sans Arabic' && f.weight === '400' && f.status === 'loaded')));

    await displayDevice.page.reload();
    await expect(displayDevice.page.getByRole('heading', { name: 'Aktueller Aufruf' })).toBeVisible();

    await e2e.server.reopen();
    await expect(page.getByTestId('offline-banner')).toBeHidden(WAIT.reconnect);
    await kioskDevice.context.close();
    await displayDevice.context.close();
  });
});
