import { sql } from 'kysely';
import { migrateToLatest, type Db } from '../storage/db.ts';
import { dialectOf, listTables } from '../storage/dialect.ts';
import type { Database } from '../storage/schema.ts';

export interface MoveResult {
  /** Rows copied per table. */
  rows: Record<string, number>;
}

const PAGE = 500;

/** Tables in an order in which every foreign key points to a table already filled (PostgreSQL's catalogue). */
async function fillOrder(pg: Db, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select tc.table_name as child, ccu.table_name as parent
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`.execute(pg);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of rows) if (r.child !== r.parent) parents.get(r.child)?.add(r.parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...(parents.get(t) ?? [])].every((p) => done.has(p) || !parents.has(p)));
    if (ready.length === 0) throw new Error('the foreign keys form a cycle: cannot order the copy');
    for (const t of ready) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}

/**
 * Moves an office from its SQLite file to an empty PostgreSQL database: runs the migrations there, then copies
 * every table's rows in one transaction (all or nothing), parents before children. The server must be stopped
 * (the data-folder lock is the caller's job); the data key stays the same, so transcripts stay readable.
 */
export async function moveSqliteToPostgres(sqlite: Db, pg: Db): Promise<MoveResult> {
  if (dialectOf(sqlite) !== 'sqlite' || dialectOf(pg) !== 'postgres') throw new Error('moves from SQLite to PostgreSQL only');
  await migrateToLatest(sqlite);
  await migrateToLatest(pg);
  const source = (await listTables(sqlite)).filter((t) => !t.startsWith('kysely_'));
  const target = new Set((await listTables(pg)).filter((t) => !t.startsWith('kysely_')));
  const missing = source.filter((t) => !target.has(t));
  if (missing.length) throw new Error(`PostgreSQL lacks the tables ${missing.join(', ')} after migrating: versions differ`);
  const order = await fillOrder(pg, source);
  const rows: Record<string, number> = {};
  await pg.transaction().execute(async (trx) => {
    for (const table of ['tickets', 'staff', 'devices', 'audit_log']) {
      const { rows: present } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(trx);
      if (Number(present[0].n) > 0) throw new Error(`PostgreSQL table ${table} is not empty: move into a new, empty database (no server started on it yet)`);
    }
    // Rows the migrations themselves put in (defaults) give way to the office's own.
    for (const table of [...order].reverse()) await sql`delete from ${sql.table(table)}`.execute(trx);
    for (const table of order) {
      rows[table] = 0;
      for (let offset = 0; ; offset += PAGE) {
        // rowid keeps the pages stable and in insertion order (the audit chain is copied seq by seq).
        const page = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by rowid limit ${PAGE} offset ${offset}`.execute(sqlite);
        if (page.rows.length === 0) break;
        // Tables of any migration, also ones schema.ts names differently: rows go in as SQLite returned them.
        await trx.insertInto(table as keyof Database).values(page.rows as never).execute();
        rows[table] += page.rows.length;
        if (page.rows.length < PAGE) break;
      }
    }
  });
  return { rows };
}
