/**
 * First load as sent over the wire (compressed, headers included) for kiosk, display and counter, counted on the
 * server's sockets, request by request. 1. the first screen with no service worker (what a new tablet waits for);
 * 2. the service worker's own downloads on a first visit, and what a second visit still fetches; 3. the counter's
 * VAD model and ONNX runtime (what vad-web fetches when a conversation starts): first session, second session.
 * Printed, not asserted. Needs `npm run build`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../edge-server/src/app.ts';
import { migrateToLatest, openSqlite } from '../../edge-server/src/storage/db.ts';
import { seedDemoOffice } from '../../edge-server/src/main/seed.ts';
import { launchChromium } from '../e2e/support/browser.ts';
import { repoRoot } from '../helpers/server.ts';

const KIOSK_BUDGET_KB = 130;
const QUIET_MS = 750;
const VAD_FILES = ['vad.worklet.bundle.min.js', 'silero_vad_v5.onnx', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

interface Sent { url: string; bytes: number; encoding: string; type: string }

const FACES = [
  { name: 'kiosk', path: '/kiosk/', ready: '.language-grid', budgetKB: KIOSK_BUDGET_KB },
  { name: 'display', path: '/kiosk/display', ready: '.display-main', budgetKB: undefined },
  { name: 'counter', path: '/counter/', ready: 'main input, main button', budgetKB: undefined },
] as const;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const isScript = (s: Sent) => /javascript/.test(s.type);

/** Waits until the server has answered nothing new for QUIET_MS (lazy chunks, language packs, fonts). */
async function quiet(log: Sent[]): Promise<void> {
  let seen = -1;
  for (let i = 0; i < 40 && seen !== log.length; i++) {
    seen = log.length;
    await new Promise((r) => setTimeout(r, QUIET_MS));
  }
}

function summary(label: string, sent: Sent[], budgetKB?: number): void {
  const js = sent.filter(isScript).reduce((a, s) => a + s.bytes, 0);
  const all = sent.reduce((a, s) => a + s.bytes, 0);
  const encodings = [...new Set(sent.filter((s) => s.bytes > 1500).map((s) => s.encoding))].join('/');
  const budget = budgetKB ? ` (budget ${budgetKB} KB: ${((js / 1024 / budgetKB) * 100).toFixed(0)} % of it)` : '';
  console.log(`${label}: ${sent.length} responses, ${kb(all)} in all, scripts ${kb(js)}${budget}; encodings ${encodings || '-'}`);
}

async function visit(context: BrowserContext, base: string, face: (typeof FACES)[number]): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}${face.path}`, { waitUntil: 'load' });
  await page.locator(face.ready).first().waitFor({ timeout: 30_000 });
  return page;
}

export async function benchFirstLoad(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-firstload-'));
  const db = openSqlite(path.join(dir, 'lotse.sqlite'));
  await migrateToLatest(db);
  const lotse = await buildApp({ db, appsDir: repoRoot, devAutoPair: true });
  await seedDemoOffice(db, lotse.staff);
  // Bytes written on the request's socket between its arrival and its end: that response as sent, headers included.
  let log: Sent[] = [];
  const startedAt = new WeakMap<IncomingMessage, number>();
  lotse.app.addHook('onRequest', (req, _reply, done) => {
    startedAt.set(req.raw, req.raw.socket.bytesWritten);
    done();
  });
  lotse.app.addHook('onResponse', (req, reply, done) => {
    const before = startedAt.get(req.raw) ?? req.raw.socket.bytesWritten;
    log.push({ url: req.url, bytes: req.raw.socket.bytesWritten - before, encoding: String(reply.getHeader('content-encoding') ?? 'identity'), type: String(reply.getHeader('content-type') ?? '') });
    done();
  });
  await lotse.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(lotse.app.server.address() as { port: number }).port}`;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    console.log('\n1. First screen, cold, no service worker yet (as sent: brotli where the browser offers it, else gzip):');
    for (const face of FACES) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
      log = [];
      await visit(context, base, face);
      await quiet(log);
      const sent = log.filter((s) => !s.url.startsWith('/socket.io') && !s.url.startsWith('/api/'));
      summary(`  ${face.name.padEnd(7)}`, sent, face.budgetKB);
      for (const s of [...sent].sort((a, b) => b.bytes - a.bytes).slice(0, 5)) console.log(`    ${kb(s.bytes).padStart(9)}  ${s.url}`);
      await context.close();
    }

    console.log('\n2. With the service worker: what the first visit downloads in all, and what the next visit still fetches:');
    for (const face of FACES.filter((f) => f.name !== 'display')) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      log = [];
      const first = await visit(context, base, face);
      await first.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await quiet(log);
      summary(`  ${face.name} first visit (page + precache)`, log.filter((s) => !s.url.startsWith('/socket.io')));
      // What vad-web loads when a conversation starts, fetched from the page as it does (through the service worker).
      const fetchVad = (p: Page) => p.evaluate((files) => Promise.all(files.map((f) => fetch(`/counter/vad/${f}`).then((r) => r.arrayBuffer()))).then(() => undefined), VAD_FILES);
      const vadSent = () => log.filter((s) => s.url.startsWith('/counter/vad/'));
      if (face.name === 'counter') {
        log = [];
        await fetchVad(first);
        summary('  counter VAD + ONNX runtime, first conversation', vadSent());
      }
      await first.close();
      log = [];
      const second = await visit(context, base, face);
      await quiet(log);
      summary(`  ${face.name} next visit`, log.filter((s) => !s.url.startsWith('/socket.io') && !s.url.startsWith('/api/')));
      if (face.name === 'counter') {
        log = [];
        await fetchVad(second);
        console.log(`  counter VAD + ONNX runtime, next session: ${vadSent().length} requests, ${kb(vadSent().reduce((a, s) => a + s.bytes, 0))} over the wire`);
      }
      await context.close();
    }
  } finally {
    await browser?.close();
    await lotse.app.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  benchFirstLoad().then(() => process.exit(0), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
