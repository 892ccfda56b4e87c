import { describe, it, expect as vexpect } from 'vitest';
import type { Page } from 'playwright-core';
import { useLotse } from './support/useLotse.ts';
import { pairedDevice } from './support/devices.ts';
import { seriousViolations } from './support/axe.ts';
import { eventually, expect } from './pages/expect.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { pollUntil, WAIT } from '../helpers/timeouts.ts';
import { Rooms } from '../../shared/src/protocol/events.ts';

/** axe-core on every kiosk screen and on the display, in German, Arabic (right-to-left) and Leichte Sprache. */
describe('accessibility (axe-core) of kiosk and display', () => {
  const e2e = useLotse();

  async function check(page: Page, screen: string, found: Record<string, unknown>) {
    const v = await seriousViolations(page);
    if (v.length > 0) found[screen] = v;
  }

  for (const lang of [{ code: 'de', name: 'Deutsch' }, { code: 'ar', name: 'العربية' }, { code: 'de-simple', name: 'Leichte Sprache' }]) {
    it(`kiosk screens in ${lang.code}: no serious or critical violation`, async () => {
      const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'kiosk', { bypassCSP: true }); // axe is injected as a script
      const kiosk = new KioskPage(page);
      const found: Record<string, unknown> = {};
      await page.goto(`${e2e.server.baseUrl}/kiosk/`);
      await expect(page.getByRole('button', { name: lang.name, exact: true })).toBeVisible();
      await check(page, 'language', found);

      await kiosk.chooseLanguage(lang.name);
      await expect(page.locator('[data-choice="walk-in"]')).toBeVisible();
      await check(page, 'choice', found);

      await kiosk.withAppointment();
      await expect(page.locator('#booking-code')).toBeVisible();
      await check(page, 'appointment', found);
      await page.locator('#booking-code').fill('ZZZZ-9999');
      await page.getByTestId('appointment-submit').click();
      await expect(page.locator('#booking-code-error')).toBeVisible();
      await check(page, 'appointment-error', found);
      await page.locator('.actions button.secondary').click();

      await kiosk.walkIn();
      await expect(page.locator('[data-service="reisepass"]')).toBeVisible();
      await check(page, 'service', found);
      await kiosk.chooseServiceTile('reisepass');
      await expect(page.locator('.bring-list')).toBeVisible();
      await check(page, 'bring', found);
      await kiosk.confirmBring();
      await kiosk.ticketNumber();
      await expect(page.getByTestId('ticket-qr')).toBeVisible();
      await check(page, 'ticket', found);

      // High contrast and large text on the ticket screen.
      await page.locator('.toolbar button[aria-pressed]').nth(1).click();
      await page.locator('.toolbar button[aria-pressed]').nth(2).click();
      await eventually('high contrast and large text on', async () => /high-contrast.*large-text|large-text.*high-contrast/.test(await page.evaluate(() => document.documentElement.className)));
      await check(page, 'ticket-high-contrast-large', found);

      // Offline: the provisional ticket screen.
      await kiosk.done();
      await eventually('modes reset for the next citizen', async () => !/high-contrast|large-text/.test(await page.evaluate(() => document.documentElement.className)));
      await context.setOffline(true);
      await expect(page.getByTestId('offline-banner')).toBeVisible(WAIT.reconnect);
      await kiosk.walkInTicket(lang.name, 'anmeldung');
      await kiosk.provisionalNumber();
      await check(page, 'offline', found);
      await context.setOffline(false);

      vexpect(found).toEqual({});
      await context.close();
    });
  }

  it('call display with a call: no serious or critical violation, in the flash and at rest', async () => {
    const { context, page } = await pairedDevice(e2e.browser, e2e.server, 'display', { bypassCSP: true });
    await page.goto(`${e2e.server.baseUrl}/kiosk/display`);
    await expect(page.getByText('Noch kein Aufruf')).toBeVisible();
    const found: Record<string, unknown> = {};
    await check(page, 'display-empty', found);
    const t = await e2e.server.lotse.queue.createTicket({ id: '01JZ0000000000000000000001', serviceId: 'reisepass', language: 'ar' });
    vexpect(t.ticket.number).toMatch(/^B-/);
    await e2e.server.lotse.queue.openCounter({ counterId: 'platz-2', serviceIds: ['reisepass'] }, 'Test');
    // Call only once the display listens: a call from before it connected is shown without the flash.
    await pollUntil('the display in its room', () => e2e.server.lotse.io.in(Rooms.displays).fetchSockets(), (s) => s.length > 0, WAIT.event);
    await e2e.server.lotse.queue.callNext('platz-2');
    await expect(page.getByTestId('current-call')).toContainText('Platz 2');
    // The page's time stands still (its timers still run, as axe needs them), so the call keeps flashing however
    // slow the machine is; each animation is then held at a point of each of its two states (dark 0-0.5 s, lit
    // 0.5-1 s of every flash).
    await page.clock.setFixedTime(Date.now());
    for (const [state, ms] of [['dark', 100], ['lit', 600]] as const) {
      const held = await page.evaluate((at) => {
        const all = document.getAnimations();
        for (const a of all) { a.pause(); a.currentTime = at; }
        return all.length;
      }, ms);
      vexpect(held).toBeGreaterThan(0);
      vexpect(await page.locator('.current-list > li.flash').count()).toBe(1);
      await check(page, `display-call-${state}`, found);
      // And without axe's sampling: the heading and the call's text against what they stand on, as painted now.
      const ratios = await page.evaluate(contrastOfDisplay);
      vexpect(ratios.heading, `heading (${state})`).toBeGreaterThanOrEqual(4.5);
      vexpect(ratios.call, `call (${state})`).toBeGreaterThanOrEqual(4.5);
    }
    const lit = await page.evaluate(() => getComputedStyle(document.querySelector('.current-list > li.flash') as Element).backgroundColor);
    vexpect(lit).toBe('rgb(251, 191, 36)'); // the held state really is the lit one
    vexpect(found).toEqual({});
    // The checker itself sees a planted critical violation (a button without a name).
    await page.evaluate(() => document.body.append(document.createElement('button')));
    vexpect((await seriousViolations(page)).map((v) => v.id)).toContain('button-name');
    await context.close();
  });
});

/** Contrast ratios (WCAG) of the display's heading and of the first large call against their own backgrounds. Runs in the page. */
function contrastOfDisplay(): { heading: number; call: number } {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const lum = (c: string) => {
    const [r, g, b] = rgb(c).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  // The nearest ancestor (or the element) with a painted background.
  const bg = (el: Element | null): string => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const ratio = (el: Element) => {
    const [a, b] = [lum(getComputedStyle(el).color), lum(bg(el))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  return { heading: ratio(document.querySelector('#current-title') as Element), call: ratio(document.querySelector('.current-list .call-number') as Element) };
}
