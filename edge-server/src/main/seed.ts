import { DEMO_COUNTERS, DEMO_SERVICES } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { StaffService } from '../staff/service.ts';

export interface SeedResult {
  /** One-time passwords of accounts made now; printed once on first start. */
  createdAccounts: { username: string; role: string; password: string }[];
}

/** First start: a demo office (services, counters) and an admin plus a demo clerk account. */
export async function seedDemoOffice(db: Db, staff: StaffService): Promise<SeedResult> {
  const hasServices = await db.selectFrom('services').select('id').limit(1).executeTakeFirst();
  if (!hasServices) {
    await db.insertInto('services').values(DEMO_SERVICES.map((s, i) => ({ id: s.id, letter: s.letter, name: s.name, active: 1, sort: i }))).execute();
    await db.insertInto('counters').values(DEMO_COUNTERS.map((c) => ({ id: c.id, name: c.name, service_ids: '[]', clerk: null, current_ticket_id: null }))).execute();
  }
  const createdAccounts: SeedResult['createdAccounts'] = [];
  if ((await staff.count()) === 0) {
    const admin = await staff.create('admin', 'Administration', 'admin');
    const clerk = await staff.create('sachbearbeitung', 'Sachbearbeitung (Demo)', 'clerk');
    createdAccounts.push({ username: 'admin', role: 'admin', password: admin.password }, { username: 'sachbearbeitung', role: 'clerk', password: clerk.password });
  }
  return { createdAccounts };
}
