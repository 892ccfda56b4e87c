import type { Kysely } from 'kysely';

/** Conversation sessions and their transcript lines (line text only encrypted). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('conversation_sessions').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('counter_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('ticket_number', 'text', (c) => c.notNull())
    .addColumn('clerk_language', 'text', (c) => c.notNull())
    .addColumn('citizen_language', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('single'))
    .addColumn('consent_status', 'text', (c) => c.notNull())
    .addColumn('consent_keep', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consent_version', 'text', (c) => c.notNull())
    .addColumn('consent_at', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('keep_until', 'text')
    .execute();
  await db.schema.createIndex('conversation_sessions_open').ifNotExists().on('conversation_sessions').columns(['counter_id', 'ended_at']).execute();
  await db.schema.createTable('transcript_lines').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('conversation_sessions.id').onDelete('cascade'))
    .addColumn('speaker', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('translation_language', 'text', (c) => c.notNull())
    .addColumn('translation_enc', 'text')
    .addColumn('translation_kind', 'text', (c) => c.notNull())
    .addColumn('engine', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transcript_lines_session').ifNotExists().on('transcript_lines').columns(['session_id', 'at']).execute();
}
