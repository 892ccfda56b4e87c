// Downloads a catalogue model into LOTSE_MODELS_DIR: every file goes to a staging folder next to
// the target (same file system), is hashed while streaming, and only when all hashes match is the
// target swapped in with rename(). A mismatch leaves the old model untouched.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CatalogueModel } from './catalogue.ts';

export class ModelInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelInstallError';
  }
}

export interface InstallOptions {
  modelsDir: string;
  acceptUnverifiedHash?: boolean;
  log?: (line: string) => void;
  /** Upper bound per file when the catalogue gives no size. */
  maxBytes?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function checkUrl(raw: string): URL {
  const url = new URL(raw);
  // Plain http only to this machine (tests); real sources must be https.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ModelInstallError(`refusing non-https download URL ${raw}`);
  }
  return url;
}

async function* chunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function download(url: URL, dest: string, expected: { sha256: string; bytes?: number }, maxBytes: number): Promise<void> {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok || !response.body) {
    throw new ModelInstallError(`download ${url.href} failed: HTTP ${response.status}`);
  }
  // After redirects the final URL must still be https (or loopback in tests).
  checkUrl(response.url || url.href);
  const limit = expected.bytes ?? maxBytes;
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) return done(new ModelInstallError(`download ${url.href} is larger than ${limit} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await mkdir(dirname(dest), { recursive: true });
  await pipeline(chunks(response.body), meter, createWriteStream(dest, { flags: 'wx' }));
  const actual = hash.digest('hex');
  if (expected.bytes !== undefined && size !== expected.bytes) {
    throw new ModelInstallError(`size mismatch for ${url.href}: expected ${expected.bytes} bytes, got ${size}`);
  }
  if (actual !== expected.sha256.toLowerCase()) {
    throw new ModelInstallError(`SHA-256 mismatch for ${url.href}: expected ${expected.sha256}, got ${actual}; not installed`);
  }
}

/** Installs `model` and returns the absolute path of its target. */
export async function installModel(model: CatalogueModel, options: InstallOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  if (model.verification !== 'verified' && !options.acceptUnverifiedHash) {
    throw new ModelInstallError(
      `${model.id}: its pinned hash needs verification (${model.hashSource}); re-run with --accept-unverified-hash after checking it`,
    );
  }
  if (model.files.some((f) => !/^[0-9a-f]{64}$/i.test(f.sha256))) {
    throw new ModelInstallError(`${model.id}: catalogue entry has no valid SHA-256`);
  }
  const single = model.files.length === 1 && model.files[0].path === undefined;
  const target = join(options.modelsDir, model.target);
  const staging = join(dirname(target), `.install-${model.id}-${randomBytes(6).toString('hex')}`);
  await mkdir(dirname(target), { recursive: true });
  try {
    for (const file of model.files) {
      const url = checkUrl(file.url);
      const dest = single ? staging : join(staging, file.path ?? '');
      if (!single && (!file.path || file.path.split('/').some((p) => p === '..' || p === ''))) {
        throw new ModelInstallError(`${model.id}: bad file path ${file.path}`);
      }
      log(`downloading ${url.href}`);
      await download(url, dest, file, options.maxBytes ?? 8 * 1024 ** 3);
      log(`  sha256 ok ${file.sha256}`);
    }
    // Swap in: the old version (if any) is moved aside first, then removed.
    const old = existsSync(target) ? `${staging}.old` : undefined;
    if (old) await rename(target, old);
    await rename(staging, target);
    if (old) await rm(old, { recursive: true, force: true });
    log(`installed ${model.id} at ${target}`);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export function isInstalled(model: CatalogueModel, modelsDir: string): boolean {
  const target = join(modelsDir, model.target);
  if (model.files.length === 1 && model.files[0].path === undefined) return existsSync(target);
  return model.files.every((f) => existsSync(join(target, f.path ?? '')));
}
