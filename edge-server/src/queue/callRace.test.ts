import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ulid } from 'ulid';
import { DomainError, type TicketT } from '@lotse/shared';
import { migrateToLatest, openSqlite, type Db } from '../storage/db.ts';
import { toTicket } from './repository.ts';
import { deskRepo } from './deskRepository.ts';
import { QueueService } from './service.ts';

/**
 * "Two clerks never get the same ticket", with the race made to happen. One SQLite connection runs transactions one
 * after the other, so two call-next presses can never overlap there and a race test proves nothing. PostgreSQL
 * (READ COMMITTED) does overlap them: both clerks read the same oldest waiting ticket, one claims it and commits,
 * and the other's claim then finds the row already called, which only the conditional update (`status = 'waiting'`)
 * notices. This test replays exactly that order, statement by statement: transactions pass through (each statement
 * sees what the previous ones wrote, like READ COMMITTED), and a barrier holds every clerk after reading its
 * candidate until all of them have read one.
 */
let dir: string;
let db: Db;
let queue: QueueService;
let clock: Date;
let candidatesRead: (TicketT | undefined)[];

/** The database as PostgreSQL's READ COMMITTED lets concurrent transactions see it: `transaction()` adds no isolation. */
function withoutIsolation(real: Db): Db {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (trx: Db) => Promise<T>) => fn(withoutIsolation(target)) });
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The first `clerks` reads of the oldest waiting ticket wait for one another before anyone goes on to claim. */
function holdUntilAllHaveRead(clerks: number): void {
  const read = deskRepo.oldestWaitingFor.bind(deskRepo);
  let release!: () => void;
  const allRead = new Promise<void>((resolve) => (release = resolve));
  vi.spyOn(deskRepo, 'oldestWaitingFor').mockImplementation(async (trx, counterId, serviceIds, limit) => {
    const candidates = await read(trx, counterId, serviceIds, limit);
    if (candidatesRead.length >= clerks) return candidates;
    candidatesRead.push(candidates[0] && toTicket(candidates[0]));
    if (candidatesRead.length === clerks) release();
    await allRead;
    return candidates;
  });
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-race-'));
  db = openSqlite(path.join(dir, 'race.sqlite'));
  await migrateToLatest(db);
  await db.insertInto('services').values([{ id: 'ausweis', letter: 'A', name: 'Personalausweis', active: 1, sort: 0 }]).execute();
  await db.insertInto('counters').values(['p1', 'p2', 'p3'].map((id) => ({ id, name: id, service_ids: '[]', clerk: null, current_ticket_id: null }))).execute();
  clock = new Date('2026-03-10T08:00:00.000Z');
  candidatesRead = [];
  queue = new QueueService({ db: withoutIsolation(db), now: () => clock });
  for (const counterId of ['p1', 'p2', 'p3']) await queue.openCounter({ counterId, serviceIds: ['ausweis'] }, counterId);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function checkIn(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' })).ticket.id);
    clock = new Date(clock.getTime() + 1000);
  }
  return ids;
}

const outcome = (p: Promise<{ ticketId: string }>) => p.then((c) => c.ticketId, (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

async function calledRows() {
  return db.selectFrom('tickets').select(['id', 'status', 'counter_id']).where('status', '=', 'called').orderBy('id').execute();
}

describe('call-next when clerks read the same waiting ticket at once', () => {
  it('two clerks, two tickets: one claims the oldest, the other moves on to the next', async () => {
    const [oldest, next] = await checkIn(2);
    holdUntilAllHaveRead(2);
    const got = await Promise.all([outcome(queue.callNext('p1')), outcome(queue.callNext('p2'))]);
    // The race really happened: both read the oldest ticket before either claimed it.
    expect(candidatesRead.map((t) => t?.id)).toEqual([oldest, oldest]);
    expect([...got].sort()).toEqual([oldest, next].sort());
    const rows = await calledRows();
    expect(rows.map((r) => r.id).sort()).toEqual([oldest, next].sort());
    expect(new Set(rows.map((r) => r.counter_id)).size).toBe(2);
    expect(await db.selectFrom('calls').select('ticket_id').execute()).toHaveLength(2);
  });

  it('three clerks, one ticket: exactly one call, the others hear the queue is empty', async () => {
    const [only] = await checkIn(1);
    holdUntilAllHaveRead(3);
    const got = await Promise.all(['p1', 'p2', 'p3'].map((c) => outcome(queue.callNext(c))));
    expect(candidatesRead.map((t) => t?.id)).toEqual([only, only, only]);
    expect([...got].sort()).toEqual([only, 'QUEUE_EMPTY', 'QUEUE_EMPTY'].sort());
    const calls = await db.selectFrom('calls').select(['ticket_id', 'counter_id']).execute();
    expect(calls).toHaveLength(1);
    expect(await calledRows()).toEqual([{ id: only, status: 'called', counter_id: calls[0].counter_id }]);
  });
});
