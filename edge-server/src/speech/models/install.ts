// Downloads a catalogue model into LOTSE_MODELS_DIR: every file goes to a staging folder next to
// the target (same file system), is hashed while streaming, and only when all hashes match is the
// target swapped in with rename(). A mismatch leaves the old model untouched.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
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
  /**
   * Install from files the admin already has (no network): a folder laid out like the model's files (or, for a
   * single-file model, the file itself). Each file's SHA-256 is checked against the catalogue as for a download.
   */
  fromLocal?: string;
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

interface Expected {
  sha256: string | null;
  bytes?: number;
}

/** Hashes and meters a stream into dest; checks size and SHA-256 against the catalogue (null: unpinned, logged). */
async function receive(source: AsyncIterable<Uint8Array>, dest: string, what: string, expected: Expected, limit: number): Promise<string> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) return done(new ModelInstallError(`${what} is larger than ${limit} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await mkdir(dirname(dest), { recursive: true });
  await pipeline(source, meter, createWriteStream(dest, { flags: 'wx' }));
  const actual = hash.digest('hex');
  if (expected.bytes !== undefined && size !== expected.bytes) {
    throw new ModelInstallError(`size mismatch for ${what}: expected ${expected.bytes} bytes, got ${size}`);
  }
  if (expected.sha256 !== null && actual !== expected.sha256.toLowerCase()) {
    throw new ModelInstallError(`SHA-256 mismatch for ${what}: expected ${expected.sha256}, got ${actual}; not installed`);
  }
  return actual;
}

async function copyLocal(source: string, dest: string, expected: Expected, maxBytes: number): Promise<string> {
  if (!existsSync(source) || !statSync(source).isFile()) throw new ModelInstallError(`missing file ${source}`);
  return receive(createReadStream(source), dest, source, expected, expected.bytes ?? maxBytes);
}

async function download(url: URL, dest: string, expected: Expected, maxBytes: number): Promise<string> {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok || !response.body) {
    throw new ModelInstallError(`download ${url.href} failed: HTTP ${response.status}`);
  }
  // After redirects the final URL must still be https (or loopback in tests).
  checkUrl(response.url || url.href);
  return receive(chunks(response.body), dest, `download ${url.href}`, expected, expected.bytes ?? maxBytes);
}

/** Installs `model` and returns the absolute path of its target. */
export async function installModel(model: CatalogueModel, options: InstallOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  if (model.verification === 'unpinned' && options.fromLocal === undefined) {
    throw new ModelInstallError(
      `${model.id}: no SHA-256 pinned (${model.hashSource}); fetch the files yourself and install with --from <folder> --accept-unverified-hash`,
    );
  }
  if (model.verification !== 'verified' && !options.acceptUnverifiedHash) {
    throw new ModelInstallError(
      `${model.id}: its pinned hash needs verification (${model.hashSource}); re-run with --accept-unverified-hash after checking it`,
    );
  }
  const pinned = model.verification !== 'unpinned';
  if (model.files.some((f) => (pinned ? !/^[0-9a-f]{64}$/i.test(f.sha256 ?? '') : f.sha256 !== null))) {
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
      const maxBytes = options.maxBytes ?? 8 * 1024 ** 3;
      let actual: string;
      if (options.fromLocal !== undefined) {
        const isFile = existsSync(options.fromLocal) && statSync(options.fromLocal).isFile();
        const source = single && isFile ? options.fromLocal : join(options.fromLocal, single ? model.target.split('/').pop()! : file.path!);
        log(`copying ${source}`);
        actual = await copyLocal(source, dest, file, maxBytes);
      } else {
        log(`downloading ${url.href}`);
        actual = await download(url, dest, file, maxBytes);
      }
      log(file.sha256 ? `  sha256 ok ${actual}` : `  sha256 ${actual} (not pinned: compare with the publisher's page)`);
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
