import { expect, type Page } from './expect.ts';

/** The pairing screen every unpaired device shows. */
export async function pairDevice(page: Page, url: string, code: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: /Gerät koppeln/ })).toBeVisible();
  await page.getByLabel('Kopplungscode').fill(code);
  await page.getByRole('button', { name: 'Koppeln' }).click();
  await expect(page.getByRole('heading', { name: /Gerät koppeln/ })).toBeHidden();
}
