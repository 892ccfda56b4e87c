import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type KyselyPlugin } from 'kysely';
import { ulid } from 'ulid';
import { DomainError } from '@lotse/shared';
import { migrateToLatest, type Db } from '../../edge-server/src/storage/db.ts';
import { dialectOf } from '../../edge-server/src/storage/dialect.ts';
import { QueueService } from '../../edge-server/src/queue/service.ts';
import { appendAudit, verifyChain } from '../../edge-server/src/audit/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';

/**
 * The queue's and the audit log's guarantees on PostgreSQL's real concurrency: a pool of 10 connections, READ
 * COMMITTED, transactions that really overlap. (On SQLite the same code runs its transactions one after the other;
 * `edge-server/src/queue/callRace.test.ts` replays the interleaving there.) A barrier makes the call-next race
 * happen every time instead of now and then.
 */
let dir: string;
let store: TestDatabase;
let db: Db;
let queue: QueueService;
const COUNTERS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-pg-race-'));
  store = await createTestDatabase(dir, 'postgres');
  db = store.open({ max: 10 });
  await migrateToLatest(db);
  await db.insertInto('services').values([{ id: 'ausweis', letter: 'A', name: 'Personalausweis', active: 1, sort: 0 }]).execute();
  await db.insertInto('counters').values(COUNTERS.map((id) => ({ id, name: id, service_ids: '[]', clerk: null, current_ticket_id: null }))).execute();
  queue = new QueueService({ db });
  for (const counterId of COUNTERS) await queue.openCounter({ counterId, serviceIds: ['ausweis'] }, counterId);
});

afterEach(async () => {
  await db?.destroy();
  await store?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The first `clerks` reads of waiting tickets (however the queue picks its candidates) wait for one another, each in
 * its own open transaction, before any of them goes on to claim: the race happens every time. Returns the first
 * candidate id each of them read.
 */
function holdUntilAllHaveRead(clerks: number): (string | undefined)[] {
  const seen: (string | undefined)[] = [];
  const candidateReads = new WeakSet<object>();
  let release!: () => void;
  const allRead = new Promise<void>((resolve) => (release = resolve));
  const barrier: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      const text = JSON.stringify(node);
      if (node.kind === 'SelectQueryNode' && text.includes('"tickets"') && text.includes('"waiting"')) candidateReads.add(queryId);
      return node;
    },
    async transformResult({ result, queryId }) {
      if (!candidateReads.has(queryId) || seen.length >= clerks) return result;
      seen.push((result.rows[0] as { id?: string } | undefined)?.id);
      if (seen.length === clerks) release();
      await allRead;
      return result;
    },
  };
  queue = new QueueService({ db: db.withPlugin(barrier) });
  return seen;
}

const outcome = (p: Promise<{ ticketId: string }>) => p.then((c) => c.ticketId, (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

async function checkIn(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' })).ticket.id);
  return ids;
}

describe('PostgreSQL: call-next with clerks on separate connections', () => {
  it('runs on PostgreSQL at READ COMMITTED', async () => {
    expect(dialectOf(db)).toBe('postgres');
    await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ transaction_isolation: string }>`show transaction_isolation`.execute(trx);
      expect(rows[0].transaction_isolation).toBe('read committed');
    });
  });

  it('six clerks read the same oldest ticket at once: each gets a different one, every call stored once', async () => {
    const tickets = await checkIn(6);
    const seen = holdUntilAllHaveRead(6);
    const got = await Promise.all(COUNTERS.map((c) => outcome(queue.callNext(c))));
    // The race happened: all six transactions had read the same candidate before any claimed it.
    expect(seen).toEqual(Array(6).fill(tickets[0]));
    expect([...got].sort()).toEqual([...tickets].sort());
    const calls = await db.selectFrom('calls').select(['ticket_id', 'counter_id']).execute();
    expect(calls.map((c) => c.ticket_id).sort()).toEqual([...tickets].sort());
    expect(new Set(calls.map((c) => c.counter_id)).size).toBe(6);
    const counters = await db.selectFrom('counters').select(['id', 'current_ticket_id']).execute();
    expect(counters.map((c) => c.current_ticket_id).sort()).toEqual([...tickets].sort());
  });

  it('three clerks, one ticket: one call, the others hear the queue is empty', async () => {
    const [only] = await checkIn(1);
    holdUntilAllHaveRead(3);
    const got = await Promise.all(['p1', 'p2', 'p3'].map((c) => outcome(queue.callNext(c))));
    expect([...got].sort()).toEqual([only, 'QUEUE_EMPTY', 'QUEUE_EMPTY'].sort());
    expect(await db.selectFrom('calls').select('ticket_id').execute()).toEqual([{ ticket_id: only }]);
  });

  it('six clerks pressing at once, round after round, call every ticket exactly once', async () => {
    const tickets = await checkIn(30);
    const got: string[] = [];
    for (let round = 0; round < 6; round++) got.push(...(await Promise.all(COUNTERS.map((c) => outcome(queue.callNext(c))))));
    // A press may lose to another press at its own counter (CONFLICT: try again) but never fails otherwise.
    expect(got.filter((g) => !tickets.includes(g) && g !== 'QUEUE_EMPTY' && g !== 'CONFLICT')).toEqual([]);
    const called = got.filter((g) => tickets.includes(g));
    expect(new Set(called).size).toBe(called.length);
    const calls = await db.selectFrom('calls').select('ticket_id').execute();
    expect(calls.map((c) => c.ticket_id).sort()).toEqual([...called].sort());
    const notWaiting = await db.selectFrom('tickets').select('id').where('status', '!=', 'waiting').execute();
    expect(notWaiting.length).toBe(calls.length);
    expect(called.length).toBe(30);
  });
});

describe('PostgreSQL: check-in', () => {
  it('one ticket id sent 8 times at once (a kiosk retrying on several connections) makes one ticket', async () => {
    const id = ulid();
    const receipts = await Promise.all(Array.from({ length: 8 }, () => queue.createTicket({ id, serviceId: 'ausweis', language: 'de' })));
    expect(new Set(receipts.map((r) => `${r.ticket.id} ${r.ticket.number}`)).size).toBe(1);
    expect(receipts[0].ticket.id).toBe(id);
    expect(await db.selectFrom('tickets').select('id').execute()).toEqual([{ id }]);
    expect(await db.selectFrom('day_sequences').select('last').execute()).toEqual([{ last: 1 }]);
  });

  it('50 kiosks checking in at once get the numbers 1 to 50 of the day, no gap, no twice', async () => {
    const receipts = await Promise.all(Array.from({ length: 50 }, () => queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' })));
    const seqs = (await db.selectFrom('tickets').select('seq').execute()).map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(receipts.map((r) => r.ticket.number)).size).toBe(50);
  });
});

describe('PostgreSQL: the audit hash chain', () => {
  it('40 appends from 10 connections at once form one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(db, { actor: 'system', action: 'settings.changed', subject: `k${i}` })));
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 40 });
    const seqs = (await db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('the database refuses to change or delete an entry', async () => {
    await appendAudit(db, { actor: 'system', action: 'settings.changed', subject: 'x' });
    await expect(db.updateTable('audit_log').set({ actor: 'admin' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});
