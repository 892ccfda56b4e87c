// The real TransformersTranslator (transformers.js + onnxruntime-node) on generated models of each production
// family, in the layouts the catalogue installs. Nothing is downloaded.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSpeechEngines } from '../registry.ts';
import { TransformersTranslator } from '../transformers.ts';
import { SpeechEngineError } from '../types.ts';
import { buildTinyTranslationModel, writeTinyTranslationModel } from './tinyModel.ts';

const root = mkdtempSync(join(tmpdir(), 'lotse-tiny-mt-'));
const translators: TransformersTranslator[] = [];
afterAll(async () => {
  await Promise.all(translators.map((t) => t.close()));
  rmSync(root, { recursive: true, force: true });
});

function modelsDir(name: string, models: Record<string, Parameters<typeof writeTinyTranslationModel>[1]>): string {
  const dir = join(root, name);
  for (const [folder, options] of Object.entries(models)) writeTinyTranslationModel(join(dir, 'mt', folder), options);
  return dir;
}

function translator(dir: string): TransformersTranslator {
  const t = new TransformersTranslator({ modelsDir: dir });
  translators.push(t);
  return t;
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as SpeechEngineError);

describe('OPUS-MT (Marian) layout, quantized file names as the catalogue installs them', () => {
  const dir = modelsDir('marian', { 'opus-mt-de-en': { family: 'marian', from: 'de', to: 'en' } });

  it('loads, translates, reports the loaded model, unloads and loads again', async () => {
    const t = translator(dir);
    expect(t.status()).toMatchObject({ installed: true, pairs: [{ from: 'de', to: 'en' }] });
    expect(t.loadedModels()).toEqual([]);
    expect(await t.translate('Guten Tag', 'de', 'en')).toBe('Good day');
    expect(await t.translate('Ihre Wartenummer bitte', 'de-DE', 'en')).toBe('Your ticket number please');
    expect(await t.translate('Danke!', 'de', 'en')).toBe('Thank you');
    expect(t.loadedModels()).toEqual(['opus-mt-de-en']);
    expect(await t.unload('opus-mt-de-en')).toBe(true);
    expect(t.loadedModels()).toEqual([]);
    expect(await t.unload('opus-mt-de-en')).toBe(false);
    expect(await t.translate('Guten Tag', 'de', 'en')).toBe('Good day');
  });

  it('an fp32 export (encoder_model.onnx) loads too', async () => {
    const fp32 = modelsDir('marian-fp32', { 'opus-mt-de-en': { family: 'marian', from: 'de', to: 'en', suffix: '' } });
    expect(await translator(fp32).translate('Danke', 'de', 'en')).toBe('Thank you');
  });

  it('is deterministic for a fixed seed: same files, same output for text it does not know', async () => {
    const a = buildTinyTranslationModel({ family: 'marian', seed: 7 });
    const b = buildTinyTranslationModel({ family: 'marian', seed: 7 });
    const c = buildTinyTranslationModel({ family: 'marian', seed: 8 });
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, data] of a) expect(data.equals(b.get(path)!)).toBe(true);
    expect(a.get('onnx/decoder_model_merged_quantized.onnx')!.equals(c.get('onnx/decoder_model_merged_quantized.onnx')!)).toBe(false);
    const seeded = modelsDir('seed-7', { 'opus-mt-de-en': { family: 'marian', seed: 7 } });
    const unknown = 'Wo ist das Wartezimmer';
    const first = await translator(seeded).translate(unknown, 'de', 'en');
    expect(first.length).toBeGreaterThan(0);
    expect(await translator(seeded).translate(unknown, 'de', 'en')).toBe(first);
  });

  it('a broken file gives a clear engine error, the next request still works once it is fixed', async () => {
    const broken = modelsDir('broken', { 'opus-mt-de-en': { family: 'marian' } });
    const decoder = join(broken, 'mt', 'opus-mt-de-en', 'onnx', 'decoder_model_merged_quantized.onnx');
    const good = readFileSync(decoder);
    writeFileSync(decoder, good.subarray(0, good.length >> 1));
    const t = translator(broken);
    const err = await failure(t.translate('Guten Tag', 'de', 'en'));
    expect(err).toBeInstanceOf(SpeechEngineError);
    expect(err).toMatchObject({ code: 'engine_failed', engine: 'transformers' });
    expect(err?.message).toMatch(/cannot translate with opus-mt-de-en/);
    writeFileSync(decoder, good);
    expect(await t.translate('Guten Tag', 'de', 'en')).toBe('Good day');
  });
});

describe('multilingual families: language tokens', () => {
  it('NLLB-200 (deu_Latn, arb_Arab, …) translates both ways with German', async () => {
    const t = translator(modelsDir('nllb', { 'nllb-200-distilled-600M': { family: 'nllb' } }));
    expect(await t.translate('Guten Tag', 'de', 'ar')).toBe('طاب يومك');
    expect(await t.translate('طاب يومك', 'ar', 'de')).toBe('Guten Tag');
    expect(await t.translate('Danke', 'de', 'tr')).toBe('Teşekkürler');
    expect(await t.translate('Sıra numaranız lütfen', 'tr', 'en')).toBe('Your ticket number please');
    // A language the catalogue's NLLB serves but this tiny tokenizer lacks: a clear engine error, no crash.
    const err = await failure(t.translate('Guten Tag', 'de', 'ti'));
    expect(err).toMatchObject({ code: 'engine_failed' });
    expect(err?.message).toMatch(/tir_Ethi/);
  });

  it('M2M100 (__de__, __en__, …) translates both ways with German', async () => {
    const t = translator(modelsDir('m2m', { m2m100_418M: { family: 'm2m100' } }));
    expect(t.supports('de', 'kmr')).toBe(false); // M2M100 has no Kurmanji
    expect(await t.translate('Ihre Wartenummer bitte', 'de', 'en')).toBe('Your ticket number please');
    expect(await t.translate('Good day', 'en', 'de')).toBe('Guten Tag');
  });
});

describe('pivot through English when no direct pair is installed', () => {
  it('tr→de runs tr→en then en→de and says so in its engine id', async () => {
    const dir = modelsDir('pivot', {
      'opus-mt-tr-en': { family: 'marian', from: 'tr', to: 'en' },
      'opus-mt-en-de': { family: 'marian', from: 'en', to: 'de' },
    });
    const engines = createSpeechEngines({ modelsDir: dir, warmUp: false });
    try {
      const pivot = engines.translatorFor('tr', 'de');
      expect(pivot?.id).toBe('transformers via English');
      expect(await pivot?.translate('İyi günler', 'tr', 'de')).toBe('Guten Tag');
      expect(engines.translatorFor('tr', 'en')?.id).toBe('transformers');
      expect(engines.translatorFor('de', 'tr')).toBeUndefined(); // neither de→en nor en→tr installed
    } finally {
      await engines.close();
    }
  });
});
