import { expect, type Page } from './expect.ts';

export class KioskPage {
  constructor(readonly page: Page) {}

  async chooseLanguage(nativeName: string) {
    await this.page.getByRole('button', { name: nativeName, exact: true }).click();
  }

  /** "Do you have an appointment?" → without. */
  async walkIn() {
    await this.page.locator('[data-choice="walk-in"]').click();
  }

  async withAppointment() {
    await this.page.locator('[data-choice="appointment"]').click();
  }

  /**
   * Picks a walk-in service right after the language: answers "appointment?" with "without" and goes past the
   * what-to-bring screen, as a citizen in a hurry does.
   */
  async chooseService(serviceId: string) {
    await this.walkIn();
    await this.page.locator(`[data-service="${serviceId}"]`).click();
    await this.confirmBring();
  }

  /** Only the service tile (the test is already on the service screen). */
  async chooseServiceTile(serviceId: string) {
    await this.page.locator(`[data-service="${serviceId}"]`).click();
  }

  /** The what-to-bring screen, then "draw a ticket". */
  async confirmBring() {
    await this.page.getByTestId('bring-continue').click();
  }

  /** Language → walk-in → service → what to bring → ticket. */
  async walkInTicket(nativeName: string, serviceId: string) {
    await this.chooseLanguage(nativeName);
    await this.chooseService(serviceId);
  }

  async enterBookingCode(code: string) {
    await this.page.locator('#booking-code').fill(code);
    await this.page.getByTestId('appointment-submit').click();
  }

  /** The ticket number as the citizen reads it. */
  async ticketNumber(): Promise<string> {
    const number = this.page.getByTestId('ticket-number');
    await expect(number).toBeVisible();
    return ((await number.textContent()) ?? '').trim();
  }

  async provisionalNumber(): Promise<string> {
    const number = this.page.getByTestId('provisional-number');
    await expect(number).toBeVisible();
    return ((await number.textContent()) ?? '').trim();
  }

  /** The focused element as `tag#id` (or `tag.class`), e.g. `h1#ticket-title`; `body` when nothing has focus. */
  async focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'body';
      const tag = el.tagName.toLowerCase();
      return el.id ? `${tag}#${el.id}` : `${tag}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    });
  }

  async done() {
    await this.page.locator('.actions button:not(.secondary)').last().click();
  }
}
