/**
 * Durable check-ins on SQLite and on PostgreSQL, each against its own reference in the same run: plain single-row
 * INSERTs, each committed on its own, into a table shaped like `tickets` in the same database. 8 kiosks send one
 * check-in after another (QueueService.createTicket: idempotency read, day number upsert, insert, read back), for
 * BENCH_STORAGE_SECONDS each (default 5). PostgreSQL: the cluster at LOTSE_TEST_PG_URL, else a throwaway one
 * (test/pg/cluster.sh), stopped at the end. Printed, not asserted; goal: check-ins ≥ 50 % of the raw insert rate.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { ulid } from 'ulid';
import { migrateToLatest, type Db } from '../../edge-server/src/storage/db.ts';
import { QueueService } from '../../edge-server/src/queue/service.ts';
import { createTestDatabase, type TestDialect } from '../helpers/testDatabase.ts';

const SECONDS = Number(process.env.BENCH_STORAGE_SECONDS ?? 5);
const KIOSKS = 8;
const here = path.dirname(fileURLToPath(import.meta.url));

async function during(seconds: number, work: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: KIOSKS }, async () => {
    while (performance.now() < end) {
      await work();
      done++;
    }
  }));
  return done / seconds;
}

async function measure(dialect: TestDialect, dir: string): Promise<{ dialect: string; raw: number; checkIns: number }> {
  const store = await createTestDatabase(dir, dialect);
  const db: Db = store.open();
  try {
    await migrateToLatest(db);
    await db.insertInto('services').values({ id: 'ausweis', letter: 'A', name: 'Personalausweis', active: 1, sort: 0 }).execute();
    await sql`create table bench_raw (id text primary key, number text not null, service_id text not null, language text not null,
      kind text not null, status text not null, day text not null, seq integer not null, created_at text not null)`.execute(db);
    let n = 0;
    const raw = await during(SECONDS, () => {
      const seq = ++n;
      return sql`insert into bench_raw values (${ulid()}, ${`A${seq}`}, 'ausweis', 'de', 'walk-in', 'waiting', '2026-12-02', ${seq}, ${new Date().toISOString()})`.execute(db);
    });
    const queue = new QueueService({ db });
    const checkIns = await during(SECONDS, () => queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' }));
    return { dialect, raw, checkIns };
  } finally {
    await db.destroy();
    await store.drop();
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-storage-'));
  fs.chmodSync(dir, 0o755); // the cluster runs as the postgres user when this runs as root
  let cluster: string | undefined;
  try {
    if (!process.env.LOTSE_TEST_PG_URL) {
      cluster = path.join(dir, 'pg');
      process.env.LOTSE_TEST_PG_URL = execFileSync(path.join(here, '../pg/cluster.sh'), ['start', cluster], { encoding: 'utf8' }).trim();
    }
    const rows = [];
    for (const dialect of ['sqlite', 'postgres'] as const) rows.push(await measure(dialect, dir));
    console.log(`\nDurable check-ins vs raw inserts, ${KIOSKS} kiosks, ${SECONDS} s each (goal: ≥ 50 % of raw)`);
    console.log('database    raw inserts/s   check-ins/s   check-ins/raw');
    for (const r of rows) console.log(`${r.dialect.padEnd(10)}  ${r.raw.toFixed(0).padStart(13)}   ${r.checkIns.toFixed(0).padStart(11)}   ${((100 * r.checkIns) / r.raw).toFixed(0).padStart(12)} %`);
  } finally {
    if (cluster) execFileSync(path.join(here, '../pg/cluster.sh'), ['stop', cluster]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error('storage bench failed:', err);
  process.exit(1);
});
