import type { Kysely } from 'kysely';
import { registerMigration } from '../storage/migrations.ts';

/** Conversation sessions and their transcript lines. Line text is stored only encrypted (AES-256-GCM). */
export interface ConversationSessionsTable {
  id: string;
  counter_id: string;
  ticket_id: string;
  ticket_number: string;
  clerk_language: string;
  citizen_language: string;
  mode: string;
  consent_status: string;
  consent_keep: number;
  consent_version: string;
  consent_at: string | null;
  started_at: string;
  ended_at: string | null;
  /** Transcript deletion deadline when the citizen agreed to keep it; null = deleted at session end. */
  keep_until: string | null;
}
export interface TranscriptLinesTable {
  id: string;
  session_id: string;
  speaker: string;
  source: string;
  language: string;
  text_enc: string;
  translation_language: string;
  translation_enc: string | null;
  translation_kind: string;
  engine: string | null;
  at: string;
}
export interface SessionTables {
  conversation_sessions: ConversationSessionsTable;
  transcript_lines: TranscriptLinesTable;
}

registerMigration('0200_sessions', {
  async up(db: Kysely<any>) {
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
  },
});

// Ending the sessions of a finished ticket looks them up by ticket (see SessionService.endForTicket).
registerMigration('0210_sessions_ticket', {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('conversation_sessions_ticket').ifNotExists().on('conversation_sessions').columns(['ticket_id', 'ended_at']).execute();
  },
});

// Any Kysely whose database ran the migrations; narrowed to the tables this domain owns.
export const sessionDb = (db: Kysely<any>): Kysely<SessionTables> => db;

/**
 * Retention: deletes the lines of ended sessions that are due — without keep-consent at once (a safety net: the
 * session end already deleted them), with keep-consent after the kept period. Returns the number of lines.
 */
export async function purgeDueTranscripts(db: Kysely<any>, due: { withoutConsentEndedAtOrBefore: string; withConsentEndedAtOrBefore: string }): Promise<number> {
  const sdb = sessionDb(db);
  const dueSessions = sdb
    .selectFrom('conversation_sessions')
    .select('id')
    .where('ended_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('consent_keep', '=', 0), eb('ended_at', '<=', due.withoutConsentEndedAtOrBefore)]),
        eb('ended_at', '<=', due.withConsentEndedAtOrBefore),
        eb('keep_until', '<=', due.withoutConsentEndedAtOrBefore),
      ]),
    );
  const res = await sdb.deleteFrom('transcript_lines').where('session_id', 'in', dueSessions).executeTakeFirst();
  return Number(res.numDeletedRows);
}
