import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataLock, DataFolderLockedError, LOCK_FILE_NAME, type LockHolder } from '../../edge-server/src/main/dataLock.ts';
import { startServerProcess, stopServerProcesses } from '../helpers/serverProcess.ts';
import { scaled } from '../helpers/timeouts.ts';

/** Issue 10 §5: one server per data folder; a second start names the PID that holds it. */
let dir: string;
const lockFile = () => path.join(dir, LOCK_FILE_NAME);
const writeLock = (h: Partial<LockHolder>) =>
  fs.writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, host: os.hostname(), bootId: 'boot-1', startedAt: 'earlier', nonce: 'theirs', command: 'server', ...h }));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-lock-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('data-folder lock', () => {
  it('a second holder is refused with the PID of the first; after release the folder can be locked again', () => {
    const first = acquireDataLock(dir, { command: 'server' });
    expect(() => acquireDataLock(dir, { command: 'server' })).toThrow(DataFolderLockedError);
    expect(() => acquireDataLock(dir, { command: 'server' })).toThrow(new RegExp(`in use by process ${process.pid} on `));
    first.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    acquireDataLock(dir, { command: 'server' }).release();
  });

  it('a lock left by a dead process (same boot) or by an earlier boot is stale and taken over', () => {
    writeLock({ pid: 999_999 });
    const a = acquireDataLock(dir, { command: 'server', bootId: () => 'boot-1', isAlive: (pid) => pid !== 999_999 });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    a.release();
    writeLock({ pid: 4242, bootId: 'boot-0' }); // that PID may exist again after a reboot: the boot id tells
    acquireDataLock(dir, { command: 'server', bootId: () => 'boot-1', isAlive: () => true }).release();
    writeLock({ pid: 0, nonce: undefined }); // half-written
    acquireDataLock(dir, { command: 'server' }).release();
  });

  it('a live holder on this boot, or any holder on another host, is never taken over', () => {
    writeLock({ pid: 4242 });
    expect(() => acquireDataLock(dir, { command: 'server', bootId: () => 'boot-1', isAlive: () => true })).toThrow(/in use by process 4242/);
    writeLock({ pid: 999_999, host: 'other-box' });
    expect(() => acquireDataLock(dir, { command: 'server', bootId: () => 'boot-1', isAlive: () => false })).toThrow(/process 999999 on other-box/);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).host).toBe('other-box');
  });

  it('release leaves a lock that is no longer its own', () => {
    const mine = acquireDataLock(dir, { command: 'server' });
    writeLock({ nonce: 'someone-else' });
    mine.release();
    expect(fs.existsSync(lockFile())).toBe(true);
  });
});

describe('two servers on one data folder', () => {
  afterEach(async () => {
    await stopServerProcesses();
  });

  it('the second start exits 1 naming the PID of the first; shutdown frees the folder; after kill -9 it starts again', async () => {
    const dataDir = path.join(dir, 'data');
    const first = startServerProcess({ dataDir });
    await first.printed('Lotse edge server is running.');
    const second = startServerProcess({ dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`is in use by process ${first.child.pid}`);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
    expect(await first.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const third = startServerProcess({ dataDir });
    await third.printed('Lotse edge server is running.');
    await third.stop('SIGKILL');
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true); // left behind: stale
    const fourth = startServerProcess({ dataDir });
    await fourth.printed('Lotse edge server is running.');
  }, scaled(240_000));
});
