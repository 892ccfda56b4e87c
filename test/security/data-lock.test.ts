import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataLock, DataFolderLockedError, LOCK_FILE_NAME, type LockHolder } from '../../edge-server/src/main/dataLock.ts';
import { repoRoot } from '../helpers/server.ts';
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
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  });

  function start() {
    const models = fs.mkdtempSync(path.join(dir, 'models-'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'edge-server/src/main/server.ts')], {
      cwd: repoRoot,
      env: { ...process.env, LOTSE_DATA_DIR: path.join(dir, 'data'), LOTSE_MODELS_DIR: models, LOTSE_TLS: 'off', LOTSE_PORT: '0', LOTSE_HOST: '127.0.0.1', LOTSE_DATA_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const printed = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" within the limit; output so far:\n${output}`)), scaled(45_000));
        const check = () => {
          if (!output.includes(text)) return;
          clearTimeout(timer);
          resolve();
        };
        child.stdout?.on('data', check);
        child.stderr?.on('data', check);
        check();
      });
    return { child, exited, printed, output: () => output };
  }

  it('the second start exits 1 naming the PID of the first; shutdown frees the folder', async () => {
    const first = start();
    await first.printed('Lotse edge server is running.');
    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`is in use by process ${first.child.pid}`);
    expect(fs.existsSync(path.join(dir, 'data', LOCK_FILE_NAME))).toBe(true);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, 'data', LOCK_FILE_NAME))).toBe(false);
  }, scaled(120_000));
});
