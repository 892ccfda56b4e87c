import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { CallT } from '@lotse/shared';
import { migrateToLatest, openSqlite, type Db } from '../../edge-server/src/storage/db.ts';
import { KEY_FILE_NAME, loadOrCreateKey, type DataKey } from '../../edge-server/src/crypto/fieldCrypto.ts';
import { DataKeyMismatchError, openDataKey } from '../../edge-server/src/crypto/dataKey.ts';
import { runDataKeyCli } from '../../edge-server/src/main/dataKeyCli.ts';
import { SessionService } from '../../edge-server/src/sessions/service.ts';
import { startServerProcess, stopServerProcesses } from '../helpers/serverProcess.ts';
import { scaled } from '../helpers/timeouts.ts';

/** Issue 10 §4: a lost or swapped data key stops the start with a way out, and never blocks a counter. */
let dir: string;
let db: Db;
const dbFile = () => path.join(dir, 'lotse.sqlite');
const keyFile = () => path.join(dir, KEY_FILE_NAME);
const noEmit = { state: () => undefined, closed: () => undefined, partial: () => undefined, final: () => undefined, notice: () => undefined };
const call = (counterId = 'p1'): CallT => ({
  id: ulid(), ticketId: ulid(), ticketNumber: 'A-001', language: 'en', counterId, counterName: 'Platz 1', calledAt: new Date().toISOString(), recall: false,
});

/** A counter's open session with one typed line, written with `key`. */
async function sessionWithLine(key: DataKey, counterId = 'p1') {
  const sessions = new SessionService({ db, dataKey: key, emit: noEmit });
  const s = await sessions.openForCall(call(counterId));
  await sessions.say(s!.id, 'clerk', 'Guten Tag, Ihr Ausweis bitte');
  return s!;
}
const lines = async () => (await db.selectFrom('transcript_lines').select('id').execute()).length;
const actions = async () => (await db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-datakey-'));
  db = openSqlite(dbFile());
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the data key belongs to its database', () => {
  it('a first start creates the key and records its check value; the next start accepts the same key', async () => {
    const first = await openDataKey(db, { dataDir: dir, envKey: '' });
    expect(first.source).toBe('created');
    expect(await db.selectFrom('data_key_check').select('key_id').execute()).toEqual([{ key_id: first.keyId }]);
    await sessionWithLine(first);
    expect((await openDataKey(db, { dataDir: dir, envKey: '' })).keyId).toBe(first.keyId);
  });

  it('a deleted key file with transcripts stored: refuses to start, says how to restore or discard, creates no key', async () => {
    const key = await openDataKey(db, { dataDir: dir, envKey: '' });
    await sessionWithLine(key);
    fs.rmSync(keyFile());
    const refused = openDataKey(db, { dataDir: dir, envKey: '' });
    await expect(refused).rejects.toThrow(DataKeyMismatchError);
    const message = await refused.catch((e: Error) => e.message);
    expect(message).toContain('the data key is missing');
    expect(message).toContain(`written with data key ${key.keyId}`);
    expect(message).toContain('LOTSE_DATA_KEY');
    expect(message).toContain(keyFile());
    expect(message).toContain('npm run data-key -- discard-unreadable');
    expect(fs.existsSync(keyFile())).toBe(false);
    expect(await lines()).toBe(1);
  });

  it('a different key (LOTSE_DATA_KEY) is refused, also for a database from before the check value', async () => {
    const key = loadOrCreateKey({ dataDir: dir, envKey: '' });
    await sessionWithLine(key);
    const other = randomBytes(32).toString('base64');
    await expect(openDataKey(db, { dataDir: dir, envKey: other })).rejects.toThrow(/from LOTSE_DATA_KEY .* is not the one this database was written with/);
    // The older database (lines, no check value) accepts its own key and records the check value then.
    expect((await openDataKey(db, { dataDir: dir, envKey: '' })).keyId).toBe(key.keyId);
    expect(await db.selectFrom('data_key_check').select('key_id').execute()).toEqual([{ key_id: key.keyId }]);
    await expect(openDataKey(db, { dataDir: dir, envKey: other })).rejects.toThrow(DataKeyMismatchError);
  });

  it('a recorded check value without transcripts still refuses a missing key', async () => {
    await openDataKey(db, { dataDir: dir, envKey: '' });
    fs.rmSync(keyFile());
    await expect(openDataKey(db, { dataDir: dir, envKey: '' })).rejects.toThrow(/missing/);
  });
});

describe('data-key discard-unreadable', () => {
  it('deletes the lines the current key cannot read, ends their open session, audits it; the server starts again', async () => {
    const old = await openDataKey(db, { dataDir: dir, envKey: '' });
    const lost = await sessionWithLine(old);
    fs.rmSync(keyFile());
    await db.destroy();
    const env = { LOTSE_DATA_DIR: dir, LOTSE_DATA_KEY: '' };
    const out = await runDataKeyCli(['discard-unreadable'], env);
    expect(out).toMatchObject({ code: 0 });
    expect(out.text).toMatch(/discarded 1 unreadable transcript line\(s\), ended 1 open session/);
    db = openSqlite(dbFile());
    expect(await lines()).toBe(0);
    expect((await db.selectFrom('conversation_sessions').select('ended_at').where('id', '=', lost.id).executeTakeFirstOrThrow()).ended_at).not.toBeNull();
    expect((await actions()).slice(-2)).toEqual(['crypto.keyCreated', 'crypto.unreadableDiscarded']);
    const again = await openDataKey(db, { dataDir: dir, envKey: '' });
    expect(again.keyId).not.toBe(old.keyId);
    expect(await runDataKeyCli(['status'], env)).toMatchObject({ code: 0 });
  });

  it('refuses while the data folder is locked by a running server', async () => {
    fs.writeFileSync(path.join(dir, 'lotse.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), bootId: null, startedAt: 'now', nonce: 'n', command: 'server' }));
    await expect(runDataKeyCli(['discard-unreadable'], { LOTSE_DATA_DIR: dir, LOTSE_DATA_KEY: '' })).rejects.toThrow(new RegExp(`in use by process ${process.pid}`));
  });
});

describe('one unreadable session never blocks a counter', () => {
  it('after a key change, the next call at that counter opens a new session and ends the unreadable one', async () => {
    const old = loadOrCreateKey({ dataDir: dir, envKey: '' });
    const stuck = await sessionWithLine(old);
    const otherKey = loadOrCreateKey({ dataDir: path.join(dir, 'other'), envKey: '' });
    const afterRestart = new SessionService({ db, dataKey: otherKey, emit: noEmit });
    const next = await afterRestart.openForCall(call());
    expect(next?.id).toBeDefined();
    expect(next?.id).not.toBe(stuck.id);
    const open = await db.selectFrom('conversation_sessions').select('id').where('ended_at', 'is', null).execute();
    expect(open.map((r) => r.id)).toEqual([next?.id]);
    expect(await actions()).toContain('session.ended');
  });
});

describe('the real server with its key file deleted', () => {
  afterEach(async () => {
    await stopServerProcesses();
  });

  it('refuses to start (exit 1) with the way out, and makes no new key', async () => {
    const dataDir = path.join(dir, 'server');
    const first = startServerProcess({ dataDir });
    await first.printed('Lotse edge server is running.');
    expect(await first.stop()).toBe(0);
    fs.rmSync(path.join(dataDir, KEY_FILE_NAME));
    const again = startServerProcess({ dataDir });
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain('Lotse could not start: the data key is missing');
    expect(again.output()).toContain('npm run data-key -- discard-unreadable');
    expect(fs.existsSync(path.join(dataDir, KEY_FILE_NAME))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'lotse.lock'))).toBe(false);
  }, scaled(120_000));
});
