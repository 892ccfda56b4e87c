import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../../helpers/server.ts';
import { newDevice } from './browser.ts';
import { pollUntil, WAIT } from '../../helpers/timeouts.ts';

type Role = 'kiosk' | 'display' | 'counter';

/**
 * A device already paired (through the server's device service, the same path the pairing screen takes), so
 * tests about the kiosk do not click through the admin page each time. The pairing lands in the browser's
 * storage before the app's first script runs, as after a real pairing.
 */
export async function pairedDevice(browser: Browser, server: TestServer, role: Role, opts: Parameters<typeof newDevice>[1] = {}): Promise<{ context: BrowserContext; page: Page; token: string }> {
  const device = await server.lotse.devices.pairWithoutCode(role, `${role} e2e ${Math.random().toString(36).slice(2, 7)}`);
  const { context, page } = await newDevice(browser, opts);
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    [`lotse.device.${role}`, JSON.stringify(device)] as const,
  );
  return { context, page, token: device.token };
}

/** Tickets in the server's database, by id: what arrived, and how often. */
export async function ticketRows(server: TestServer): Promise<{ id: string; number: string; service_id: string }[]> {
  return server.db.selectFrom('tickets').select(['id', 'number', 'service_id']).execute();
}

/** Waits until the database holds exactly `n` tickets (fails with the last count seen). */
export async function waitForTicketCount(server: TestServer, n: number, timeout: number = WAIT.reconnect): Promise<void> {
  await pollUntil(`${n} tickets in the database`, async () => (await ticketRows(server)).length, (seen) => seen === n, timeout);
}
