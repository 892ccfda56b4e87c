import type { KeyObject } from 'node:crypto';
import type { DataKey } from '../crypto/fieldCrypto.ts';
import type { Db } from '../storage/db.ts';
import { backupSqlite, listBackups, type BackupInfo } from './backup.ts';
import { readSchedule } from './schedule.ts';

export interface BackupJobOptions {
  db: Db;
  /** The live SQLite file; undefined on PostgreSQL (backed up with pg_dump, outside Lotse). */
  sqliteFile?: string;
  key: DataKey | KeyObject;
  now?: () => Date;
  /** How often the schedule is looked at (default 1 min). */
  checkEveryMs?: number;
  onError?: (err: unknown) => void;
}

export interface BackupState {
  /** False on PostgreSQL. */
  supported: boolean;
  last: BackupInfo | null;
  lastError: { at: string; message: string } | null;
  running: boolean;
}

/** Runs the admin's backup schedule inside the server: a backup is due when the newest one is `everyHours` old. */
export class BackupJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<BackupInfo>;
  private lastError: BackupState['lastError'] = null;
  private readonly now: () => Date;

  constructor(private readonly opts: BackupJobOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** False on PostgreSQL (backed up with pg_dump). */
  get supported(): boolean {
    return Boolean(this.opts.sqliteFile);
  }

  start(): void {
    if (!this.opts.sqliteFile || this.timer) return;
    this.timer = setInterval(() => void this.runIfDue().catch((err: unknown) => this.opts.onError?.(err)), this.opts.checkEveryMs ?? 60_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async state(): Promise<BackupState> {
    const { folder } = await readSchedule(this.opts.db);
    return { supported: Boolean(this.opts.sqliteFile), last: folder ? (listBackups(folder).at(-1) ?? null) : null, lastError: this.lastError, running: Boolean(this.running) };
  }

  /** Makes a backup now unless one is running (then waits for that one). */
  async runNow(): Promise<BackupInfo> {
    if (!this.opts.sqliteFile) throw new Error('this server runs on PostgreSQL: back it up with pg_dump (docs/operations.md)');
    this.running ??= this.backup(this.opts.sqliteFile).finally(() => (this.running = undefined));
    return this.running;
  }

  async runIfDue(): Promise<BackupInfo | undefined> {
    const schedule = await readSchedule(this.opts.db);
    if (!schedule.folder || !this.opts.sqliteFile || this.running) return undefined;
    const last = listBackups(schedule.folder).at(-1);
    const due = !last || this.now().getTime() - Date.parse(last.createdAt) >= schedule.everyHours * 3_600_000;
    // After a failure, try again at the next check but not more often than every 10 minutes.
    const pause = this.lastError && this.now().getTime() - Date.parse(this.lastError.at) < 600_000;
    return due && !pause ? this.runNow() : undefined;
  }

  private async backup(sqliteFile: string): Promise<BackupInfo> {
    const schedule = await readSchedule(this.opts.db);
    try {
      if (!schedule.folder) throw new Error('no backup folder is set');
      const made = await backupSqlite({ sqliteFile, key: this.opts.key, target: schedule.folder, keep: schedule.keep, now: this.now });
      this.lastError = null;
      return made;
    } catch (err) {
      this.lastError = { at: this.now().toISOString(), message: err instanceof Error ? err.message : String(err) };
      throw err;
    }
  }
}
