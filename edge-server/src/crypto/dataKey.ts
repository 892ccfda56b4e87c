import { createKeyFile, decryptField, encryptField, FieldDecryptError, findKey, KEY_ENV_VAR, KEY_FILE_NAME, KeyError, type DataKey } from './fieldCrypto.ts';
import type { Db } from '../storage/db.ts';

/**
 * The data key and the database must belong together (issue 10 §4). The database keeps a check value (a known
 * text encrypted with the key, table data_key_check); at start a missing or different key stops the server with
 * what to do, instead of a new key that leaves every stored transcript unreadable and the counter stuck.
 */
const CHECK_ROW = 'data';
const CHECK_TEXT = 'lotse-data-key-check';
const CHECK_AAD = 'data_key_check:v1';
export const DISCARD_COMMAND = 'npm run data-key -- discard-unreadable';

export class DataKeyMismatchError extends KeyError {
  override name = 'DataKeyMismatchError';
}

export interface KeyedDatabase {
  /** The key id the database was written with, when it has a check value. */
  recordedKeyId?: string;
  /** Encrypted transcript lines stored. */
  encryptedLines: number;
}

export async function describeDatabase(db: Db): Promise<KeyedDatabase> {
  const check = await db.selectFrom('data_key_check').select('key_id').where('id', '=', CHECK_ROW).executeTakeFirst();
  const { n } = await db.selectFrom('transcript_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ...(check ? { recordedKeyId: check.key_id } : {}), encryptedLines: Number(n) };
}

/** True when `key` opens the check value, or (a database from before the check value) the newest stored line. */
export async function keyFits(db: Db, key: DataKey): Promise<boolean> {
  const check = await db.selectFrom('data_key_check').select('check_value').where('id', '=', CHECK_ROW).executeTakeFirst();
  try {
    if (check) return decryptField(key, check.check_value, CHECK_AAD) === CHECK_TEXT;
    const line = await db.selectFrom('transcript_lines').select(['id', 'text_enc']).orderBy('at', 'desc').executeTakeFirst();
    if (line) decryptField(key, line.text_enc, `transcript_lines.text:${line.id}`);
    return true;
  } catch (err) {
    if (err instanceof FieldDecryptError) return false;
    throw err;
  }
}

export async function writeCheckValue(db: Db, key: DataKey, now = new Date()): Promise<void> {
  const row = { id: CHECK_ROW, key_id: key.keyId, check_value: encryptField(key, CHECK_TEXT, CHECK_AAD), set_at: now.toISOString() };
  await db.insertInto('data_key_check').values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ key_id: row.key_id, check_value: row.check_value, set_at: row.set_at }))
    .execute();
}

function howToFix(dataDir: string, state: KeyedDatabase): string {
  return [
    `  The database holds ${state.encryptedLines} encrypted transcript line(s)${state.recordedKeyId ? ` and was written with data key ${state.recordedKeyId}` : ''}.`,
    '  Either restore that key:',
    `    - set ${KEY_ENV_VAR} to the key (base64), or`,
    `    - put the key file from your backup back at ${dataDir}/${KEY_FILE_NAME} (chmod 600),`,
    '  or give up the transcripts it cannot read (the queue, devices and accounts stay; this is audited):',
    `    ${DISCARD_COMMAND}`,
  ].join('\n');
}

/**
 * The key the server runs with. Creates a key only for a database that never needed one; refuses (throws
 * DataKeyMismatchError with the way out) when the database was written with a key that is missing or different.
 */
export async function openDataKey(db: Db, opts: { dataDir: string; envKey?: string; now?: Date }): Promise<DataKey> {
  const found = findKey({ dataDir: opts.dataDir, ...('envKey' in opts ? { envKey: opts.envKey } : {}) });
  const state = await describeDatabase(db);
  if (!found) {
    if (state.recordedKeyId !== undefined || state.encryptedLines > 0) {
      throw new DataKeyMismatchError(`the data key is missing (no ${KEY_ENV_VAR}, no ${opts.dataDir}/${KEY_FILE_NAME}), but the database needs it.\n${howToFix(opts.dataDir, state)}`);
    }
    const created = createKeyFile(opts.dataDir);
    await writeCheckValue(db, created, opts.now);
    return created;
  }
  if (!(await keyFits(db, found))) {
    const where = found.source === 'env' ? KEY_ENV_VAR : found.file;
    throw new DataKeyMismatchError(`the data key from ${where} (id ${found.keyId}) is not the one this database was written with.\n${howToFix(opts.dataDir, state)}`);
  }
  if (state.recordedKeyId === undefined) await writeCheckValue(db, found, opts.now);
  return found;
}
