import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyWhisperModel } from '../whisper/tinyModel.ts';
import { MODEL_CATALOGUE, type CatalogueModel } from './catalogue.ts';
import { runCli } from '../../main/modelsCli.ts';
import { installModel, isInstalled } from './install.ts';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const whisperBytes = buildTinyWhisperModel();
const files: Record<string, Buffer> = {
  '/ggml-tiny-test.bin': whisperBytes,
  '/mt/config.json': Buffer.from('{"model_type":"marian"}'),
  '/mt/onnx/encoder_model.onnx': Buffer.from('onnx bytes'),
};
let server: Server;
let base = '';
const requests: string[] = [];
const dirs: string[] = [];
function modelsDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lotse-models-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/ggml-tiny-test.bin' }).end();
      return;
    }
    const body = files[req.url ?? ''];
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function catalogue(): CatalogueModel[] {
  return [
    {
      id: 'whisper-test', kind: 'asr', description: 'test whisper', target: 'ggml-tiny-test.bin',
      files: [{ url: `${base}/redirect`, sha256: sha(whisperBytes) }], verification: 'verified', hashSource: 'test',
    },
    {
      id: 'whisper-bad-hash', kind: 'asr', description: 'wrong hash', target: 'ggml-tiny-test.bin',
      files: [{ url: `${base}/ggml-tiny-test.bin`, sha256: sha('something else') }], verification: 'verified', hashSource: 'test',
    },
    {
      id: 'opus-mt-xx-yy', kind: 'mt', description: 'test mt', target: 'mt/opus-mt-xx-yy',
      files: [
        { url: `${base}/mt/config.json`, path: 'config.json', sha256: sha(files['/mt/config.json']) },
        { url: `${base}/mt/onnx/encoder_model.onnx`, path: 'onnx/encoder_model.onnx', sha256: sha(files['/mt/onnx/encoder_model.onnx']), bytes: 10 },
      ],
      verification: 'needs-verification', hashSource: 'test',
    },
    {
      id: 'missing', kind: 'mt', description: '404', target: 'mt/missing',
      files: [{ url: `${base}/nope`, path: 'x', sha256: sha('x') }], verification: 'verified', hashSource: 'test',
    },
  ];
}

describe('model installer (local HTTP server only)', () => {
  it('downloads through redirects, verifies SHA-256 and installs atomically', async () => {
    const dir = modelsDir();
    const out: string[] = [];
    expect(await runCli(['install', 'whisper-test'], { modelsDir: dir, catalogue: catalogue(), out: (l) => out.push(l) })).toBe(0);
    expect(readFileSync(join(dir, 'ggml-tiny-test.bin')).equals(whisperBytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['ggml-tiny-test.bin']); // no temp files left
    expect(out.join('\n')).toMatch(/sha256 ok/);
    const listing: string[] = [];
    await runCli(['list'], { modelsDir: dir, catalogue: catalogue(), out: (l) => listing.push(l) });
    expect(listing.find((l) => l.startsWith('whisper-test'))).toMatch(/installed/);
    expect(listing.find((l) => l.startsWith('opus-mt-xx-yy'))).toMatch(/not installed.*needs verification/);
  });

  it('refuses a hash mismatch and keeps the previous model', async () => {
    const dir = modelsDir();
    writeFileSync(join(dir, 'ggml-tiny-test.bin'), 'previous model');
    const out: string[] = [];
    expect(await runCli(['install', 'whisper-bad-hash'], { modelsDir: dir, catalogue: catalogue(), out: (l) => out.push(l) })).toBe(1);
    expect(out.join('\n')).toMatch(/SHA-256 mismatch .*not installed/);
    expect(readFileSync(join(dir, 'ggml-tiny-test.bin'), 'utf8')).toBe('previous model');
    expect(readdirSync(dir)).toEqual(['ggml-tiny-test.bin']);
  });

  it('installs multi-file model folders only with an explicit ok for an unverified hash', async () => {
    const dir = modelsDir();
    const model = catalogue()[2];
    await expect(installModel(model, { modelsDir: dir })).rejects.toThrow(/needs verification/);
    expect(isInstalled(model, dir)).toBe(false);
    await installModel(model, { modelsDir: dir, acceptUnverifiedHash: true });
    expect(isInstalled(model, dir)).toBe(true);
    expect(readFileSync(join(dir, 'mt/opus-mt-xx-yy/onnx/encoder_model.onnx'), 'utf8')).toBe('onnx bytes');
    expect(readdirSync(join(dir, 'mt'))).toEqual(['opus-mt-xx-yy']);
  });

  it('reports HTTP errors, unknown ids and non-https URLs clearly', async () => {
    const dir = modelsDir();
    const out: string[] = [];
    const ctx = { modelsDir: dir, catalogue: catalogue(), out: (l: string) => out.push(l) };
    expect(await runCli(['install', 'missing'], ctx)).toBe(1);
    expect(out.pop()).toMatch(/HTTP 404/);
    expect(existsSync(join(dir, 'mt', 'missing'))).toBe(false);
    expect(await runCli(['install', 'nope'], ctx)).toBe(2);
    expect(out.pop()).toMatch(/unknown model 'nope'/);
    const plainHttp: CatalogueModel = { ...catalogue()[0], files: [{ url: 'http://example.org/x.bin', sha256: sha('x') }] };
    await expect(installModel(plainHttp, { modelsDir: dir })).rejects.toThrow(/refusing non-https/);
  });

  it('the production catalogue points at official https sources with SHA-256 pins (or none, marked unpinned)', () => {
    for (const m of MODEL_CATALOGUE) {
      for (const f of m.files) {
        expect(f.url).toMatch(/^https:\/\/huggingface\.co\/(ggerganov\/whisper\.cpp|Xenova\/(opus-mt-[a-z]+-[a-z]+|nllb-200-distilled-600M|m2m100_418M))\/resolve\//);
        if (m.verification === 'unpinned') expect(f.sha256).toBeNull();
        else expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    expect(MODEL_CATALOGUE.find((m) => m.id === 'whisper-small')?.verification).toBe('verified');
  });
});
