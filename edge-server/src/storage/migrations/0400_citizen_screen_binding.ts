import type { Kysely } from 'kysely';

/**
 * A citizen screen belongs to one counter, chosen by the admin when the pairing code is made (issue 10 §3): the
 * code carries the counter to the device. The session remembers which device gave consent, because only that
 * screen may show what was said before it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pairing_codes').addColumn('counter_id', 'text').execute();
  await db.schema.alterTable('devices').addColumn('counter_id', 'text').execute();
  await db.schema.alterTable('conversation_sessions').addColumn('consent_device_id', 'text').execute();
}
