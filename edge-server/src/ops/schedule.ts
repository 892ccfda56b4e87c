import type { Db } from '../storage/db.ts';

/** The admin's backup schedule, one settings row (`ops.backup`, JSON). */
export interface BackupSchedule {
  /** Absolute path of the backup folder (a mounted USB disk, a network share); null: no automatic backups. */
  folder: string | null;
  /** Hours between automatic backups (1 to 168). */
  everyHours: number;
  /** Backups kept in the folder (1 to 365); older ones are deleted after a good new one. */
  keep: number;
}

export const BACKUP_SETTING = 'ops.backup';
export const DEFAULT_SCHEDULE: BackupSchedule = { folder: null, everyHours: 24, keep: 7 };

/** Checks a schedule from the admin (the HTTP schema already checked the types); throws with what is wrong. */
export function validSchedule(s: BackupSchedule): BackupSchedule {
  if (s.folder !== null && !s.folder.startsWith('/')) throw new Error(`the backup folder must be an absolute path, got "${s.folder.slice(0, 80)}"`);
  if (!Number.isInteger(s.everyHours) || s.everyHours < 1 || s.everyHours > 168) throw new Error('everyHours must be a whole number from 1 to 168');
  if (!Number.isInteger(s.keep) || s.keep < 1 || s.keep > 365) throw new Error('keep must be a whole number from 1 to 365');
  return { folder: s.folder, everyHours: s.everyHours, keep: s.keep };
}

export async function readSchedule(db: Db): Promise<BackupSchedule> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', BACKUP_SETTING).executeTakeFirst();
  if (!row) return DEFAULT_SCHEDULE;
  try {
    return validSchedule({ ...DEFAULT_SCHEDULE, ...(JSON.parse(row.value) as Partial<BackupSchedule>) });
  } catch {
    return DEFAULT_SCHEDULE;
  }
}

export async function writeSchedule(db: Db, s: BackupSchedule): Promise<BackupSchedule> {
  const value = JSON.stringify(validSchedule(s));
  await db.insertInto('settings').values({ key: BACKUP_SETTING, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  return s;
}
