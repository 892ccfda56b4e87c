import type { Db } from '../storage/db.ts';

const DAY_MS = 86_400_000;

/**
 * Retention: used or expired pairing codes are worthless but still say when a device was paired, so they are
 * kept one day. Returns the number deleted.
 */
export async function purgeStalePairingCodes(db: Db, now: string): Promise<number> {
  const dayAgo = new Date(Date.parse(now) - DAY_MS).toISOString();
  const res = await db.deleteFrom('pairing_codes')
    .where((eb) => eb.or([eb('expires_at', '<=', dayAgo), eb.and([eb('used_at', 'is not', null), eb('used_at', '<=', dayAgo)])]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
