import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from '../storage/db.ts';
import { appendAudit } from '../audit/repository.ts';
import { runCli } from './auditCli.ts';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-audit-cli-'));
  file = path.join(dir, 'lotse.sqlite');
  const db = openSqlite(file);
  await migrateToLatest(db);
  for (let i = 0; i < 4; i++) await appendAudit(db, { actor: 'system', action: 'retention.purged', details: { counts: { transcripts: i } } });
  await db.destroy();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cliPath = path.join(import.meta.dirname, 'auditCli.ts');
// Resolve tsx from the repo: the child runs in a temp directory, where a bare `--import tsx` would not resolve.
const tsx = import.meta.resolve('tsx');
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', tsx, cliPath, ...args], { encoding: 'utf8', cwd: dir });

describe('audit CLI', () => {
  it('handles usage errors and missing files without creating them', async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['verify', '--db'])).code).toBe(2);
    const missing = path.join(dir, 'nope.sqlite');
    expect(await runCli(['verify', '--db', missing])).toMatchObject({ code: 2, text: expect.stringContaining('not found') });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('exits 0 on an intact chain and 1 pointing at the broken entry (real process)', () => {
    const good = run('verify', '--db', file);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/audit chain OK: 4 entries/);

    const raw = new SQLite(file);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare('UPDATE audit_log SET details = ? WHERE seq = 3').run('{"counts":{"transcripts":0}}');
    raw.close();
    const bad = run('verify', '--db', file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/BROKEN at entry 3/);
  });

  it('defaults to data/lotse.sqlite relative to the working directory', () => {
    const res = run('verify');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(path.join(dir, 'data', 'lotse.sqlite'));
  });
});
