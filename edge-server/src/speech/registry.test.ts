import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSpeechEngines, type SpeechEngines } from './registry.ts';
import { buildTinyWhisperModel, TINY_MODEL_TEXT } from './whisper/tinyModel.ts';

const dirs: string[] = [];
const engines: SpeechEngines[] = [];
function setup(withWhisper: boolean): SpeechEngines {
  const dir = mkdtempSync(join(tmpdir(), 'lotse-registry-'));
  dirs.push(dir);
  if (withWhisper) writeFileSync(join(dir, 'ggml-tiny-test.bin'), buildTinyWhisperModel());
  const e = createSpeechEngines({ modelsDir: dir, whisperModel: 'ggml-tiny-test.bin', whisper: { supervisor: { threads: 1 } } });
  engines.push(e);
  return e;
}

afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('createSpeechEngines', () => {
  it('without production models: PocketSphinx for English, Apertium for en<->es, nothing for German', () => {
    const e = setup(false);
    const status = e.status();
    expect(status.map((s) => s.id)).toEqual(['whisper', 'pocketsphinx', 'transformers', 'apertium']);
    expect(status.find((s) => s.id === 'whisper')).toMatchObject({ installed: false });
    expect(status.find((s) => s.id === 'transformers')).toMatchObject({ installed: false });
    expect(e.recognizerFor('en')?.id).toBe('pocketsphinx');
    expect(e.recognizerFor('de')).toBeUndefined();
    expect(e.recognizerFor('ti')).toBeUndefined();
    expect(e.translatorFor('en', 'es')?.id).toBe('apertium');
    expect(e.translatorFor('es-MX', 'en')?.id).toBe('apertium');
    expect(e.translatorFor('de', 'en')).toBeUndefined();
    expect(e.translatorFor('en', 'en')).toBeUndefined();
    expect(e.recognizedLanguages()).toEqual(['en']);
    // Engines are created once and reused.
    expect(e.recognizerFor('en')).toBe(e.recognizerFor('en-US'));
  });

  it('prefers whisper.cpp for every language when its model is installed', async () => {
    const e = setup(true);
    expect(e.recognizerFor('de')?.id).toBe('whisper');
    expect(e.recognizerFor('en')?.id).toBe('whisper');
    expect(e.recognizedLanguages()).toContain('ar');
    const stream = e.recognizerFor('de')?.startStream('de');
    stream?.push(new Int16Array(16_000).map((_, i) => 4000 * Math.sin(i / 9)));
    expect((await stream?.end())?.text).toBe(TINY_MODEL_TEXT.trim());
  });
});
