import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretKey, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, openSqlite, type Db } from '../../edge-server/src/storage/db.ts';
import { dialectOf, listTables } from '../../edge-server/src/storage/dialect.ts';
import { loadLines, saveLine } from '../../edge-server/src/sessions/lines.ts';
import { isEncryptedField } from '../../edge-server/src/crypto/fieldCrypto.ts';
import { MIGRATIONS } from '../../edge-server/src/storage/migrations/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';

/** The same migrations on PostgreSQL: the same tables and columns as SQLite, transcripts stored only encrypted. */
let dir: string;
let store: TestDatabase;
let db: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-pg-storage-'));
  store = await createTestDatabase(dir, 'postgres');
  db = store.open();
});
afterEach(async () => {
  await db?.destroy();
  await store?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function columnsPostgres(): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%' order by 1, 2`.execute(db);
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  return out;
}

async function columnsSqlite(): Promise<Record<string, string[]>> {
  const lite = openSqlite(path.join(dir, 'ref.sqlite'));
  try {
    await migrateToLatest(lite);
    const out: Record<string, string[]> = {};
    for (const t of (await listTables(lite)).filter((n) => !n.startsWith('kysely_'))) {
      const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${t}) order by name`.execute(lite);
      out[t] = rows.map((r) => r.name);
    }
    return out;
  } finally {
    await lite.destroy();
  }
}

describe('PostgreSQL storage', () => {
  it('runs every migration once and ends with the same tables and columns as SQLite', async () => {
    expect(dialectOf(db)).toBe('postgres');
    await migrateToLatest(db);
    await migrateToLatest(db); // a second start (or a second node) finds nothing to do
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const pgColumns = await columnsPostgres();
    const liteColumns = await columnsSqlite();
    expect(Object.keys(pgColumns).sort()).toEqual(Object.keys(liteColumns).sort());
    for (const t of Object.keys(liteColumns)) expect([...pgColumns[t]].sort(), t).toEqual([...liteColumns[t]].sort());
  });

  it('two nodes migrating the same empty database at once: one runs the migrations, the other waits and finds them done', async () => {
    const other = store.open();
    try {
      await Promise.all([migrateToLatest(db), migrateToLatest(other)]);
      const applied = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(db);
      expect(Number(applied.rows[0].n)).toBe(MIGRATIONS.length);
    } finally {
      await other.destroy();
    }
  });

  it('stores transcript text only encrypted: no word of it in any column, and it reads back with the key', async () => {
    await migrateToLatest(db);
    const key = createSecretKey(randomBytes(32));
    const now = new Date().toISOString();
    await db.insertInto('conversation_sessions').values({
      id: 's1', counter_id: 'platz-1', ticket_id: 't1', ticket_number: 'A-001', clerk_language: 'de', citizen_language: 'en',
      mode: 'single', consent_status: 'given', consent_keep: 1, consent_version: 'v1', consent_at: now, consent_device_id: null,
      started_at: now, ended_at: null, keep_until: null,
    }).execute();
    const line = {
      id: 'l1', speaker: 'citizen', source: 'typed', language: 'en', text: 'my umbrella is purple', translationLanguage: 'de',
      translation: 'mein Regenschirm ist lila', translationKind: 'machine', engine: 'apertium', at: now,
    } as Parameters<typeof saveLine>[3];
    await saveLine(db, key, 's1', line);
    const raw = await sql<{ row: string }>`select t::text as row from transcript_lines t`.execute(db);
    expect(raw.rows).toHaveLength(1);
    for (const word of ['umbrella', 'purple', 'Regenschirm', 'lila']) expect(raw.rows[0].row).not.toContain(word);
    const stored = await db.selectFrom('transcript_lines').select(['text_enc', 'translation_enc']).executeTakeFirstOrThrow();
    expect(isEncryptedField(stored.text_enc) && isEncryptedField(stored.translation_enc ?? '')).toBe(true);
    expect((await loadLines(db, key, 's1')).map((l) => l.text)).toEqual(['my umbrella is purple']);
  });

  it('a transaction PostgreSQL aborts as a deadlock victim runs again, so both sides of the deadlock succeed', async () => {
    await migrateToLatest(db);
    await db.insertInto('settings').values([{ key: 'a', value: '0' }, { key: 'b', value: '0' }]).execute();
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    let attempts = 0;
    // Each takes one row, waits until the other holds its row, then wants the other's: a deadlock on the first try.
    const crosswise = (first: string, second: string) => db.transaction().execute(async (trx) => {
      attempts++;
      await trx.updateTable('settings').set({ value: sql`value || '1'` }).where('key', '=', first).execute();
      if (++arrived === 2) release();
      await bothHoldOne;
      await trx.updateTable('settings').set({ value: sql`value || '1'` }).where('key', '=', second).execute();
    });
    await Promise.all([crosswise('a', 'b'), crosswise('b', 'a')]);
    expect(attempts).toBe(3);
    expect(await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['a', 'b']).orderBy('key').execute())
      .toEqual([{ key: 'a', value: '011' }, { key: 'b', value: '011' }]);
  });

  it('opens PostgreSQL for a postgres:// URL, the SQLite file without one, and refuses anything else', async () => {
    const lite = openDatabase({ sqliteFile: path.join(dir, 'x.sqlite') });
    expect(dialectOf(lite)).toBe('sqlite');
    await lite.destroy();
    const viaUrl = openDatabase({ url: store.url, sqliteFile: path.join(dir, 'unused.sqlite') });
    expect(dialectOf(viaUrl)).toBe('postgres');
    await viaUrl.destroy();
    expect(fs.existsSync(path.join(dir, 'unused.sqlite'))).toBe(false);
    expect(() => openDatabase({ url: 'mysql://x', sqliteFile: 'y' })).toThrow(/must start with postgres:\/\//);
  });
});
