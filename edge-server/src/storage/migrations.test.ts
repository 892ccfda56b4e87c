import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, type Db } from './db.ts';
import { listTables } from './dialect.ts';
import { assertInRunOrder, MIGRATIONS, migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** `sqlite3 .dump` of a database that today's release (f997663, migrations registered on import) made from zero. */
const AT_0210 = fs.readFileSync(new URL('./fixtures/schema-0210.sql', import.meta.url), 'utf8');

const open: SQLite.Database[] = [];
function sqliteDb(init?: string): { sqlite: SQLite.Database; db: Db } {
  const sqlite = new SQLite(':memory:');
  if (init) sqlite.exec(init);
  open.push(sqlite);
  return { sqlite, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** Everything SQLite keeps of a schema: tables, indexes and triggers with their full SQL. */
const schemaOf = (sqlite: SQLite.Database) =>
  sqlite.prepare("select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all();
const applied = (sqlite: SQLite.Database) =>
  sqlite.prepare('select name, timestamp from kysely_migration order by timestamp, name').all() as { name: string; timestamp: string }[];

/** Every column of every table in `schema.ts`; the type makes this list complete (a missing or extra key fails tsc). */
const COLUMNS: { [T in keyof Database]: Record<keyof Database[T], 1> } = {
  services: {
    id: 1, letter: 1, name: 1, active: 1, sort: 1,
    pictogram: 1, duration_minutes: 1, walk_ins: 1, appointments: 1, daily_capacity: 1, stop_minutes_before_close: 1,
  },
  service_texts: { service_id: 1, language: 1, name: 1, description: 1, bring: 1, fee: 1 },
  display_groups: { id: 1, name: 1, counter_ids: 1, device_ids: 1 },
  opening_hours: { weekday: 1, opens: 1, closes: 1 },
  closed_days: { day: 1, label: 1 },
  counters: { id: 1, name: 1, service_ids: 1, clerk: 1, current_ticket_id: 1, spoken_name: 1, active: 1, default_service_ids: 1, clerk_languages: 1 },
  tickets: {
    id: 1, number: 1, service_id: 1, language: 1, kind: 1, status: 1, day: 1, seq: 1, created_at: 1, called_at: 1,
    finished_at: 1, counter_id: 1, priority_at: 1, provisional_number: 1,
    parked_at: 1, from_counter_id: 1, transferred_at: 1, target_counter_id: 1, note: 1, outcome: 1, help_language: 1,
  },
  appointments: { code: 1, service_id: 1, starts_at: 1, day: 1, duration_minutes: 1, language: 1, ticket_id: 1, checked_in_at: 1, imported_at: 1 },
  day_sequences: { service_id: 1, day: 1, last: 1 },
  calls: { id: 1, ticket_id: 1, counter_id: 1, called_at: 1, recall: 1 },
  devices: { id: 1, role: 1, name: 1, token_hash: 1, paired_at: 1, last_seen_at: 1, revoked_at: 1, last_ip: 1, counter_id: 1, removed_at: 1 },
  pairing_codes: { code_hash: 1, role: 1, name: 1, expires_at: 1, used_at: 1, counter_id: 1 },
  staff: {
    id: 1, username: 1, display_name: 1, role: 1, password_hash: 1, must_change_password: 1, failed_attempts: 1,
    locked_until: 1, disabled_at: 1, languages: 1,
  },
  staff_sessions: { token_hash: 1, staff_id: 1, created_at: 1, expires_at: 1, last_seen_at: 1 },
  settings: { key: 1, value: 1 },
  audit_log: { seq: 1, at: 1, actor: 1, action: 1, subject: 1, details: 1, prev_hash: 1, hash: 1 },
  conversation_sessions: {
    id: 1, counter_id: 1, ticket_id: 1, ticket_number: 1, clerk_language: 1, citizen_language: 1, mode: 1,
    consent_status: 1, consent_keep: 1, consent_version: 1, consent_at: 1, consent_device_id: 1, started_at: 1, ended_at: 1, keep_until: 1,
  },
  transcript_lines: {
    id: 1, session_id: 1, speaker: 1, source: 1, language: 1, text_enc: 1, translation_language: 1, translation_enc: 1,
    translation_kind: 1, engine: 1, at: 1, phrase_id: 1, reviewer: 1, reviewed_on: 1,
  },
  office_phrases: {
    id: 1, group_id: 1, direction: 1, slots: 1, quick: 1, alert: 1, texts: 1, reviews: 1, hidden: 1, updated_at: 1, updated_by: 1,
  },
  phrase_use: { phrase_id: 1, service_id: 1, uses: 1 },
  data_key_check: { id: 1, key_id: 1, check_value: 1, set_at: 1 },
  api_keys: {
    id: 1, name: 1, token_hash: 1, prefix: 1, scopes: 1, allowed_cidrs: 1, created_at: 1, created_by: 1, expires_at: 1, last_used_at: 1,
    last_used_ip: 1, revoked_at: 1,
  },
  webhook_subscriptions: { id: 1, name: 1, url: 1, events: 1, secret_enc: 1, allow_personal: 1, allow_http: 1, active: 1, created_at: 1, deleted_at: 1 },
  webhook_outbox: {
    id: 1, subscription_id: 1, event: 1, payload: 1, state: 1, attempts: 1, created_at: 1, next_attempt_at: 1, retry_until: 1, delivered_at: 1,
    last_status: 1, last_error: 1,
  },
  appointment_sources: {
    id: 1, url: 1, format: 1, interval_minutes: 1, allow_http: 1, etag: 1, last_modified: 1, last_pulled_at: 1, last_status: 1, last_error: 1,
    last_counts: 1, known_codes: 1,
  },
};

describe('one explicit migration list', () => {
  it('a fresh database and one at the 0210 release end with the same schema; the old one runs only the newer migrations', async () => {
    const fresh = sqliteDb();
    await migrateToLatest(fresh.db);
    const today = sqliteDb(AT_0210);
    const before = applied(today.sqlite);
    await migrateToLatest(today.db);

    expect(schemaOf(fresh.sqlite)).toEqual(schemaOf(today.sqlite));
    const names = MIGRATIONS.map((m) => m.name);
    const newer = names.slice(names.indexOf('0210_sessions_ticket') + 1);
    expect(applied(today.sqlite).slice(0, before.length)).toEqual(before);
    expect(applied(today.sqlite).map((m) => m.name)).toEqual([...before.map((m) => m.name), ...newer]);
    expect(applied(fresh.sqlite).map((m) => m.name)).toEqual(names);
    expect(before.map((m) => m.name)).toEqual(names.slice(0, names.length - newer.length));
  });

  it('a database stopped after any migration upgrades to the same schema as a fresh one', async () => {
    const fresh = sqliteDb();
    await migrateToLatest(fresh.db);
    for (const stop of MIGRATIONS.slice(0, -1)) {
      const old = sqliteDb();
      const { error } = await new Migrator({ db: old.db, provider: migrationProvider }).migrateTo(stop.name);
      expect(error).toBeUndefined();
      expect(applied(old.sqlite).at(-1)?.name).toBe(stop.name);
      await migrateToLatest(old.db);
      expect(schemaOf(old.sqlite)).toEqual(schemaOf(fresh.sqlite));
    }
  });

  it('schema.ts names exactly the tables and columns the migrations make', async () => {
    const { sqlite, db } = sqliteDb();
    await migrateToLatest(db);
    const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'kysely_%' order by name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(Object.keys(COLUMNS).sort());
    expect(await listTables(db)).toEqual([...tables, 'kysely_migration', 'kysely_migration_lock'].sort());
    for (const [table, columns] of Object.entries(COLUMNS)) {
      const made = (sqlite.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
      expect(made.sort(), table).toEqual(Object.keys(columns).sort());
    }
  });

  it('lists migrations in the order Kysely runs them (name order)', () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(() => assertInRunOrder([{ name: '0200_b' }, { name: '0100_a' }])).toThrow(/0100_a is listed after 0200_b/);
    expect(() => assertInRunOrder([{ name: '0100_a' }, { name: '0100_a' }])).toThrow(/listed after/);
  });

  it('is the only place that makes tables, and no source widens the database to Kysely<any>', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const offenders: string[] = [];
    for (const rel of fs.readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|mts|mjs)$/.test(rel) || /\.test\.ts$/.test(rel)) continue;
      const text = fs.readFileSync(path.join(src, rel), 'utf8');
      const inMigrations = rel.startsWith(path.join('storage', 'migrations') + path.sep);
      if (/\.(createTable|alterTable|dropTable)\(/.test(text) && !inMigrations) offenders.push(`${rel}: schema change outside storage/migrations`);
      if (/Kysely<any>/.test(text)) offenders.push(`${rel}: Kysely<any>`);
    }
    expect(offenders).toEqual([]);
  });
});
