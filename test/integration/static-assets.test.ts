import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type LotseApp } from '../../edge-server/src/app.ts';
import { migrateToLatest, openSqlite, type Db } from '../../edge-server/src/storage/db.ts';
import { precompressDir } from '../../edge-server/src/http/precompress.ts';

/** A built app as the build leaves it (hashed assets, unhashed VAD files, HTML, service worker), precompressed. */
function fakeBuild(root: string): Record<string, Buffer> {
  const script = Buffer.from(Array.from({ length: 4000 }, (_, i) => `export const line${i % 97} = "Wartenummer ${i}";\n`).join(''));
  const files: Record<string, Buffer> = {
    'kiosk-app/dist/index.html': Buffer.from(`<!doctype html><html lang="de"><head><title>Lotse</title></head><body>${'<div id="root"></div>'.repeat(80)}</body></html>`),
    'kiosk-app/dist/sw.js': Buffer.concat([Buffer.from('self.addEventListener("fetch", () => {});\n'), script]),
    'kiosk-app/dist/assets/index-Bx12AbCd.js': script,
    'kiosk-app/dist/icon.svg': Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(100)}</svg>`),
    'counter-app/dist/index.html': Buffer.from('<!doctype html><html><body>Schalter</body></html>'),
    'counter-app/dist/vad/ort-wasm-simd-threaded.wasm': Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d]), Buffer.alloc(200_000, 7), script]),
  };
  for (const [file, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), bytes);
  }
  precompressDir(path.join(root, 'kiosk-app', 'dist'));
  precompressDir(path.join(root, 'counter-app', 'dist'));
  return files;
}

interface Raw { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** A plain HTTP GET that leaves the body as sent (fetch would decode it). */
function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

function decoded(res: Raw): Buffer {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(res.body);
  if (enc === 'gzip') return zlib.gunzipSync(res.body);
  return res.body;
}

describe('built apps on a real server: precompressed bodies and cache headers', () => {
  let dir: string;
  let db: Db;
  let lotse: LotseApp;
  let base: string;
  let files: Record<string, Buffer>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-static-'));
    files = fakeBuild(dir);
    db = openSqlite(path.join(dir, 'lotse.sqlite'));
    await migrateToLatest(db);
    lotse = await buildApp({ db, appsDir: dir });
    await lotse.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(lotse.app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await lotse?.app.close();
    await db?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { url: '/kiosk/assets/index-Bx12AbCd.js', file: 'kiosk-app/dist/assets/index-Bx12AbCd.js', type: /javascript/, cache: 'public, max-age=31536000, immutable' },
    { url: '/kiosk/', file: 'kiosk-app/dist/index.html', type: /text\/html/, cache: 'no-cache' },
    { url: '/kiosk/sw.js', file: 'kiosk-app/dist/sw.js', type: /javascript/, cache: 'no-cache' },
    { url: '/kiosk/icon.svg', file: 'kiosk-app/dist/icon.svg', type: /svg/, cache: 'no-cache' },
    { url: '/counter/vad/ort-wasm-simd-threaded.wasm', file: 'counter-app/dist/vad/ort-wasm-simd-threaded.wasm', type: /wasm/, cache: 'no-cache' },
  ];

  for (const c of cases) {
    for (const [accept, expected] of [['br, gzip, deflate', 'br'], ['gzip, deflate', 'gzip'], [undefined, undefined]] as const) {
      it(`${c.url} with Accept-Encoding ${accept ?? '(none)'}: ${expected ?? 'identity'}, ${c.cache}, the same bytes`, async () => {
        const res = await get(`${base}${c.url}`, accept);
        expect(res.status).toBe(200);
        expect(res.headers['content-encoding']).toBe(expected);
        expect(res.headers['content-type']).toMatch(c.type);
        expect(res.headers['cache-control']).toBe(c.cache);
        expect(res.headers.vary).toMatch(/accept-encoding/i);
        if (expected) expect(res.body.length).toBeLessThan(files[c.file].length * 0.5);
        expect(decoded(res).equals(files[c.file])).toBe(true);
      });
    }
  }

  it('a client route inside the app gets the shell, revalidated', async () => {
    const res = await new Promise<Raw>((resolve, reject) => {
      http.get(`${base}/kiosk/display`, { headers: { accept: 'text/html' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (ch: Buffer) => chunks.push(ch));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(decoded(res).equals(files['kiosk-app/dist/index.html'])).toBe(true);
  });
});
