import { expect, type Page } from './expect.ts';
import { completeForcedChange } from './ForcedPasswordChange.ts';

export class CounterPage {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await this.page.getByLabel('Benutzername').fill(username);
    await this.page.getByLabel('Passwort').fill(password);
    await this.page.getByRole('button', { name: 'Anmelden' }).click();
    await completeForcedChange(this.page, this.page.getByRole('heading', { name: 'Platz und Dienstleistungen wählen' }).or(this.page.getByRole('heading', { name: 'Aktuelle Nummer' })));
  }

  async openCounter(counterName: string, serviceNames: string[]) {
    await expect(this.page.getByRole('heading', { name: 'Platz und Dienstleistungen wählen' })).toBeVisible();
    await expect(this.page.getByRole('option', { name: counterName })).toHaveCount(1);
    await this.page.getByLabel('Platz', { exact: true }).selectOption({ label: counterName });
    for (const name of serviceNames) await this.page.getByRole('checkbox', { name: new RegExp(name) }).check();
    await this.page.getByRole('button', { name: 'Platz öffnen' }).click();
    await expect(this.page.getByRole('heading', { name: 'Aktuelle Nummer' })).toBeVisible();
  }

  async callNext() {
    await this.page.getByRole('button', { name: 'Nächste Nummer aufrufen' }).click();
  }

  current() {
    return this.page.getByTestId('current-ticket');
  }
}
