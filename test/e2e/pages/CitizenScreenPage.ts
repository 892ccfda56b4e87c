import { expect, type Page } from './expect.ts';

/** The citizen's half: on a second tablet (`/counter/citizen`) or rotated on the clerk's tablet. */
export class CitizenScreenPage {
  constructor(readonly page: Page) {}

  half() {
    return this.page.getByTestId('citizen-half');
  }

  transcript() {
    return this.page.getByTestId('citizen-transcript');
  }

  /** The tablet shows the counter it was bound to at pairing; nothing on it can choose another. */
  async expectFollowing(counterName: string) {
    await expect(this.half()).toContainText(counterName);
  }

  async consent(acceptLabel: string, keep?: string) {
    if (keep) await this.half().getByRole('checkbox', { name: keep }).check();
    await this.half().getByRole('button', { name: acceptLabel }).click();
  }
}
