import { DEMO_COUNTERS, DEMO_SERVICES } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { StaffService } from '../staff/service.ts';
import { officeRepo } from '../catalogue/repository.ts';
import { shippedServiceTexts } from '../catalogue/texts.ts';

export interface SeedResult {
  /** One-time passwords of accounts made now; printed once on first start. */
  createdAccounts: { username: string; role: string; password: string }[];
}

/**
 * First start: a demo office (services with their shipped texts in every language, counters) and an admin plus a
 * demo clerk account. From then on the office's configuration lives in the database and the admin edits it.
 */
export async function seedDemoOffice(db: Db, staff: StaffService): Promise<SeedResult> {
  const hasServices = await db.selectFrom('services').select('id').limit(1).executeTakeFirst();
  if (!hasServices) {
    await db.insertInto('services').values(DEMO_SERVICES.map((s, i) => ({
      id: s.id, letter: s.letter, name: s.name, active: 1, sort: i, pictogram: s.pictogram, duration_minutes: 10, walk_ins: 1, appointments: 1,
    }))).execute();
    await db.insertInto('counters').values(DEMO_COUNTERS.map((c) => ({ id: c.id, name: c.name, service_ids: '[]', clerk: null, current_ticket_id: null }))).execute();
  }
  await fillMissingTexts(db);
  const createdAccounts: SeedResult['createdAccounts'] = [];
  if ((await staff.count()) === 0) {
    const admin = await staff.create('admin', 'Administration', 'admin');
    const clerk = await staff.create('sachbearbeitung', 'Sachbearbeitung (Demo)', 'clerk');
    createdAccounts.push({ username: 'admin', role: 'admin', password: admin.password }, { username: 'sachbearbeitung', role: 'clerk', password: clerk.password });
  }
  return { createdAccounts };
}

/**
 * Services without any stored text (the demo seed, or a database from before migration 0500) get the shipped
 * texts once, and the German name as stored if nothing ships for them. A service the admin edited is never touched.
 */
async function fillMissingTexts(db: Db): Promise<void> {
  const [services, texts] = await Promise.all([db.selectFrom('services').select(['id', 'name', 'pictogram']).execute(), officeRepo.textsByService(db)]);
  for (const s of services) {
    if (texts.has(s.id)) continue;
    const shipped = shippedServiceTexts(s.id);
    if (!shipped.de) shipped.de = { name: s.name, description: '', bring: [], fee: '' };
    await officeRepo.replaceTexts(db, s.id, shipped);
    const demo = DEMO_SERVICES.find((d) => d.id === s.id);
    if (!s.pictogram && demo) await db.updateTable('services').set({ pictogram: demo.pictogram }).where('id', '=', s.id).execute();
  }
}
