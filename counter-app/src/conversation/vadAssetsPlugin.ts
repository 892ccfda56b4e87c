import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Silero VAD runs in the browser from files we serve ourselves (never a CDN): vad-web's worklet and v5 model,
 * and the ONNX Runtime Web wasm matching the runtime we bundle. Copied into `dist/vad/` on build, served from
 * node_modules in dev. ~13.6 MB: cached at runtime by the service worker, never precached.
 */
export const VAD_ASSET_DIR = 'vad';

export function vadAssetFiles(appRoot: string): Record<string, string> {
  const vad = path.join(appRoot, '..', 'node_modules', '@ricky0123', 'vad-web', 'dist');
  const ort = path.join(appRoot, 'node_modules', 'onnxruntime-web', 'dist');
  return {
    'vad.worklet.bundle.min.js': path.join(vad, 'vad.worklet.bundle.min.js'),
    'silero_vad_v5.onnx': path.join(vad, 'silero_vad_v5.onnx'),
    'ort-wasm-simd-threaded.mjs': path.join(ort, 'ort-wasm-simd-threaded.mjs'),
    'ort-wasm-simd-threaded.wasm': path.join(ort, 'ort-wasm-simd-threaded.wasm'),
  };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream' };

export function vadAssets(appRoot: string, base: string): Plugin {
  const files = vadAssetFiles(appRoot);
  let outDir = path.join(appRoot, 'dist');
  return {
    name: 'lotse-vad-assets',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      for (const [name, from] of Object.entries(files)) if (!fs.existsSync(from)) throw new Error(`VAD asset ${name} missing at ${from}`);
    },
    configureServer(server) {
      const prefix = `${base}${VAD_ASSET_DIR}/`;
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? '';
        const from = url.startsWith(prefix) ? files[url.slice(prefix.length)] : undefined;
        if (!from) return next();
        res.setHeader('Content-Type', TYPES[path.extname(from)] ?? 'application/octet-stream');
        fs.createReadStream(from).pipe(res);
      });
    },
    writeBundle() {
      const dir = path.join(outDir, VAD_ASSET_DIR);
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, from] of Object.entries(files)) fs.copyFileSync(from, path.join(dir, name));
    },
  };
}
