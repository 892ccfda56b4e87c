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
 * Makes a read-then-insert inside `trx` exclusive against other writers of `table`. On SQLite the single
 * connection already serialises transactions; on PostgreSQL the table is locked until the transaction ends.
 */
export async function lockTableForWrite(trx: Transaction<Database>, table: keyof Database): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`LOCK TABLE ${sql.table(table)} IN EXCLUSIVE MODE`.execute(trx);
}

/** Tables that exist right now (SQLite; on PostgreSQL the public schema), sorted by name. */
export async function listTables(db: Kysely<Database>): Promise<string[]> {
  const query = dialectOf(db) === 'sqlite'
    ? sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`
    : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`;
  return (await query.execute(db)).rows.map((r) => r.name);
}
