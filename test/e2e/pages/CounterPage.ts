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

  /** What the desk said about its last action (role=status under the actions). */
  message() {
    return this.page.getByTestId('desk-message');
  }

  async recall() {
    await this.page.getByRole('button', { name: 'Nachaufruf' }).click();
  }

  async park() {
    await this.page.getByRole('button', { name: 'Parken' }).click();
  }

  parkedList() {
    return this.page.getByTestId('parked-list');
  }

  async resume(number: string) {
    await this.parkedList().getByRole('listitem').filter({ hasText: number }).getByRole('button', { name: 'Zurückholen' }).click();
  }

  waitingRow(number: string) {
    return this.page.getByTestId('waiting-row').filter({ hasText: number });
  }

  transferNote() {
    return this.page.getByTestId('transfer-note');
  }

  /** Opens the transfer dialog for the current visit; fill it with `transferTo`. */
  async openTransfer() {
    await this.page.getByRole('button', { name: 'Weiterleiten …' }).click();
    await expect(this.page.getByTestId('transfer-dialog')).toBeVisible();
    return this.page.getByTestId('transfer-dialog');
  }

  async transferTo(target: { counter: string } | { service: string }, note: string, position: 'keep' | 'front') {
    const dialog = this.page.getByTestId('transfer-dialog');
    if ('counter' in target) {
      await dialog.getByRole('radio', { name: 'An einen Platz' }).check();
      await dialog.getByLabel('Platz', { exact: true }).selectOption({ label: target.counter });
    } else {
      await dialog.getByLabel('Dienstleistung', { exact: true }).selectOption({ label: target.service });
    }
    await dialog.getByLabel('Hinweis für den nächsten Platz').fill(note);
    await dialog.getByRole('radio', { name: position === 'keep' ? 'Platz nach Ankunftszeit behalten' : 'An den Anfang der Warteschlange' }).check();
  }

  async submitTransfer() {
    await this.page.getByTestId('transfer-dialog').getByRole('button', { name: 'Weiterleiten', exact: true }).click();
    await expect(this.page.getByTestId('transfer-dialog')).toBeHidden();
  }
}
