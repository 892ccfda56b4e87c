import type { Db } from '../storage/db.ts';

/**
 * Retention: deletes the lines of ended sessions that are due — without keep-consent at once (a safety net: the
 * session end already deleted them), with keep-consent after the kept period. Returns the number of lines.
 */
export async function purgeDueTranscripts(db: Db, due: { withoutConsentEndedAtOrBefore: string; withConsentEndedAtOrBefore: string }): Promise<number> {
  const dueSessions = db
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
  const res = await db.deleteFrom('transcript_lines').where('session_id', 'in', dueSessions).executeTakeFirst();
  return Number(res.numDeletedRows);
}
