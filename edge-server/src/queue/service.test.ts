import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { DomainError, type CallT } from '@lotse/shared';
import { migrateToLatest, openSqlite, type Db } from '../storage/db.ts';
import { QueueService } from './service.ts';
import type { QueueEvent } from './events.ts';

/** QueueService on a real SQLite file with a clock the test moves. */
let dir: string;
let db: Db;
let clock: Date;
let events: { calls: CallT[]; queue: number; counters: string[]; tickets: string[]; statuses: string[] };
let queue: QueueService;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-queue-'));
  db = openSqlite(path.join(dir, 'q.sqlite'));
  await migrateToLatest(db);
  await db.insertInto('services').values([
    { id: 'ausweis', letter: 'A', name: 'Personalausweis', active: 1, sort: 0 },
    { id: 'pass', letter: 'B', name: 'Reisepass', active: 1, sort: 1 },
    { id: 'alt', letter: 'Z', name: 'Abgeschafft', active: 0, sort: 2 },
  ]).execute();
  await db.insertInto('counters').values([
    { id: 'p1', name: 'Platz 1', service_ids: '[]', clerk: null, current_ticket_id: null },
    { id: 'p2', name: 'Platz 2', service_ids: '[]', clerk: null, current_ticket_id: null },
  ]).execute();
  clock = new Date('2026-03-10T08:00:00.000Z');
  events = { calls: [], queue: 0, counters: [], tickets: [], statuses: [] };
  queue = new QueueService({ db, now: () => clock });
  queue.subscribe((e: QueueEvent) => {
    if (e.type === 'callCreated') events.calls.push(e.call);
    if (e.type === 'queueChanged') events.queue++;
    if (e.type === 'counterChanged') events.counters.push(e.counterId);
    if (e.type === 'ticketChanged') {
      events.tickets.push(e.ticket.id);
      events.statuses.push(e.ticket.status);
    }
  });
});

afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tick = (ms = 1000) => (clock = new Date(clock.getTime() + ms));
const create = async (serviceId: string, language: 'de' | 'en' = 'de') => {
  const r = await queue.createTicket({ id: ulid(), serviceId, language });
  tick();
  return r;
};
const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('ticket numbering', () => {
  it('counts per service per day and formats letter-sequence', async () => {
    const numbers = [];
    for (const s of ['ausweis', 'ausweis', 'pass', 'ausweis', 'pass']) numbers.push((await create(s)).ticket.number);
    expect(numbers).toEqual(['A-001', 'A-002', 'B-001', 'A-003', 'B-002']);
    const rows = await db.selectFrom('tickets').select(['number', 'day', 'seq']).orderBy('created_at').execute();
    expect(rows.map((r) => r.day)).toEqual(Array(5).fill('2026-03-10'));
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 1, 3, 2]);
  });

  it('restarts at midnight Berlin time, not UTC midnight (winter: 23:00Z)', async () => {
    clock = new Date('2026-03-10T22:59:58.000Z');
    expect((await create('ausweis')).ticket).toMatchObject({ number: 'A-001', day: '2026-03-10' });
    expect((await create('ausweis')).ticket).toMatchObject({ number: 'A-002', day: '2026-03-10' });
    clock = new Date('2026-03-10T23:00:00.000Z');
    expect((await create('ausweis')).ticket).toMatchObject({ number: 'A-001', day: '2026-03-11' });
    clock = new Date('2026-03-11T00:30:00.000Z'); // UTC's new day: still the same Berlin day
    expect((await create('ausweis')).ticket).toMatchObject({ number: 'A-002', day: '2026-03-11' });
  });

  it('restarts at 22:00Z in summer, and follows the configured time zone', async () => {
    clock = new Date('2026-07-01T21:59:59.000Z');
    expect((await create('pass')).ticket.day).toBe('2026-07-01');
    clock = new Date('2026-07-01T22:00:00.000Z');
    expect((await create('pass')).ticket).toMatchObject({ number: 'B-001', day: '2026-07-02' });

    const utcQueue = new QueueService({ db, now: () => clock, timeZone: 'UTC' });
    const r = await utcQueue.createTicket({ id: ulid(), serviceId: 'pass', language: 'de' });
    // In UTC it is still 1 July, whose B-001 exists already.
    expect(r.ticket).toMatchObject({ number: 'B-002', day: '2026-07-01' });
  });

  it('refuses unknown and inactive services without using a number', async () => {
    expect(await code(queue.createTicket({ id: ulid(), serviceId: 'nope', language: 'de' }))).toBe('NOT_FOUND');
    expect(await code(queue.createTicket({ id: ulid(), serviceId: 'alt', language: 'de' }))).toBe('NOT_FOUND');
    expect(await db.selectFrom('day_sequences').selectAll().execute()).toEqual([]);
  });

  it('is idempotent by ULID and refuses the same id for another service', async () => {
    const id = ulid();
    const a = await queue.createTicket({ id, serviceId: 'ausweis', language: 'en' });
    tick();
    const b = await queue.createTicket({ id, serviceId: 'ausweis', language: 'en' });
    expect(b.ticket).toEqual(a.ticket);
    expect(await code(queue.createTicket({ id, serviceId: 'pass', language: 'en' }))).toBe('CONFLICT');
    expect(await db.selectFrom('tickets').select('id').execute()).toHaveLength(1);
    expect(events.queue).toBe(1); // the retry changed nothing, so it announced nothing
  });
});

describe('call next', () => {
  it('calls the oldest waiting ticket of the counter services and finishes the previous one', async () => {
    const a1 = await create('ausweis');
    const b1 = await create('pass');
    const a2 = await create('ausweis');
    await queue.openCounter({ counterId: 'p1', serviceIds: ['ausweis'] }, 'Frau Meier');
    const first = await queue.callNext('p1');
    expect(first).toMatchObject({ ticketId: a1.ticket.id, ticketNumber: 'A-001', counterId: 'p1', counterName: 'Platz 1', recall: false, calledAt: clock.toISOString() });
    tick(6 * 60_000);
    const second = await queue.callNext('p1');
    expect(second.ticketId).toBe(a2.ticket.id);
    const done = await queue.ticketReceipt(a1.ticket.id);
    expect(done.ticket).toMatchObject({ status: 'finished', finishedAt: clock.toISOString() });
    expect(await code(queue.callNext('p1'))).toBe('QUEUE_EMPTY');
    expect((await queue.ticketReceipt(b1.ticket.id)).ticket.status).toBe('waiting');
    expect(events.calls.map((c) => c.ticketNumber)).toEqual(['A-001', 'A-002']);
    expect(events.tickets).toEqual(expect.arrayContaining([a1.ticket.id, a2.ticket.id]));
    expect(events.counters).toContain('p1');
  });

  it('announces the visit that the next call finished (its mobile page and conversation follow it)', async () => {
    const a1 = await create('ausweis');
    const b1 = await create('pass');
    await queue.openCounter({ counterId: 'p1', serviceIds: ['ausweis', 'pass'] }, 'Frau Meier');
    await queue.callNext('p1');
    events.tickets = [];
    events.statuses = [];
    await queue.callNext('p1');
    expect(events.tickets).toEqual([a1.ticket.id, b1.ticket.id]);
    // Each event carries the ticket's new state: listeners need not read it again.
    expect(events.statuses).toEqual(['finished', 'called']);
    const snap = await queue.snapshot();
    expect(snap.counters.find((c) => c.counter.id === 'p1')?.current).toMatchObject({ id: b1.ticket.id, status: 'called' });
  });

  it('a closed counter with no services gets QUEUE_EMPTY; an unknown counter NOT_FOUND', async () => {
    await create('ausweis');
    expect(await code(queue.callNext('p2'))).toBe('QUEUE_EMPTY');
    expect(await code(queue.callNext('p9'))).toBe('NOT_FOUND');
  });

  it('two counters calling at once get different tickets', async () => {
    for (let i = 0; i < 6; i++) await create(i % 2 ? 'pass' : 'ausweis');
    await queue.openCounter({ counterId: 'p1', serviceIds: ['ausweis', 'pass'] }, 'A');
    await queue.openCounter({ counterId: 'p2', serviceIds: ['ausweis', 'pass'] }, 'B');
    const calls = await Promise.all(Array.from({ length: 8 }, (_, i) => queue.callNext(i % 2 ? 'p1' : 'p2').catch((e: DomainError) => e.code)));
    const ok = calls.filter((c): c is CallT => typeof c !== 'string');
    expect(new Set(ok.map((c) => c.ticketId)).size).toBe(6);
    expect(calls.filter((c) => c === 'QUEUE_EMPTY')).toHaveLength(2);
  });

  it('recall, no-show and finish act on the current ticket only', async () => {
    const t = await create('pass', 'en');
    await queue.openCounter({ counterId: 'p2', serviceIds: ['pass'] }, 'B');
    expect(await code(queue.recall('p2'))).toBe('CONFLICT');
    expect(await code(queue.finish('p2'))).toBe('CONFLICT');
    expect(await code(queue.noShow('p2'))).toBe('CONFLICT');
    await queue.callNext('p2');
    const recall = await queue.recall('p2');
    expect(recall).toMatchObject({ ticketId: t.ticket.id, recall: true, language: 'en' });
    const state = await queue.noShow('p2');
    expect(state.current).toBeNull();
    expect((await queue.ticketReceipt(t.ticket.id)).ticket.status).toBe('no-show');
    expect(await code(queue.recall('p2'))).toBe('CONFLICT');
    const board = await queue.callBoard();
    expect(board.calls.map((c) => c.recall)).toEqual([true, false]);
  });
});

describe('listeners', () => {
  it('a listener that throws or rejects breaks neither the queue nor the listeners after it; the failure is reported', async () => {
    const failures: string[] = [];
    const q = new QueueService({ db, now: () => clock, onListenerError: (err, e) => failures.push(`${e.type}: ${String(err)}`) });
    const heard: string[] = [];
    q.subscribe((e) => {
      if (e.type === 'queueChanged') throw new Error('boom');
    });
    q.subscribe(async (e) => {
      if (e.type === 'servicesChanged') throw new Error('later');
    });
    const stop = q.subscribe((e) => void heard.push(e.type));
    const r = await q.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' });
    expect(r.ticket.status).toBe('waiting');
    expect(heard).toEqual(['ticketCreated', 'queueChanged', 'servicesChanged']);
    await expect.poll(() => failures).toEqual(['queueChanged: Error: boom', 'servicesChanged: Error: later']);
    stop();
    await q.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' });
    expect(heard).toHaveLength(3);
  });

  it('finish and no-show announce the ended ticket with its final status', async () => {
    const a = await create('ausweis');
    const b = await create('ausweis');
    await queue.openCounter({ counterId: 'p1', serviceIds: ['ausweis'] }, 'A');
    await queue.callNext('p1');
    await queue.finish('p1');
    await queue.callNext('p1');
    await queue.noShow('p1');
    const ended = events.tickets.flatMap((id, i) => (events.statuses[i] === 'called' ? [] : [[id, events.statuses[i]]]));
    expect(ended).toEqual([[a.ticket.id, 'finished'], [b.ticket.id, 'no-show']]);
  });
});

describe('receipt estimate', () => {
  it('counts people ahead for the same service and uses open counters and history', async () => {
    const a1 = await create('ausweis');
    await create('pass');
    const a2 = await create('ausweis');
    const a3 = await create('ausweis');
    expect((await queue.ticketReceipt(a1.ticket.id)).ahead).toBe(0);
    const r3 = await queue.ticketReceipt(a3.ticket.id);
    expect(r3.ahead).toBe(2);
    expect(r3.estimate).toEqual({ minMinutes: 12, maxMinutes: 20 }); // no history, no open counter: 2 × 6–10
    await queue.openCounter({ counterId: 'p1', serviceIds: ['ausweis'] }, 'A');
    await queue.openCounter({ counterId: 'p2', serviceIds: ['ausweis', 'pass'] }, 'B');
    expect((await queue.ticketReceipt(a3.ticket.id)).estimate).toEqual({ minMinutes: 6, maxMinutes: 11 });
    // History: A-001 took 4 minutes at the counter.
    await queue.closeCounter('p2');
    await queue.callNext('p1');
    tick(4 * 60_000);
    await queue.finish('p1');
    const r = await queue.ticketReceipt(a3.ticket.id);
    expect(r.ahead).toBe(1);
    expect(r.estimate).toEqual({ minMinutes: 4, maxMinutes: 9 });
    expect((await queue.ticketReceipt(a2.ticket.id)).estimate).toEqual({ minMinutes: 0, maxMinutes: 0 });
    const called = await queue.ticketReceipt(a1.ticket.id);
    expect(called).toMatchObject({ ahead: 0, estimate: { minMinutes: 0, maxMinutes: 0 } });
    // The batch for mobile pages gives every waiting ticket the same receipt as one at a time.
    const batch = await queue.waitingReceipts('ausweis');
    expect(batch).toEqual([await queue.ticketReceipt(a2.ticket.id), await queue.ticketReceipt(a3.ticket.id)]);
  });
});

describe('counters', () => {
  it('open refuses unknown services or counters; close clears the clerk but keeps the services', async () => {
    expect(await code(queue.openCounter({ counterId: 'p1', serviceIds: ['nope'] }, 'A'))).toBe('NOT_FOUND');
    expect(await code(queue.openCounter({ counterId: 'p9', serviceIds: ['pass'] }, 'A'))).toBe('NOT_FOUND');
    const open = await queue.openCounter({ counterId: 'p1', serviceIds: ['pass', 'ausweis'] }, 'Herr Yılmaz');
    expect(open).toEqual({ counter: { id: 'p1', name: 'Platz 1' }, serviceIds: ['pass', 'ausweis'], clerk: 'Herr Yılmaz', current: null });
    const closed = await queue.closeCounter('p1');
    expect(closed).toMatchObject({ clerk: null, serviceIds: ['pass', 'ausweis'] });
    const snap = await queue.snapshot();
    expect(snap.counters.map((c) => c.counter.id)).toEqual(['p1', 'p2']);
  });
});
