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

  /** Staff set the citizen tablet up once: which counter it follows (typed when the list is not offered). */
  async chooseCounter(counterId: string, counterName: string) {
    await expect(this.page.getByRole('heading', { name: 'Bürgerbildschirm einrichten' })).toBeVisible();
    const list = this.page.getByLabel('Platz', { exact: true });
    if (await list.count()) await list.selectOption({ label: counterName });
    else {
      await this.page.getByLabel(/Kennung des Platzes/).fill(counterId);
      await this.page.getByLabel(/Name des Platzes/).fill(counterName);
    }
    await this.page.getByRole('button', { name: 'Übernehmen' }).click();
    await expect(this.page.getByRole('heading', { name: 'Bürgerbildschirm einrichten' })).toBeHidden();
  }

  async consent(acceptLabel: string, keep?: string) {
    if (keep) await this.half().getByRole('checkbox', { name: keep }).check();
    await this.half().getByRole('button', { name: acceptLabel }).click();
  }
}
