import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.ts';
import { retryingTransactions } from './transactions.ts';

export interface PostgresOptions {
  /** Connections in the pool (default 10): call-next, check-ins and audit appends really run side by side. */
  max?: number;
  /** Where a dropped idle connection is reported (default: console.error); it must never crash the server. */
  onError?: (err: Error) => void;
}

/** Hides the password of a `postgres://` URL for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * A pool on PostgreSQL (`LOTSE_DATABASE_URL`). Transactions run at READ COMMITTED, PostgreSQL's default: every
 * guard in the repositories is a single conditional statement (UPDATE ... WHERE status = 'waiting', INSERT ... ON
 * CONFLICT DO UPDATE) or holds an explicit lock (the audit chain), and READ COMMITTED re-checks a conditional
 * UPDATE's WHERE against the row a concurrent transaction just committed, where REPEATABLE READ would abort it.
 * A transaction PostgreSQL rolled back (deadlock, lost unique race) runs again (transactions.ts).
 */
export function openPostgres(url: string, opts: PostgresOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away (PostgreSQL restarted) emits 'error' on the pool: unhandled, it would
  // end the process. The next query gets a fresh connection.
  pool.on('error', opts.onError ?? ((err) => console.error(`PostgreSQL connection lost (${redactUrl(url)}):`, err.message)));
  return retryingTransactions(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
}

/**
 * Refuses a database whose text collation is not byte order. Queue order, ULIDs and ISO times are compared as
 * text in SQL and in JavaScript; a language collation (en_US.UTF-8) could sort them differently than the code.
 */
export async function assertByteOrderCollation(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ collate: string }>`select datcollate as collate from pg_database where datname = current_database()`.execute(db);
  const collate = rows[0]?.collate ?? '';
  if (collate !== 'C' && collate !== 'POSIX' && collate !== 'C.UTF-8' && collate !== 'C.utf8') {
    throw new Error(
      `the PostgreSQL database uses collation "${collate}"; Lotse needs byte order. Create it with: ` +
        `CREATE DATABASE lotse TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' OWNER lotse;`,
    );
  }
}
