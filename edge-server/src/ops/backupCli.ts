/**
 * `npm run backup -- [--to FOLDER] [--keep N]`: an online backup of the SQLite database and the data key while the
 * server may be running (default folder and N: the admin's schedule). `npm run restore -- --from BACKUP [--data-dir
 * DIR]`: brings a backup (or the newest one in a folder of backups) back into an empty data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findKey } from '../crypto/fieldCrypto.ts';
import { loadConfig } from '../main/config.ts';
import { openSqliteReadOnly } from '../storage/db.ts';
import { backupSqlite } from './backup.ts';
import { restoreBackup } from './restore.ts';
import { readSchedule } from './schedule.ts';

async function backup(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, keep: { type: 'string' } } });
  const config = loadConfig();
  if (config.databaseUrl) throw new Error('LOTSE_DATABASE_URL is set: back up PostgreSQL with pg_dump (docs/operations.md), and the data key file separately');
  const sqliteFile = path.join(config.dataDir, 'lotse.sqlite');
  if (!fs.existsSync(sqliteFile)) throw new Error(`no database at ${sqliteFile} (LOTSE_DATA_DIR?)`);
  const live = openSqliteReadOnly(sqliteFile);
  const schedule = await readSchedule(live).finally(() => live.destroy());
  const target = values.to ? path.resolve(values.to) : schedule.folder;
  if (!target) throw new Error('no backup folder: pass --to FOLDER or set one on the admin page (Datensicherung)');
  const keep = values.keep === undefined ? schedule.keep : Number(values.keep);
  const key = findKey({ dataDir: config.dataDir });
  if (!key) throw new Error(`no data key (LOTSE_DATA_KEY or ${path.join(config.dataDir, 'lotse.key')}): nothing to back up with`);
  const made = await backupSqlite({ sqliteFile, key, target, keep });
  console.log(`Backup written: ${made.folder} (${made.tickets} tickets, ${made.bytes} bytes, key ${made.keyId}); keeping the newest ${keep}.`);
}

async function restore(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, 'data-dir': { type: 'string' } } });
  if (!values.from) throw new Error('usage: npm run restore -- --from BACKUP_FOLDER [--data-dir DIR]');
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : loadConfig().dataDir;
  const done = await restoreBackup({ from: values.from, dataDir });
  console.log(`Restored ${done.from} (made ${done.createdAt}, ${done.tickets} tickets) into ${done.dataDir}. Start the server on this data folder.`);
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'backup' ? backup : command === 'restore' ? restore : undefined;
if (!run) {
  console.error('usage: backupCli.ts backup|restore …');
  process.exit(2);
}
run(rest).catch((err: unknown) => {
  console.error(`${command} failed:`, err instanceof Error ? err.message : err);
  process.exit(1);
});
