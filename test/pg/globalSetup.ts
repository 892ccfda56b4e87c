/**
 * Global setup of the `pg` Vitest project: uses the cluster at `LOTSE_TEST_PG_URL` when one is given (CI starts
 * one in `.ci/run`), else starts a throwaway cluster of Debian's PostgreSQL in a temp folder on a free port
 * (`cluster.sh`) and stops and removes it when the run ends.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cluster.sh');

export default function setup(): (() => void) | undefined {
  if (process.env.LOTSE_TEST_PG_URL) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-pg-'));
  process.env.LOTSE_TEST_PG_URL = execFileSync(script, ['start', dir], { encoding: 'utf8' }).trim();
  return () => {
    execFileSync(script, ['stop', dir], { stdio: 'inherit' });
    delete process.env.LOTSE_TEST_PG_URL;
  };
}
