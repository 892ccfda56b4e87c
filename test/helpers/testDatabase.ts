/**
 * The database under a test: a SQLite file in the test's folder (the default), or, with
 * `LOTSE_TEST_DATABASE=postgres` (the `pg` Vitest project sets it), a fresh PostgreSQL database of its own on the
 * cluster at `LOTSE_TEST_PG_URL` (test/pg/globalSetup.ts starts a throwaway one), dropped again by `drop()`.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, openSqlite, type Db } from '../../edge-server/src/storage/db.ts';

export type TestDialect = 'sqlite' | 'postgres';

/** The dialect this run's tests use. */
export const TEST_DIALECT: TestDialect = process.env.LOTSE_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  readonly dialect: TestDialect;
  /** The `LOTSE_DATABASE_URL` a server process would get (PostgreSQL only). */
  readonly url?: string;
  /** A new connection (pool) to it; the caller destroys it. */
  open(opts?: { max?: number }): Db;
  /** Removes the database (PostgreSQL: drops it, closing whatever is still connected). */
  drop(): Promise<void>;
}

/** The maintenance URL of the test cluster; throws with what to do when none is set. */
export function testClusterUrl(): string {
  const url = process.env.LOTSE_TEST_PG_URL;
  if (!url) throw new Error('LOTSE_TEST_PG_URL is not set: run PostgreSQL tests through the "pg" Vitest project (test/pg/globalSetup.ts starts a cluster)');
  return url;
}

async function onCluster<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testClusterUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(dir: string, dialect: TestDialect = TEST_DIALECT): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const file = path.join(dir, 'lotse.sqlite');
    return { dialect, open: () => openSqlite(file), drop: async () => undefined };
  }
  const name = `lotse_test_${randomBytes(6).toString('hex')}`;
  // Byte-order collation, as operators must create it (docs/operations.md; storage/postgres.ts refuses others).
  await onCluster((c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`));
  const url = new URL(testClusterUrl());
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    open: (opts) => openPostgres(url.toString(), { max: opts?.max }),
    drop: () => onCluster((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
