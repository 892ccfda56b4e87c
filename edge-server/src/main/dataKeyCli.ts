import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appendAudit } from '../audit/index.ts';
import { createKeyFile, decryptField, FieldDecryptError, findKey, type DataKey } from '../crypto/fieldCrypto.ts';
import { migrateToLatest, openSqlite, type Db } from '../storage/db.ts';
import { loadConfig } from './config.ts';
import { acquireDataLock } from './dataLock.ts';
import { describeDatabase, keyFits, writeCheckValue } from '../crypto/dataKey.ts';

/**
 * `npm run data-key -- status | discard-unreadable`: what to do when the server refuses to start because the data
 * key does not fit the database (crypto/dataKey.ts). `discard-unreadable` deletes the transcript lines the current key
 * cannot open (creating a key if none is left), ends the open sessions that lost lines, records the new key's
 * check value and audits the count. It holds the data-folder lock, so it never runs beside a server.
 */
export interface CliOutput { code: number; text: string }
const USAGE = 'usage: data-key status | data-key discard-unreadable';

function opens(key: DataKey, id: string, field: 'text' | 'translation', value: string | null): boolean {
  if (value === null) return true;
  try {
    decryptField(key, value, `transcript_lines.${field}:${id}`);
    return true;
  } catch (err) {
    if (err instanceof FieldDecryptError) return false;
    throw err;
  }
}

async function discard(db: Db, key: DataKey, now: Date): Promise<{ lines: number; sessions: number }> {
  const rows = await db.selectFrom('transcript_lines').select(['id', 'session_id', 'text_enc', 'translation_enc']).execute();
  const bad = rows.filter((r) => !opens(key, r.id, 'text', r.text_enc) || !opens(key, r.id, 'translation', r.translation_enc));
  const sessionIds = [...new Set(bad.map((r) => r.session_id))];
  let sessions = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < bad.length; i += 500) await trx.deleteFrom('transcript_lines').where('id', 'in', bad.slice(i, i + 500).map((r) => r.id)).execute();
    if (sessionIds.length) {
      const res = await trx.updateTable('conversation_sessions').set({ ended_at: now.toISOString() }).where('id', 'in', sessionIds).where('ended_at', 'is', null).executeTakeFirst();
      sessions = Number(res.numUpdatedRows);
    }
  });
  return { lines: bad.length, sessions };
}

export async function runDataKeyCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<CliOutput> {
  const [command, ...rest] = argv;
  if (rest.length || (command !== 'status' && command !== 'discard-unreadable')) return { code: 2, text: USAGE };
  const { dataDir } = loadConfig(env);
  const envKey = env.LOTSE_DATA_KEY ?? '';
  const lock = acquireDataLock(dataDir, { command: `data-key ${command}` });
  const db = openSqlite(path.join(dataDir, 'lotse.sqlite'));
  try {
    await migrateToLatest(db);
    const state = await describeDatabase(db);
    const found = findKey({ dataDir, envKey });
    if (command === 'status') {
      const needed = state.recordedKeyId !== undefined || state.encryptedLines > 0;
      if (!found && !needed) return { code: 0, text: 'data key: none yet; the server creates one at its first start' };
      const fits = found ? await keyFits(db, found) : false;
      return {
        code: found && fits ? 0 : 1,
        text: [
          `data key: ${found ? `${found.keyId} from ${found.source === 'env' ? 'LOTSE_DATA_KEY' : found.file}` : 'missing'}`,
          `database: ${state.encryptedLines} encrypted line(s), written with key ${state.recordedKeyId ?? '(not recorded yet)'}`,
          found && fits ? 'the key fits the database' : 'the key does NOT fit the database: restore it, or run data-key discard-unreadable',
        ].join('\n'),
      };
    }
    const key = found ?? createKeyFile(dataDir);
    if (!found) await appendAudit(db, { actor: 'system', action: 'crypto.keyCreated', details: { kind: 'dataKey' } }, { now: () => now });
    const gone = await discard(db, key, now);
    await writeCheckValue(db, key, now);
    await appendAudit(db, {
      actor: 'system',
      action: 'crypto.unreadableDiscarded',
      details: { count: gone.lines, counts: { lines: gone.lines, sessions: gone.sessions }, kind: key.source },
    }, { now: () => now });
    return {
      code: 0,
      text: `discarded ${gone.lines} unreadable transcript line(s), ended ${gone.sessions} open session(s); the database now belongs to data key ${key.keyId}${found ? '' : ` (new key file ${key.file}: back it up)`}.`,
    };
  } finally {
    await db.destroy();
    lock.release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const out = await runDataKeyCli(process.argv.slice(2));
    (out.code === 0 ? console.log : console.error)(out.text);
    process.exitCode = out.code;
  } catch (err) {
    console.error('data-key:', err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
