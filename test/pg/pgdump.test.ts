import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { migrateToLatest, type Db } from '../../edge-server/src/storage/db.ts';
import { QueueService } from '../../edge-server/src/queue/service.ts';
import { appendAudit, auditHead, verifyChain } from '../../edge-server/src/audit/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';

/** docs/operations.md's PostgreSQL backup: `pg_dump --format=custom`, restored with `pg_restore` into a new database. */
describe('pg_dump and pg_restore of a Lotse database', () => {
  let dir: string;
  const stores: TestDatabase[] = [];
  const dbs: Db[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-pgdump-'));
  });
  afterAll(async () => {
    for (const db of dbs) await db.destroy();
    for (const s of stores) await s.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores every ticket and the unbroken audit chain, and the restored database still refuses audit edits', async () => {
    const live = await createTestDatabase(dir, 'postgres');
    stores.push(live);
    const db = live.open();
    dbs.push(db);
    await migrateToLatest(db);
    await db.insertInto('services').values({ id: 'ausweis', letter: 'A', name: 'Personalausweis', active: 1, sort: 0 }).execute();
    const queue = new QueueService({ db });
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' })).ticket.id);
    for (let i = 0; i < 5; i++) await appendAudit(db, { actor: 'system', action: 'settings.changed', subject: `k${i}` });

    const dump = path.join(dir, 'lotse.dump');
    execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, `--dbname=${live.url}`]);
    const fresh = await createTestDatabase(dir, 'postgres');
    stores.push(fresh);
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${fresh.url}`, dump]);
    const restored = fresh.open();
    dbs.push(restored);

    const tickets = async (d: Db) => (await d.selectFrom('tickets').select(['id', 'number', 'seq']).orderBy('id').execute());
    expect((await tickets(restored)).map((t) => t.id)).toEqual([...ids].sort());
    expect(await tickets(restored)).toEqual(await tickets(db));
    expect(await verifyChain(restored)).toMatchObject({ ok: true, count: 5 });
    expect(await auditHead(restored)).toEqual(await auditHead(db));
    await expect(restored.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    // The restored database continues where the dump ended: the next number of the day, the chain goes on.
    await migrateToLatest(restored);
    const next = await new QueueService({ db: restored }).createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' });
    expect(next.ticket.number).toMatch(/13$/);
    await appendAudit(restored, { actor: 'system', action: 'settings.changed', subject: 'after' });
    expect(await verifyChain(restored)).toMatchObject({ ok: true, count: 6 });
  });
});
