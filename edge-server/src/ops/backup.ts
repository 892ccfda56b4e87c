import fs from 'node:fs';
import path from 'node:path';
import { createHash, type KeyObject } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KEY_FILE_NAME, type DataKey } from '../crypto/fieldCrypto.ts';
import { keyFits } from '../crypto/dataKey.ts';
import type { Database } from '../storage/schema.ts';

/**
 * One backup is a folder `lotse-backup-<UTC time>` holding a consistent copy of the SQLite database (SQLite's own
 * online backup API: pages copied while the server keeps writing, the copy is one committed state), the data key
 * (without it the transcripts in the copy are unreadable) and `manifest.json`. It is written as a hidden
 * `.partial` folder and renamed when complete and checked, so a folder with a manifest is always a good backup.
 */
export const BACKUP_PREFIX = 'lotse-backup-';
export const MANIFEST = 'manifest.json';
export const DB_FILE = 'lotse.sqlite';

export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** First 16 hex chars of SHA-256 of the data key (as DataKey.keyId). */
  keyId: string;
  tickets: number;
  bytes: number;
  /** SHA-256 of the database copy, checked again on restore. */
  sha256: string;
}

export interface BackupInfo extends BackupManifest {
  name: string;
  folder: string;
}

export interface BackupOptions {
  /** The live database file (the server may be writing to it). */
  sqliteFile: string;
  /** The data key the database is encrypted with. */
  key: DataKey | KeyObject;
  /** Where backups go (a mounted USB disk, a network share); made when missing. */
  target: string;
  /** Keep the newest `keep` backups in `target`, delete older ones (default 7). */
  keep?: number;
  now?: () => Date;
}

const keyBytes = (key: DataKey | KeyObject): Buffer => ('key' in key ? key.key : key).export();
const keyIdOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sha256File = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writePrivate(file: string, text: string): void {
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens a database file read-only and checks it: integrity, the key's check value, the ticket count. */
export async function checkDatabaseCopy(file: string, key: DataKey | KeyObject): Promise<{ tickets: number }> {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the copy ${file} is damaged: ${String(integrity)}`);
    const bytes = keyBytes(key);
    const dataKey: DataKey = 'key' in key ? key : { key, source: 'env', keyId: keyIdOf(bytes) };
    if (!(await keyFits(db, dataKey))) throw new Error('the data key does not open this database (wrong key file?)');
    const { n } = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { tickets: Number(n) };
  } finally {
    await db.destroy();
  }
}

/** Makes one backup, checks it, and then deletes the oldest ones beyond `keep`. */
export async function backupSqlite(opts: BackupOptions): Promise<BackupInfo> {
  const now = (opts.now ?? (() => new Date()))();
  const keep = opts.keep ?? 7;
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number of at least 1, got ${keep}`);
  fs.mkdirSync(opts.target, { recursive: true, mode: 0o700 });
  const name = `${BACKUP_PREFIX}${now.toISOString().replace(/[-:]/g, '').replace('.', '-')}`;
  const partial = path.join(opts.target, `.${name}.partial`);
  const folder = path.join(opts.target, name);
  if (fs.existsSync(folder)) throw new Error(`a backup named ${name} exists already`);
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { mode: 0o700 });
  try {
    const source = new SQLite(opts.sqliteFile, { readonly: true, fileMustExist: true });
    try {
      // Copies a few hundred pages per step and yields in between, so the server's writes go on meanwhile.
      await source.backup(path.join(partial, DB_FILE));
    } finally {
      source.close();
    }
    const copy = path.join(partial, DB_FILE);
    const { tickets } = await checkDatabaseCopy(copy, opts.key);
    const bytes = keyBytes(opts.key);
    writePrivate(path.join(partial, KEY_FILE_NAME), `${bytes.toString('base64')}\n`);
    const manifest: BackupManifest = { format: 1, createdAt: now.toISOString(), keyId: keyIdOf(bytes), tickets, bytes: fs.statSync(copy).size, sha256: sha256File(copy) };
    writePrivate(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncDir(partial);
    fs.renameSync(partial, folder);
    fsyncDir(opts.target);
    pruneBackups(opts.target, keep);
    return { ...manifest, name, folder };
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/** The complete backups in `target`, oldest first (a folder without a readable manifest is not one). */
export function listBackups(target: string): BackupInfo[] {
  if (!fs.existsSync(target)) return [];
  const out: BackupInfo[] = [];
  for (const name of fs.readdirSync(target).filter((n) => n.startsWith(BACKUP_PREFIX)).sort()) {
    const folder = path.join(target, name);
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), 'utf8')) as BackupManifest;
      if (manifest.format === 1) out.push({ ...manifest, name, folder });
    } catch {
      /* no manifest: not a complete backup */
    }
  }
  return out;
}

/** Deletes the oldest complete backups so that `keep` remain; returns the names deleted. */
export function pruneBackups(target: string, keep: number): string[] {
  const all = listBackups(target);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const b of old) fs.rmSync(b.folder, { recursive: true, force: true });
  return old.map((b) => b.name);
}
