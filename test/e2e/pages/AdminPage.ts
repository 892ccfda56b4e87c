import { expect, type Page } from './expect.ts';
import { completeForcedChange } from './ForcedPasswordChange.ts';

export class AdminPage {
  constructor(readonly page: Page, private readonly baseUrl: string) {}

  async signIn(password: string) {
    await this.page.goto(`${this.baseUrl}/counter/admin`);
    await this.page.getByLabel('Benutzername').fill('admin');
    await this.page.getByLabel('Passwort').fill(password);
    await this.page.getByRole('button', { name: 'Anmelden' }).click();
    await completeForcedChange(this.page, this.page.getByRole('heading', { name: 'Gerät koppeln' }));
    await expect(this.page.getByRole('heading', { name: 'Gerät koppeln' })).toBeVisible();
  }

  /** Makes a pairing code for a role and returns what the admin reads off the screen. */
  async pairingCode(role: 'kiosk' | 'display' | 'counter' | 'citizen', name: string, counterName?: string): Promise<string> {
    const labels = { kiosk: 'Kiosk', display: 'Aufrufanzeige', counter: 'Schalter', citizen: 'Bürgerbildschirm' };
    await this.page.getByLabel('Gerätetyp').selectOption({ label: labels[role] });
    await this.page.getByLabel('Gerätename').fill(name);
    // A citizen screen is bound to one counter when its code is made.
    if (counterName) await this.page.getByLabel('Für Platz').selectOption({ label: counterName });
    await this.page.getByRole('button', { name: 'Kopplungscode erstellen' }).click();
    const code = this.page.getByTestId('pairing-code');
    await expect(this.page.getByRole('heading', { name: `Code für ${name} (${labels[role]})` })).toBeVisible();
    return (await code.textContent())?.trim() ?? '';
  }
}
