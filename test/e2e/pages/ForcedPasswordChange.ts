import type { Locator, Page } from './expect.ts';
import { WAIT } from '../../helpers/timeouts.ts';

export const E2E_NEW_PASSWORD = 'Lotse-Erstanmeldung-im-Test-2026';

/**
 * After signing in with a one-time password the app asks for a new one before anything else. Waits for either that
 * form or `next` (what a normal sign-in shows) and, if the form came, sets the new password through the UI.
 */
export async function completeForcedChange(page: Page, next: Locator): Promise<boolean> {
  const form = page.getByRole('heading', { name: 'Neues Passwort festlegen' });
  await form.or(next).first().waitFor({ timeout: WAIT.ui });
  if (!(await form.isVisible())) return false;
  await page.getByLabel('Neues Passwort', { exact: true }).fill(E2E_NEW_PASSWORD);
  await page.getByLabel('Neues Passwort wiederholen').fill(E2E_NEW_PASSWORD);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  return true;
}
