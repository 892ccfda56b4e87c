import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';
import { dialectOf } from './dialect.ts';
import { assertByteOrderCollation, openPostgres, type PostgresOptions } from './postgres.ts';

export { openPostgres, redactUrl } from './postgres.ts';

export type Db = Kysely<Database>;

/**
 * Opens (and creates) the SQLite file. WAL lets readers run beside the writer; synchronous=FULL makes a ticket
 * durable once `ticket:create` is acknowledged, even across a power cut.
 */
export function openSqlite(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * Opens an existing SQLite file read-only, without migrating it (the audit verify command, the privacy report):
 * a missing file throws instead of being created, so a typo in a path cannot read as an empty database.
 */
export function openSqliteReadOnly(file: string): Db {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true, fileMustExist: true }) }) });
}

/**
 * The server's database: PostgreSQL when `url` is a `postgres://` (or `postgresql://`) URL, else the SQLite file
 * (the embedded default of `npm start`). Anything else is refused, so a typo cannot fall back to SQLite silently.
 */
export function openDatabase(opts: { url?: string; sqliteFile: string; postgres?: PostgresOptions }): Db {
  const url = opts.url?.trim();
  if (!url) return openSqlite(opts.sqliteFile);
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error('LOTSE_DATABASE_URL must start with postgres:// (leave it unset for the SQLite file)');
  return openPostgres(url, opts.postgres);
}

/** Runs the migrations this database has not run yet (`migrations/index.ts`, in order). */
export async function migrateToLatest(db: Db): Promise<void> {
  if (dialectOf(db) === 'postgres') await assertByteOrderCollation(db);
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}
