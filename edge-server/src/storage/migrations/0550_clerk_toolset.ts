import type { Kysely } from 'kysely';

/**
 * The clerk's toolset (issue 11): a ticket can be parked and taken back, transferred with a note (to a service or
 * to one counter), and each visit records an outcome. The note is cleared when the ticket ends (queue/desk.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['parked_at', 'from_counter_id', 'transferred_at', 'target_counter_id', 'note', 'outcome']) {
    await db.schema.alterTable('tickets').addColumn(column, 'text').execute();
  }
}
