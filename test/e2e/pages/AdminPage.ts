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
    // The pairing form lives on the "Geräte" page of the admin's navigation.
    if (!(await this.page.getByRole('heading', { name: 'Gerät koppeln' }).isVisible())) await this.open('Geräte');
    await this.page.getByLabel('Gerätetyp').selectOption({ label: labels[role] });
    await this.page.getByLabel('Gerätename').fill(name);
    // A citizen screen is bound to one counter when its code is made.
    if (counterName) await this.page.getByLabel('Für Platz').selectOption({ label: counterName });
    await this.page.getByRole('button', { name: 'Kopplungscode erstellen' }).click();
    const code = this.page.getByTestId('pairing-code');
    await expect(this.page.getByRole('heading', { name: `Code für ${name} (${labels[role]})` })).toBeVisible();
    return (await code.textContent())?.trim() ?? '';
  }

  /** A page of the admin's navigation ("Dienstleistungen", "Plätze", …); waits for its heading. */
  async open(section: string) {
    await this.page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: section, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: section })).toBeVisible();
  }

  /**
   * "Neue Dienstleistung": letter, German texts and, beside them, one other language chosen by its German name
   * ("Arabisch"). Waits for the confirmation.
   */
  async createService(s: { letter: string; name: string; description: string; bring: string[]; fee: string; capacity?: number; other?: { language: string; name: string; description: string } }) {
    await this.open('Dienstleistungen');
    await this.page.getByRole('button', { name: 'Neue Dienstleistung' }).click();
    await this.page.getByLabel('Buchstabe').fill(s.letter);
    if (s.capacity !== undefined) await this.page.getByLabel('Tageskontingent ohne Termin').fill(String(s.capacity));
    await this.page.getByLabel('Name (Deutsch)').fill(s.name);
    await this.page.getByLabel('Beschreibung (Deutsch)').fill(s.description);
    await this.page.getByLabel('Mitzubringen (eine Zeile je Punkt) (Deutsch)').fill(s.bring.join('\n'));
    await this.page.getByLabel('Gebühr (Deutsch)').fill(s.fee);
    if (s.other) {
      await this.page.getByLabel('Übersetzung daneben bearbeiten').selectOption({ label: `${s.other.language} – fehlt` });
      await this.page.getByLabel(`Name (${s.other.language})`).fill(s.other.name);
      await this.page.getByLabel(`Beschreibung (${s.other.language})`).fill(s.other.description);
    }
    await this.page.getByRole('button', { name: 'Speichern' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: `„${s.name}“ ist gespeichert` })).toBeVisible();
  }

  /** Sets a service's daily walk-in capacity in its editor. */
  async setCapacity(serviceName: string, capacity: number) {
    await this.open('Dienstleistungen');
    await this.page.getByRole('button', { name: `Bearbeiten: ${serviceName}` }).click();
    await this.page.getByLabel('Tageskontingent ohne Termin').fill(String(capacity));
    await this.page.getByRole('button', { name: 'Speichern' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: `„${serviceName}“ ist gespeichert` })).toBeVisible();
  }
}
