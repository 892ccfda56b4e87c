import type { Kysely } from 'kysely';
import { registerMigration } from '../storage/migrations.ts';
import type { Database, DevicesTable, StaffSessionsTable, StaffTable } from '../storage/schema.ts';

/**
 * Columns the trust layer adds to the core tables: idle expiry of staff sessions, a device's last address, and
 * disabled staff accounts. Registered at import time (staff/service.ts imports this module), like the audit table.
 */
registerMigration('0130_security', {
  async up(db) {
    await db.schema.alterTable('staff_sessions').addColumn('last_seen_at', 'text').execute();
    await db.schema.alterTable('devices').addColumn('last_ip', 'text').execute();
    await db.schema.alterTable('staff').addColumn('disabled_at', 'text').execute();
    await db.schema.createIndex('staff_sessions_staff').ifNotExists().on('staff_sessions').column('staff_id').execute();
  },
});

export interface SecureTables {
  staff: StaffTable & { disabled_at: string | null };
  staff_sessions: StaffSessionsTable & { last_seen_at: string | null };
  devices: DevicesTable & { last_ip: string | null };
}
export type SecureDatabase = Omit<Database, keyof SecureTables> & SecureTables;

/** The app's database seen with the columns above (the central schema type stays untouched). */
export function secureDb(db: Kysely<Database>): Kysely<SecureDatabase> {
  return db as unknown as Kysely<SecureDatabase>;
}
