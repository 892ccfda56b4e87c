import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretKey, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { CallT, SessionStateT } from '@lotse/shared';
import { migrateToLatest, openSqlite, type Db } from '../storage/db.ts';
import { SessionService, type SessionEmitter } from './service.ts';

/** SessionService on a real SQLite file: session starts and ends that race each other. */
let dir: string;
let db: Db;
let states: SessionStateT[];
let closed: string[];
const key = createSecretKey(randomBytes(32));

const emitter = (): SessionEmitter => ({
  state: (s) => void states.push(s),
  closed: (_counterId, id) => void closed.push(id),
  partial: () => undefined,
  final: () => undefined,
  notice: () => undefined,
});
const service = () => new SessionService({ db, dataKey: key, emit: emitter() });
const call = (counterId = 'p1', recall = false): CallT => ({
  id: ulid(), ticketId: ulid(), ticketNumber: 'A-001', language: 'en', counterId, counterName: 'Platz 1', calledAt: new Date().toISOString(), recall,
});
const openRows = () => db.selectFrom('conversation_sessions').select(['id', 'ticket_id']).where('ended_at', 'is', null).execute();
const endAudits = async () => (await db.selectFrom('audit_log' as never).selectAll().execute()).filter((r) => (r as { action: string }).action === 'session.ended').length;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-sessions-'));
  db = openSqlite(path.join(dir, 's.sqlite'));
  await migrateToLatest(db);
  states = [];
  closed = [];
});

afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('session lifecycle', () => {
  it('two calls at once leave exactly one open session at the counter', async () => {
    const sessions = service();
    const first = await sessions.openForCall(call());
    const [a, b] = await Promise.all([sessions.openForCall(call()), sessions.openForCall(call())]);
    const open = await openRows();
    expect(open.map((r) => r.id)).toEqual([b?.id]);
    expect(closed).toEqual([first?.id, a?.id]);
    expect((await sessions.get('p1'))?.id).toBe(b?.id);
  });

  it('ending the ticket while the next call ends the same session ends it once', async () => {
    const sessions = service();
    const first = await sessions.openForCall(call());
    await Promise.all([sessions.endForTicket(first!.ticketId, 'finished'), sessions.openForCall(call())]);
    expect(closed).toEqual([first?.id]);
    expect(await endAudits()).toBe(1);
    expect(await openRows()).toHaveLength(1);
  });

  it('a second end is refused instead of ending (and auditing) again', async () => {
    const sessions = service();
    const s = await sessions.openForCall(call());
    const results = await Promise.allSettled([sessions.end(s!.id, 'system'), sessions.end(s!.id, 'system')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await endAudits()).toBe(1);
  });

  it('a line that arrives after the end is not stored, and the ended session does not come back', async () => {
    const sessions = service();
    const s = await sessions.openForCall(call());
    const saying = sessions.say(s!.id, 'clerk', 'Guten Tag');
    const settingMode = sessions.setMode(s!.id, 'paired');
    await sessions.end(s!.id, 'system');
    await Promise.allSettled([saying, settingMode]);
    const lines = await db.selectFrom('transcript_lines').selectAll().where('session_id', '=', s!.id).execute();
    expect(lines).toEqual([]);
    expect(await sessions.get('p1')).toBeUndefined();
  });

  it('ends the session of a finished ticket that was opened before a restart', async () => {
    const before = service();
    const s = await before.openForCall(call());
    const after = service();
    await after.endForTicket(s!.ticketId, 'finished');
    expect(await openRows()).toEqual([]);
    expect(closed).toEqual([s?.id]);
  });
});
