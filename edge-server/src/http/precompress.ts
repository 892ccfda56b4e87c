/**
 * Build step: writes `<file>.br` and `<file>.gz` beside every compressible file of a built app, so the edge server
 * sends compressed bytes without compressing on each request (`@fastify/static` `preCompressed`).
 * `node --import tsx edge-server/src/http/precompress.ts kiosk-app/dist counter-app/dist`
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Text and wasm compress well; images in their own formats (png, woff2) and audio do not. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|wasm|onnx)$/;
/** Below this, headers outweigh the saving. */
const MIN_BYTES = 1024;
/** Brotli's best quality costs ~20 s on the 11 MB ONNX runtime: large files get a quality that takes ~2 s. */
const LARGE_BYTES = 1024 * 1024;

export interface PrecompressResult {
  files: number;
  bytes: number;
  brotli: number;
  gzip: number;
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Compresses every eligible file under `dir`; a variant that would not be smaller is not written (or removed). */
export function precompressDir(dir: string): PrecompressResult {
  const result: PrecompressResult = { files: 0, bytes: 0, brotli: 0, gzip: 0 };
  for (const file of walk(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const raw = fs.readFileSync(file);
    if (raw.length < MIN_BYTES) continue;
    const br = zlib.brotliCompressSync(raw, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: raw.length > LARGE_BYTES ? 9 : 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gz = zlib.gzipSync(raw, { level: 9 });
    result.files++;
    result.bytes += raw.length;
    for (const [ext, bytes] of [['.br', br], ['.gz', gz]] as const) {
      const target = file + ext;
      if (bytes.length < raw.length * 0.95) {
        fs.writeFileSync(target, bytes);
        result[ext === '.br' ? 'brotli' : 'gzip'] += bytes.length;
      } else {
        fs.rmSync(target, { force: true });
        result[ext === '.br' ? 'brotli' : 'gzip'] += raw.length;
      }
    }
  }
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  for (const dir of process.argv.slice(2)) {
    if (!fs.existsSync(dir)) {
      console.error(`precompress: ${dir} does not exist (build the app first)`);
      process.exit(1);
    }
    const r = precompressDir(dir);
    console.log(`precompress ${dir}: ${r.files} files, ${kb(r.bytes)} → brotli ${kb(r.brotli)}, gzip ${kb(r.gzip)}`);
  }
}
