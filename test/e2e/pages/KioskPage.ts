import { expect, type Page } from './expect.ts';

export class KioskPage {
  constructor(readonly page: Page) {}

  async chooseLanguage(nativeName: string) {
    await this.page.getByRole('button', { name: nativeName, exact: true }).click();
  }

  async chooseService(serviceId: string) {
    await this.page.locator(`[data-service="${serviceId}"]`).click();
  }

  /** The ticket number as the citizen reads it. */
  async ticketNumber(): Promise<string> {
    const number = this.page.getByTestId('ticket-number');
    await expect(number).toBeVisible();
    return ((await number.textContent()) ?? '').trim();
  }
}
