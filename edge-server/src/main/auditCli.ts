import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSqliteReadOnly } from '../storage/db.ts';
import { verifyChain } from '../audit/repository.ts';
import type { VerifyResult } from '../audit/chain.ts';

/**
 * `node --import tsx edge-server/src/main/auditCli.ts verify [--db path]` — exit 0 when the chain is intact, 1 when it
 * is broken, 2 on usage errors. Opens the database without migrating it: verifying must not change the file.
 */
export const DEFAULT_DB = 'data/lotse.sqlite';

export interface CliOutput { code: number; text: string }

export function formatResult(result: VerifyResult, dbFile: string): string {
  return result.ok
    ? `audit chain OK: ${result.count} entries, head ${result.headHash} (${dbFile})`
    : `audit chain BROKEN at entry ${result.firstBrokenSeq}: ${result.reason} (${dbFile})`;
}

export async function runCli(argv: readonly string[]): Promise<CliOutput> {
  const usage = 'usage: audit verify [--db path]';
  const [command, ...rest] = argv;
  if (command !== 'verify') return { code: 2, text: usage };
  let dbFile = DEFAULT_DB;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--db' && rest[i + 1]) dbFile = rest[++i];
    else return { code: 2, text: usage };
  }
  // openSqlite would create an empty file: a typo in the path must not report "OK, 0 entries".
  if (!fs.existsSync(dbFile)) return { code: 2, text: `database not found: ${path.resolve(dbFile)}` };
  const db = openSqliteReadOnly(dbFile);
  try {
    const result = await verifyChain(db);
    return { code: result.ok ? 0 : 1, text: formatResult(result, dbFile) };
  } catch (err) {
    return { code: 1, text: `audit verify failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await runCli(process.argv.slice(2));
  (out.code === 0 ? console.log : console.error)(out.text);
  process.exitCode = out.code;
}
