/**
 * Kiosk budget: JavaScript the kiosk loads on its first screen (gzip), against the 130 KB budget, and Largest
 * Contentful Paint on loopback in Chromium (cold and warm cache). Printed, not asserted. Needs `npm run build`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildApp } from '../../edge-server/src/app.ts';
import { migrateToLatest, openSqlite } from '../../edge-server/src/storage/db.ts';
import { seedDemoOffice } from '../../edge-server/src/main/seed.ts';
import { launchChromium } from '../e2e/support/browser.ts';
import { repoRoot } from '../helpers/server.ts';

const BUDGET_KB = 130;
const RUNS = 5;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

export async function benchKiosk(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-kiosk-'));
  const db = openSqlite(path.join(dir, 'lotse.sqlite'));
  await migrateToLatest(db);
  const lotse = await buildApp({ db, appsDir: repoRoot, devAutoPair: true });
  await seedDemoOffice(db, lotse.staff);
  await lotse.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(lotse.app.server.address() as { port: number }).port}`;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (res) => {
      if (res.request().resourceType() === 'script' && res.url().startsWith(base)) {
        const body = await res.body().catch(() => undefined);
        if (body) scripts.set(res.url(), zlib.gzipSync(body).length);
      }
    });
    const lcps: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${base}/kiosk/`, { waitUntil: 'load' });
      await page.locator('.language-grid').waitFor();
      lcps.push(await page.evaluate(() => new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve(entries[entries.length - 1]?.startTime ?? Number.NaN);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      })));
      if (run === 0) {
        const firstLoad = [...scripts.values()].reduce((a, b) => a + b, 0) / 1024;
        console.log(`\nKiosk first screen: ${scripts.size} scripts, ${firstLoad.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB, ${((firstLoad / BUDGET_KB) * 100).toFixed(0)} % of it)`);
        for (const [url, size] of [...scripts].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`  ${(size / 1024).toFixed(1).padStart(7)} KB  ${url.replace(base, '')}`);
      }
    }
    console.log(`Kiosk LCP on loopback: first (cold) ${lcps[0].toFixed(0)} ms; warm p50 ${pct(lcps.slice(1), 50).toFixed(0)} ms, max ${Math.max(...lcps.slice(1)).toFixed(0)} ms (${RUNS - 1} reloads)`);
  } finally {
    await browser.close();
    await lotse.app.close();
    await db.destroy();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  benchKiosk().then(() => process.exit(0), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
