import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One process per data folder (issue 10 §5): two servers on one SQLite file each keep their own caches (a device
 * revoked through one kept working through the other). The lock is a file created with O_EXCL that names its
 * holder; it is removed on shutdown. After a crash the file stays, so a lock whose process is gone (same boot,
 * PID not alive) or whose boot is over (Linux boot id changed) is stale and taken over.
 * Why not flock(2): Node has no binding for it and a native add-on for one call is not worth it; the PID check
 * covers crashes and the boot id a PID reused after a reboot. Nodes sharing PostgreSQL by design need revocation
 * to reach every node instead (issue 15); this lock guards one folder, and a holder on another host is never stale.
 */
export const LOCK_FILE_NAME = 'lotse.lock';

export interface LockHolder { pid: number; host: string; bootId: string | null; startedAt: string; nonce: string; command: string }

export class DataFolderLockedError extends Error {
  override name = 'DataFolderLockedError';
  constructor(readonly file: string, readonly holder: LockHolder) {
    super(
      `the data folder ${path.dirname(file)} is in use by process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.startedAt}).\n` +
        `  Stop that process first (kill ${holder.pid}); two servers on one data folder serve stale devices and sessions.\n` +
        `  If no Lotse process runs there any more, delete ${file}.`,
    );
  }
}

export interface DataLock {
  file: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

export interface LockOptions {
  /** What the holder runs, for the message a second start shows (e.g. 'server', 'data-key discard-unreadable'). */
  command: string;
  /** Test seam: whether a PID is a running process. */
  isAlive?: (pid: number) => boolean;
  bootId?: () => string | null;
}

function linuxBootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.nonce === 'string') {
      return { pid: h.pid, host: String(h.host), bootId: h.bootId ?? null, startedAt: String(h.startedAt), nonce: h.nonce, command: String(h.command ?? '?') };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  // Unreadable or half-written: treat as held by nobody we can ask, i.e. stale.
  return { pid: 0, host: '?', bootId: null, startedAt: '?', nonce: 'corrupt', command: '?' };
}

export function acquireDataLock(dataDir: string, opts: LockOptions): DataLock {
  const isAlive = opts.isAlive ?? pidAlive;
  const bootId = (opts.bootId ?? linuxBootId)();
  const file = path.join(dataDir, LOCK_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const me: LockHolder = { pid: process.pid, host: os.hostname(), bootId, startedAt: new Date().toISOString(), nonce: randomBytes(8).toString('hex'), command: opts.command };

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readHolder(file)?.nonce === me.nonce) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (!holder) continue; // released meanwhile
    const sameBoot = holder.host === me.host && (holder.bootId === null || bootId === null || holder.bootId === bootId);
    const stale = holder.nonce === 'corrupt' || (holder.host === me.host && (!sameBoot || !isAlive(holder.pid)));
    if (!stale) throw new DataFolderLockedError(file, holder);
    // Take over by renaming away exactly the stale file: if another starter replaced it meanwhile, put theirs back.
    const aside = `${file}.stale-${me.nonce}`;
    try {
      fs.renameSync(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = readHolder(aside);
    if (moved && moved.nonce !== holder.nonce) {
      try {
        fs.linkSync(aside, file);
      } catch {
        /* a third starter got there first; it will be checked on the next attempt */
      }
    }
    fs.rmSync(aside, { force: true });
  }
  const holder = readHolder(file);
  throw holder ? new DataFolderLockedError(file, holder) : new Error(`could not lock ${file}`);
}
