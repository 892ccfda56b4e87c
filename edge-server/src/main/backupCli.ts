/**
 * `npm run backup -- [--to FOLDER] [--keep N]`: an online backup of the SQLite database and the data key while the
 * server may be running (default folder and N: the admin's schedule). `npm run restore -- --from BACKUP [--data-dir
 * DIR]`: brings a backup (or the newest one in a folder of backups) back into an empty data folder.
 * `npm run move-to-postgres -- --url postgres://…`: copies the office from its SQLite file into an empty PostgreSQL
 * database (server stopped); then start the server with LOTSE_DATABASE_URL set to that URL and the same data key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findKey } from '../crypto/fieldCrypto.ts';
import { loadConfig } from './config.ts';
import { openPostgres, openSqlite, openSqliteReadOnly, redactUrl } from '../storage/db.ts';
import { acquireDataLock } from './dataLock.ts';
import { moveSqliteToPostgres } from '../ops/moveToPostgres.ts';
import { backupSqlite } from '../ops/backup.ts';
import { restoreBackup } from '../ops/restore.ts';
import { readSchedule } from '../ops/schedule.ts';

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

async function moveToPostgres(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { url: { type: 'string' } } });
  if (!values.url) throw new Error('usage: npm run move-to-postgres -- --url postgres://user@host/lotse');
  const config = loadConfig();
  const sqliteFile = path.join(config.dataDir, 'lotse.sqlite');
  if (!fs.existsSync(sqliteFile)) throw new Error(`no database at ${sqliteFile} (LOTSE_DATA_DIR?)`);
  // The server must not write while the office is copied.
  const lock = acquireDataLock(config.dataDir, { command: 'move-to-postgres' });
  const sqlite = openSqlite(sqliteFile);
  const pg = openPostgres(values.url);
  try {
    const { rows } = await moveSqliteToPostgres(sqlite, pg);
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    console.log(`Copied ${total} rows (${rows.tickets ?? 0} tickets, ${rows.audit_log ?? 0} audit entries) to ${redactUrl(values.url)}.`);
    console.log(`Start the server with LOTSE_DATABASE_URL=<that URL> and the same data key (${path.join(config.dataDir, 'lotse.key')} or LOTSE_DATA_KEY); keep ${sqliteFile} as the fallback until the office has run a day.`);
  } finally {
    await sqlite.destroy();
    await pg.destroy();
    lock.release();
  }
}

const [command, ...rest] = process.argv.slice(2);
const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { backup, restore, 'move-to-postgres': moveToPostgres };
const run = command ? COMMANDS[command] : undefined;
if (!run) {
  console.error('usage: backupCli.ts backup|restore|move-to-postgres …');
  process.exit(2);
}
run(rest).catch((err: unknown) => {
  console.error(`${command} failed:`, err instanceof Error ? err.message : err);
  process.exit(1);
});
