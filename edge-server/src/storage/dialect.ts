import { PostgresAdapter, SqliteAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The one place that knows which SQL dialect a connection speaks. Queries elsewhere are portable Kysely; what
 * SQLite and PostgreSQL do differently (locks, catalogue queries, triggers) asks here.
 */
export type DialectName = 'sqlite' | 'postgres' | 'other';

type Connection = Pick<Kysely<unknown>, 'getExecutor'>;

export function dialectOf(db: Connection): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  return 'other';
}

/**
 * Makes a read-then-insert inside `trx` exclusive against other writers of `table` (the audit chain). On SQLite
 * the single connection already serialises transactions. On PostgreSQL the table is locked until the transaction
 * ends: EXCLUSIVE mode queues every other writer (on any node) but not plain readers, and because it is the
 * transaction's first statement, READ COMMITTED gives the following read a snapshot taken after the lock was
 * granted, so it sees the entry the previous holder committed.
 */
export async function lockTableForWrite(trx: Transaction<Database>, table: keyof Database): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`LOCK TABLE ${sql.table(table)} IN EXCLUSIVE MODE`.execute(trx);
}

/** True for a violated primary key or unique constraint, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Makes the database itself refuse UPDATE and DELETE on `table` (PostgreSQL; SQLite's triggers are written in
 * migration 0100 and stay as they are stored there).
 */
export async function refuseChangesPostgres(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION lotse_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`.execute(db);
  await sql`CREATE TRIGGER ${sql.raw(`${table}_no_change`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION lotse_append_only()`.execute(db);
}

/** Tables that exist right now (SQLite; on PostgreSQL the public schema), sorted by name. */
export async function listTables(db: Kysely<Database>): Promise<string[]> {
  const query = dialectOf(db) === 'sqlite'
    ? sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`
    : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`;
  return (await query.execute(db)).rows.map((r) => r.name);
}
