import type { Kysely } from 'kysely';

/**
 * Calling by language (issue 11): a counter remembers the languages its signed-in clerk speaks (call-next may
 * prefer them), and a ticket can wait for a colleague who speaks its language (`help_language`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('counters').addColumn('clerk_languages', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('help_language', 'text').execute();
}
