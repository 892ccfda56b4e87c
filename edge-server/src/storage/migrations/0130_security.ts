import type { Kysely } from 'kysely';

/** The trust layer's columns: idle expiry of staff sessions, a device's last address, disabled staff accounts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('staff_sessions').addColumn('last_seen_at', 'text').execute();
  await db.schema.alterTable('devices').addColumn('last_ip', 'text').execute();
  await db.schema.alterTable('staff').addColumn('disabled_at', 'text').execute();
  await db.schema.createIndex('staff_sessions_staff').ifNotExists().on('staff_sessions').column('staff_id').execute();
}
