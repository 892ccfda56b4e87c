import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverMtModels, TransformersTranslator } from './transformers.ts';
import { SpeechEngineError } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'lotse-mt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeModel(path: string, complete: boolean): void {
  mkdirSync(join(path, 'onnx'), { recursive: true });
  writeFileSync(join(path, 'config.json'), '{"model_type":"marian"}');
  writeFileSync(join(path, 'tokenizer.json'), '{}');
  writeFileSync(join(path, 'onnx', 'encoder_model.onnx'), 'not really onnx');
  // Without its decoder a model folder is incomplete.
  if (complete) writeFileSync(join(path, 'onnx', 'decoder_model_merged.onnx'), 'not really onnx');
}

describe('TransformersTranslator (local models only)', () => {
  it('with no models: not installed, and translate() rejects clearly', async () => {
    const t = new TransformersTranslator({ modelsDir: join(dir, 'empty') });
    expect(t.status()).toMatchObject({ id: 'transformers', kind: 'mt', installed: false, pairs: [] });
    expect(t.status().detail).toMatch(/no OPUS-MT\/NLLB\/M2M100 models in .*empty\/mt/);
    expect(t.supports('de', 'en')).toBe(false);
    const err = await t.translate('Guten Tag', 'de', 'en').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpeechEngineError);
    expect((err as SpeechEngineError).code).toBe('not_installed');
    expect((err as SpeechEngineError).message).toMatch(/no local translation model for de→en/);
  });

  it('reports only pairs whose model folders are complete', () => {
    const mt = join(dir, 'models', 'mt');
    fakeModel(join(mt, 'opus-mt-de-en'), true);
    fakeModel(join(mt, 'Xenova', 'opus-mt-en-ar'), true);
    fakeModel(join(mt, 'opus-mt-de-tr'), false); // no ONNX weights: not installed
    mkdirSync(join(mt, 'random-folder'), { recursive: true });
    expect(discoverMtModels(mt).map((m) => m.modelId)).toEqual(['Xenova/opus-mt-en-ar', 'opus-mt-de-en']);
    const t = new TransformersTranslator({ modelsDir: join(dir, 'models') });
    expect(t.status().installed).toBe(true);
    expect(t.status().pairs).toEqual([
      { from: 'en', to: 'ar' },
      { from: 'de', to: 'en' },
    ]);
    expect(t.supports('de-DE', 'en')).toBe(true);
    expect(t.supports('de', 'tr')).toBe(false);
  });

  it('an NLLB folder serves all pairs among its languages, including German', () => {
    const models = join(dir, 'nllb');
    fakeModel(join(models, 'mt', 'nllb-200-distilled-600M'), true);
    const t = new TransformersTranslator({ modelsDir: models });
    expect(t.supports('de', 'ti')).toBe(true);
    expect(t.supports('ar', 'de')).toBe(true);
    expect(t.supports('de', 'de')).toBe(false);
    // The kiosk's codes for Kurmanji and Dari, which have no two-letter code.
    expect(t.supports('de', 'kmr')).toBe(true);
    expect(t.supports('prs', 'de')).toBe(true);
  });

  it('a broken model folder gives a clear error, offline, instead of a crash', async () => {
    const t = new TransformersTranslator({ modelsDir: join(dir, 'models') });
    const err = await t.translate('Guten Tag', 'de', 'en').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpeechEngineError);
    expect((err as SpeechEngineError).message).toMatch(/cannot translate with opus-mt-de-en/);
  });
});
