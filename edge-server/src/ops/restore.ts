import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { findKey, KEY_FILE_NAME } from '../crypto/fieldCrypto.ts';
import { BACKUP_PREFIX, checkDatabaseCopy, DB_FILE, listBackups, MANIFEST, type BackupManifest } from './backup.ts';

export interface RestoreResult {
  from: string;
  dataDir: string;
  tickets: number;
  createdAt: string;
}

/**
 * Brings one backup back into an empty (or missing) data folder: checks the copy against its manifest (SHA-256,
 * integrity, the key opens it) first, then writes database and key file. Never into a folder that holds data:
 * a restore must not overwrite the office's current state by a slip of the path.
 */
export async function restoreBackup(opts: { from: string; dataDir: string }): Promise<RestoreResult> {
  let from = path.resolve(opts.from);
  // A backup folder, or the folder of backups (then its newest one).
  if (!fs.existsSync(path.join(from, MANIFEST))) {
    const newest = listBackups(from).at(-1);
    if (!newest) throw new Error(`${from} is neither a backup (no ${MANIFEST}) nor a folder with backups named ${BACKUP_PREFIX}…`);
    from = newest.folder;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(from, MANIFEST), 'utf8')) as BackupManifest;
  const db = path.join(from, DB_FILE);
  const sha = createHash('sha256').update(fs.readFileSync(db)).digest('hex');
  if (sha !== manifest.sha256) throw new Error(`${db} does not match its manifest (changed or damaged since the backup)`);
  const key = findKey({ dataDir: from, envKey: '' });
  if (!key) throw new Error(`the backup ${from} has no ${KEY_FILE_NAME}`);
  if (key.keyId !== manifest.keyId) throw new Error(`the key file in ${from} is not the one the backup was made with`);
  const { tickets } = await checkDatabaseCopy(db, key);

  const dataDir = path.resolve(opts.dataDir);
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty: restore only into an empty data folder (move the old one aside first)`);
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.copyFileSync(db, path.join(dataDir, DB_FILE), fs.constants.COPYFILE_EXCL);
  fs.copyFileSync(path.join(from, KEY_FILE_NAME), path.join(dataDir, KEY_FILE_NAME), fs.constants.COPYFILE_EXCL);
  fs.chmodSync(path.join(dataDir, KEY_FILE_NAME), 0o600);
  return { from, dataDir, tickets, createdAt: manifest.createdAt };
}
