// Installing a translation model from files the admin brought on a stick (no internet on the box): every file's
// SHA-256 is checked against the catalogue, a mismatch installs nothing and leaves the old model in place.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/modelsCli.ts';
import type { CatalogueModel } from '../models/catalogue.ts';
import { TransformersTranslator } from '../transformers.ts';
import { buildTinyTranslationModel, writeTinyTranslationModel } from './tinyModel.ts';

const root = mkdtempSync(join(tmpdir(), 'lotse-install-local-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const stick = writeTinyTranslationModel(join(root, 'stick', 'opus-mt-de-en'), { family: 'marian', from: 'de', to: 'en' });
const files = buildTinyTranslationModel({ family: 'marian', from: 'de', to: 'en' });

function entry(verification: CatalogueModel['verification']): CatalogueModel {
  return {
    id: 'opus-mt-de-en',
    kind: 'mt',
    description: 'tiny',
    target: 'mt/opus-mt-de-en',
    files: [...files].map(([path, data]) => ({
      url: `https://huggingface.co/Xenova/opus-mt-de-en/resolve/main/${path}`,
      path,
      sha256: verification === 'unpinned' ? null : sha(data),
      bytes: data.length,
    })),
    verification,
    hashSource: 'test: hashes of the generated files',
  };
}

async function cli(args: string[], modelsDir: string, catalogue: CatalogueModel[]) {
  const out: string[] = [];
  const code = await runCli(args, { modelsDir, catalogue, out: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

describe('models install --from <folder>', () => {
  it('right hashes: installed, and the real translator serves it', async () => {
    const models = join(root, 'right');
    const result = await cli(['install', 'opus-mt-de-en', '--from', stick], models, [entry('verified')]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toMatch(/sha256 ok/);
    const t = new TransformersTranslator({ modelsDir: models });
    expect(await t.translate('Guten Tag', 'de', 'en')).toBe('Good day');
    await t.close();
    expect((await cli(['remove', 'opus-mt-de-en'], models, [entry('verified')])).code).toBe(0);
    expect(existsSync(join(models, 'mt', 'opus-mt-de-en'))).toBe(false);
  });

  it('a wrong hash installs nothing and keeps the model that was there', async () => {
    const models = join(root, 'wrong');
    expect((await cli(['install', 'opus-mt-de-en', '--from', stick], models, [entry('verified')])).code).toBe(0);
    const tampered = writeTinyTranslationModel(join(root, 'tampered'), { family: 'marian', from: 'de', to: 'en' });
    const decoder = join(tampered, 'onnx', 'decoder_model_merged_quantized.onnx');
    const bytes = readFileSync(decoder);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(decoder, bytes);
    const result = await cli(['install', 'opus-mt-de-en', '--from', tampered], models, [entry('verified')]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/SHA-256 mismatch for .*decoder_model_merged_quantized\.onnx.*not installed/);
    const installed = readFileSync(join(models, 'mt', 'opus-mt-de-en', 'onnx', 'decoder_model_merged_quantized.onnx'));
    expect(installed.equals(files.get('onnx/decoder_model_merged_quantized.onnx')!)).toBe(true);
  });

  it('a missing file is named; an unpinned entry needs --from and the admin\'s confirmation, and prints each hash', async () => {
    const models = join(root, 'unpinned');
    const missing = await cli(['install', 'opus-mt-de-en', '--from', join(root, 'nowhere')], models, [entry('verified')]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.out).toMatch(/missing file .*nowhere\/config\.json/);
    const online = await cli(['install', 'opus-mt-de-en', '--accept-unverified-hash'], models, [entry('unpinned')]);
    expect(online.out).toMatch(/no SHA-256 pinned.*--from/);
    const unconfirmed = await cli(['install', 'opus-mt-de-en', '--from', stick], models, [entry('unpinned')]);
    expect(unconfirmed.out).toMatch(/needs verification/);
    const confirmed = await cli(['install', 'opus-mt-de-en', '--from', stick, '--accept-unverified-hash'], models, [entry('unpinned')]);
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toContain(`sha256 ${sha(files.get('config.json')!)} (not pinned`);
  });
});
