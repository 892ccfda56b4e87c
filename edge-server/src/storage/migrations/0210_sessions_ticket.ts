import type { Kysely } from 'kysely';

/** Ending the sessions of a finished ticket looks them up by ticket (see SessionService.endForTicket). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('conversation_sessions_ticket').ifNotExists().on('conversation_sessions').columns(['ticket_id', 'ended_at']).execute();
}
