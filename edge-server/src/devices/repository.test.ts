import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrateToLatest, type Db } from '../storage/db.ts';
import type { Database } from '../storage/schema.ts';
import { purgeStalePairingCodes } from './repository.ts';

let db: Db;
beforeEach(async () => {
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

const NOW = '2026-03-10T12:00:00.000Z';
const hoursAgo = (h: number) => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();
const hoursAhead = (h: number) => hoursAgo(-h);

it('keeps used or expired pairing codes one day, and open codes until then', async () => {
  const code = (code_hash: string, expires_at: string, used_at: string | null) => ({ code_hash, role: 'kiosk', name: 'Kiosk', expires_at, used_at });
  await db.insertInto('pairing_codes').values([
    code('open', hoursAhead(0.1), null),
    code('expired-recently', hoursAgo(23), null),
    code('expired-long-ago', hoursAgo(25), null),
    code('used-recently', hoursAhead(0.1), hoursAgo(23)),
    code('used-long-ago', hoursAgo(24.5), hoursAgo(24.8)),
    code('used-exactly-a-day-ago', hoursAhead(0.1), hoursAgo(24)),
  ]).execute();

  expect(await purgeStalePairingCodes(db, NOW)).toBe(3);
  const left = (await db.selectFrom('pairing_codes').select('code_hash').orderBy('code_hash').execute()).map((r) => r.code_hash);
  expect(left).toEqual(['expired-recently', 'open', 'used-recently']);
});
