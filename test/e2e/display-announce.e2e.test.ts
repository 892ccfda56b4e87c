import { describe, it, expect as vexpect } from 'vitest';
import { ulid } from 'ulid';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { eventually, expect } from './pages/expect.ts';
import { WAIT } from '../helpers/timeouts.ts';
import { DisplayPage } from './pages/DisplayPage.ts';
import arDisplay from '../../shared/src/i18n/locales/ar/display.json' with { type: 'json' };

/**
 * A call is heard: chime, then the announcement in German, then in the ticket's language (espeak-ng through the
 * server when the browser has no voice, as headless Chromium has none); calls queue and never overlap.
 */
describe('display announcements', () => {
  const e2e = useLotse();

  it('speaks German then Arabic for an Arabic ticket, German only for Tigrinya, one call after the other', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'display');
    const spoken: { lang: string; text: string; start: number; end?: number }[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/tts') spoken.push({ lang: url.searchParams.get('lang') ?? '', text: url.searchParams.get('text') ?? '', start: Date.now() });
    });
    const chimes: number[] = [];
    page.on('request', (r) => void (r.url().endsWith('/chime.wav') && chimes.push(Date.now())));
    await page.goto(`${e2e.server.baseUrl}/kiosk/display`);
    await expect(page.getByText('Noch kein Aufruf')).toBeVisible();
    vexpect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);

    const ar = await e2e.server.lotse.queue.createTicket({ id: ulid(), serviceId: 'reisepass', language: 'ar' });
    const ti = await e2e.server.lotse.queue.createTicket({ id: ulid(), serviceId: 'reisepass', language: 'ti' });
    const de = await e2e.server.lotse.queue.createTicket({ id: ulid(), serviceId: 'reisepass', language: 'de' });
    await e2e.server.lotse.queue.openCounter({ counterId: 'platz-2', serviceIds: ['reisepass'] }, 'Test');
    // Two calls in a row: the second must wait for the first announcement to end.
    await e2e.server.lotse.queue.callNext('platz-2');
    await e2e.server.lotse.queue.callNext('platz-2');
    await expect(new DisplayPage(page).currentCall()).toContainText(ti.ticket.number);

    await eventually('three announcements', async () => spoken.length >= 3, WAIT.speech);
    // Nothing more comes for Tigrinya (no voice). Announcements are spoken one after the other, so the next call's
    // announcement, once heard, proves that nothing was left to say for the Tigrinya ticket.
    await e2e.server.lotse.queue.callNext('platz-2');
    await eventually('the next call announced', async () => spoken.length >= 4, WAIT.speech);
    const spokenAs = (t: { ticket: { number: string } }) => t.ticket.number.replace(/-0*(\d)/, ' $1');
    vexpect(spoken.map((s) => [s.lang, s.text])).toEqual([
      ['de', `Nummer ${spokenAs(ar)}, bitte zu Platz 2.`],
      ['ar', arDisplay.announce.replace('{{number}}', spokenAs(ar)).replace('{{counter}}', 'Platz 2')],
      ['de', `Nummer ${spokenAs(ti)}, bitte zu Platz 2.`],
      ['de', `Nummer ${spokenAs(de)}, bitte zu Platz 2.`],
    ]);
    vexpect(chimes.length).toBeGreaterThanOrEqual(1);
    await context.close();
  });
});
