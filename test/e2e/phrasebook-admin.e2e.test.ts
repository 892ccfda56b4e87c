import { describe, expect as vexpect, it } from 'vitest';
import { newDevice } from './support/browser.ts';
import { useLotse } from './support/useLotse.ts';
import { expect } from './pages/expect.ts';
import { AdminPage } from './pages/AdminPage.ts';

/** Issue 18 §5: "Textbausteine" in the admin application: a review entered side by side with the German. */
describe('the office maintains its phrasebook in Chromium', () => {
  const e2e = useLotse();

  it('the admin records a review of the Arabic text; the list counts it and the server keeps it', async () => {
    const { baseUrl, passwords } = e2e.server;
    const { page } = await newDevice(e2e.browser);
    const admin = new AdminPage(page, baseUrl);
    await admin.signIn(passwords.admin);
    await admin.open('Textbausteine');
    await page.getByLabel('Suchen').fill('Die Gebühr beträgt');
    const row = page.getByTestId('admin-phrases').locator('tr', { hasText: 'Die Gebühr beträgt {amount}.' });
    await expect(row).toContainText('0 von 19 Übersetzungen geprüft');
    await page.screenshot({ path: '/tmp/phrase/shots/admin-list.png', fullPage: true });
    await row.getByRole('button', { name: 'Bearbeiten' }).click();
    const editor = page.getByTestId('phrase-editor');
    await editor.getByLabel('Geprüft von Arabisch').fill('Übersetzungsbüro Nord, L. Haddad');
    await editor.getByLabel('Geprüft am Arabisch').fill('2026-12-01');
    await page.screenshot({ path: '/tmp/phrase/shots/admin-editor.png', fullPage: true });
    await editor.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByTestId('admin-phrases').locator('tr', { hasText: 'Die Gebühr beträgt {amount}.' })).toContainText('1 von 19 Übersetzungen geprüft');
    const stored = (await e2e.server.lotse.sessions.phrases.find('fees-amount'))!;
    vexpect(stored.reviews.ar).toEqual({ reviewer: 'Übersetzungsbüro Nord, L. Haddad', date: '2026-12-01' });
    // A slot removed from one language is refused before saving, with the reason.
    await page.getByTestId('admin-phrases').locator('tr', { hasText: 'Die Gebühr beträgt {amount}.' }).getByRole('button', { name: 'Bearbeiten' }).click();
    await editor.getByLabel('Text Türkisch').fill('Ücret.');
    await expect(editor.getByRole('status')).toContainText('slot amount not used');
    vexpect(await editor.getByRole('button', { name: 'Speichern' }).isDisabled()).toBe(true);
  });
});
