import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { DomainError } from '@lotse/shared';
import { migrateToLatest, openSqlite, type Db } from '../storage/db.ts';
import { QueueService } from './service.ts';

/** Offline kiosk outbox replayed on reconnect: the check-in time keeps the citizen's place. */
let dir: string;
let db: Db;
let clock: Date;
let queue: QueueService;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-replay-'));
  db = openSqlite(path.join(dir, 'q.sqlite'));
  await migrateToLatest(db);
  await db.insertInto('services').values({ id: 'ausweis', letter: 'A', name: 'Personalausweis', active: 1, sort: 0 }).execute();
  await db.insertInto('counters').values({ id: 'p1', name: 'Platz 1', service_ids: '["ausweis"]', clerk: 'x', current_ticket_id: null }).execute();
  clock = new Date('2026-03-10T10:00:00.000Z'); // 11:00 Berlin
  queue = new QueueService({ db, now: () => clock });
});
afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? `${e.code}: ${e.message}` : String(e)));

describe('offline replay with checkedInAt', () => {
  it('ranks a replayed check-in by when the citizen checked in and shows the provisional number', async () => {
    const online = await queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de' }); // 10:00Z
    const replayed = await queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'tr', checkedInAt: '2026-03-10T09:40:00.000Z', provisionalNumber: 'K1-003' });
    expect(replayed.ticket).toMatchObject({ number: 'A-002', createdAt: '2026-03-10T09:40:00.000Z', priorityAt: '2026-03-10T09:40:00.000Z', provisionalNumber: 'K1-003' });
    expect(replayed.ahead).toBe(0);
    expect((await queue.ticketReceipt(online.ticket.id)).ahead).toBe(1);
    expect((await queue.callNext('p1')).ticketId).toBe(replayed.ticket.id);
    expect((await queue.callNext('p1')).ticketId).toBe(online.ticket.id);
  });

  it('a second replay of the same outbox entry returns the same ticket (idempotent by id)', async () => {
    const input = { id: ulid(), serviceId: 'ausweis', language: 'de' as const, checkedInAt: '2026-03-10T09:59:00.000Z', provisionalNumber: 'K1-001' };
    const a = await queue.createTicket(input);
    clock = new Date('2026-03-10T10:30:00.000Z');
    const b = await queue.createTicket(input);
    expect(b.ticket).toEqual(a.ticket);
    expect(await db.selectFrom('tickets').select('id').execute()).toHaveLength(1);
  });

  it('allows one minute of kiosk clock skew, refuses the future beyond it and another office day', async () => {
    const make = (checkedInAt: string) => queue.createTicket({ id: ulid(), serviceId: 'ausweis', language: 'de', checkedInAt });
    expect(await code(make('2026-03-10T10:00:59.000Z'))).toBe('resolved');
    expect(await code(make('2026-03-10T10:01:01.000Z'))).toMatch(/^BAD_REQUEST: checkedInAt .* lies in the future/);
    // 22:59Z on the 9th is still the 9th in Berlin (23:59 CET); 23:00Z is already the 10th.
    expect(await code(make('2026-03-09T22:59:00.000Z'))).toMatch(/^BAD_REQUEST: .*not on today's office day \(2026-03-10\)/);
    expect(await code(make('2026-03-09T23:00:00.000Z'))).toBe('resolved');
    const rows = await db.selectFrom('tickets').select(['number', 'priority_at']).orderBy('priority_at').execute();
    expect(rows).toEqual([{ number: 'A-002', priority_at: '2026-03-09T23:00:00.000Z' }, { number: 'A-001', priority_at: '2026-03-10T10:00:59.000Z' }]);
  });
});
