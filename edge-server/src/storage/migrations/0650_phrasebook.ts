import type { Kysely } from 'kysely';

/**
 * Issue 18: the office's own phrasebook entries (added, or shipped ones changed or hidden), how often each phrase
 * was used per service (orders the clerk's suggestions), and on each phrasebook line its phrase and review.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('office_phrases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('slots', 'text', (c) => c.notNull())
    .addColumn('quick', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('alert', 'text')
    .addColumn('texts', 'text', (c) => c.notNull())
    .addColumn('reviews', 'text', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('phrase_use')
    .addColumn('phrase_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('phrase_use_pk', ['phrase_id', 'service_id'])
    .execute();
  await db.schema.alterTable('transcript_lines').addColumn('phrase_id', 'text').execute();
  await db.schema.alterTable('transcript_lines').addColumn('reviewer', 'text').execute();
  await db.schema.alterTable('transcript_lines').addColumn('reviewed_on', 'text').execute();
}
