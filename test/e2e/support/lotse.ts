import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type LotseApp } from '../../../edge-server/src/app.ts';
import { migrateToLatest, openSqlite, type Db } from '../../../edge-server/src/storage/db.ts';
import { seedDemoOffice } from '../../../edge-server/src/main/seed.ts';

/** Options passed through to `buildApp` (e.g. real speech engines and the clerks' language). */
export type BuildAppExtras = Omit<Parameters<typeof buildApp>[0], 'db' | 'appsDir'>;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningLotse {
  lotse: LotseApp;
  db: Db;
  baseUrl: string;
  dataDir: string;
  passwords: Record<string, string>;
  close(): Promise<void>;
}

/** The real edge server serving the production builds, on a free port, with a fresh SQLite file. */
export async function startLotse(opts: { port?: number; dataDir?: string; app?: BuildAppExtras } = {}): Promise<RunningLotse> {
  for (const app of ['kiosk-app', 'counter-app']) {
    if (!fs.existsSync(path.join(repoRoot, app, 'dist', 'index.html'))) throw new Error(`${app} is not built: run "npm run build" first`);
  }
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-e2e-'));
  const db = openSqlite(path.join(dataDir, 'lotse.sqlite'));
  await migrateToLatest(db);
  const lotse = await buildApp({ ...opts.app, db, appsDir: repoRoot });
  const seeded = await seedDemoOffice(db, lotse.staff);
  await lotse.app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const port = (lotse.app.server.address() as { port: number }).port;
  return {
    lotse,
    db,
    dataDir,
    baseUrl: `http://localhost:${port}`,
    passwords: Object.fromEntries(seeded.createdAccounts.map((a) => [a.username, a.password])),
    async close() {
      await lotse.app.close();
      await db.destroy();
    },
  };
}
