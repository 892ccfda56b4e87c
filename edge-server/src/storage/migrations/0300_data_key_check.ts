import type { Kysely } from 'kysely';

/**
 * One row: a known value encrypted with the data key, and the key's id. At start the server decrypts it, so a
 * lost or swapped key is noticed before any transcript is read or written (see crypto/dataKey.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('data_key_check').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('check_value', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
}
