import { describe, it, expect as vexpect } from 'vitest';
import { newDevice } from './support/browser.ts';
import { seriousViolations } from './support/axe.ts';
import { useLotse } from './support/useLotse.ts';
import { expect, eventually } from './pages/expect.ts';
import { AdminPage } from './pages/AdminPage.ts';
import type { ClerkSettingsT } from '@lotse/shared';

describe('the admin sets up the clerks\' desk in Chromium (issue 11)', () => {
  const e2e = useLotse();

  it('changes the no-show window, the outcomes and calling by language; the desks read what was saved', async () => {
    const { baseUrl, passwords } = e2e.server;
    const { page } = await newDevice(e2e.browser, { bypassCSP: true });
    const admin = new AdminPage(page, baseUrl);
    await admin.signIn(passwords.admin);
    await admin.open('Schalter');
    vexpect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(/Erneuter Aufruf möglich bis/).fill('30');
    await page.getByLabel('Ergebnis 4').fill('An das Standesamt verwiesen');
    await page.getByRole('button', { name: 'Unterlagen fehlen nach oben' }).click();
    await page.getByLabel('Neues Ergebnis').fill('Gebühr nicht bezahlt');
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await page.getByLabel(/bevorzugt Wartende/).check();
    await page.getByLabel(/Niemand wartet dadurch länger/).fill('10');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByRole('status')).toContainText('Gespeichert');
    // LOTSE_SHOTS_DIR keeps a screenshot of the page as saved.
    if (process.env.LOTSE_SHOTS_DIR) await page.screenshot({ path: `${process.env.LOTSE_SHOTS_DIR}/admin-desk.png`, fullPage: true });

    // What the server now gives every desk (renaming kept the outcome's code, so earlier figures stay comparable).
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('lotse.staff') ?? '{}') as { token?: string }).token);
    const res = await fetch(`${baseUrl}/api/v1/clerk-settings`, { headers: { authorization: `Bearer ${token ?? ''}` } });
    const s = (await res.json()) as ClerkSettingsT;
    {
      vexpect(s.noShowRecallMinutes).toBe(30);
      vexpect(s.preferClerkLanguages).toBe(true);
      vexpect(s.languageFairnessMinutes).toBe(10);
      vexpect(s.outcomes).toEqual([
        { code: 'done', label: 'Erledigt' },
        { code: 'documents-missing', label: 'Unterlagen fehlen' },
        { code: 'another-appointment', label: 'Weiterer Termin nötig' },
        { code: 'referred', label: 'An das Standesamt verwiesen' },
        { code: 'gebuehr-nicht-bezahlt', label: 'Gebühr nicht bezahlt' },
      ]);
    }

    // A reload shows the saved settings.
    await page.reload();
    await eventually('the saved settings shown again', async () =>
      (await page.getByLabel(/Erneuter Aufruf möglich bis/).inputValue().catch(() => '')) === '30' &&
      (await page.getByLabel('Ergebnis 5').inputValue().catch(() => '')) === 'Gebühr nicht bezahlt');
  });
});
