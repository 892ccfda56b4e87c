import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WAIT } from '../../../../test/helpers/timeouts.ts';
import { SpeechEngineError } from '../types.ts';
import { WhisperRecognizer } from './recognizer.ts';
import { buildTinyWhisperModel, TINY_MODEL_TEXT } from './tinyModel.ts';

const dir = mkdtempSync(join(tmpdir(), 'lotse-whisper-'));
const open: WhisperRecognizer[] = [];
function recognizer(modelFile: string, backoffInitialMs = 100): WhisperRecognizer {
  const r = new WhisperRecognizer({ modelsDir: dir, modelFile, partialIntervalMs: 200, supervisor: { threads: 1, backoffInitialMs } });
  open.push(r);
  return r;
}
const speech = (seconds: number) => Int16Array.from({ length: seconds * 16_000 }, (_, i) => Math.round(8000 * Math.sin(i / 7)));

afterAll(async () => {
  await Promise.all(open.map((r) => r.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('WhisperRecognizer (supervised whisper.cpp child)', () => {
  it('loads the tiny model in the child, streams PCM and returns its known text and segments', async () => {
    writeFileSync(join(dir, 'tiny.bin'), buildTinyWhisperModel());
    const w = recognizer('tiny.bin');
    expect(w.status()).toMatchObject({ installed: true, kind: 'asr' });
    expect(w.supports('de')).toBe(true);
    expect(w.supports('tlh')).toBe(false);
    await w.warmUp();
    const stream = w.startStream('de');
    const partials: string[] = [];
    stream.onPartial = (p) => partials.push(p.text);
    const pcm = speech(3);
    for (let at = 0; at < pcm.length; at += 1600) {
      stream.push(pcm.subarray(at, at + 1600));
      await new Promise((r) => setTimeout(r, 25));
    }
    await expect.poll(() => partials.length, { timeout: WAIT.speech }).toBeGreaterThan(0);
    const final = await stream.end();
    expect(final.text).toBe(TINY_MODEL_TEXT.trim());
    expect(final.engine).toBe('whisper');
    expect(final.audioMs).toBe(3000);
    expect(final.segments).toEqual([{ text: TINY_MODEL_TEXT.trim(), startMs: 0, endMs: 3000 }]);
    expect(partials[0]).toBe(TINY_MODEL_TEXT.trim());
    // Short utterances are padded to whisper.cpp's 1 s minimum.
    expect((await w.recognize(speech(0.5), 'en')).text).toBe(TINY_MODEL_TEXT.trim());
    expect(w.supervisor.restarts).toBe(0);
  });

  it('reports a missing model as not installed with a clear detail', async () => {
    const w = recognizer('ggml-missing.bin');
    expect(w.status().installed).toBe(false);
    expect(w.status().languages).toEqual([]);
    expect(w.status().detail).toMatch(/no whisper model at .*ggml-missing\.bin/);
    expect(() => w.startStream('en')).toThrow(SpeechEngineError);
    await expect(w.warmUp()).rejects.toThrow(/no whisper model/);
  });

  it('gives a clear error for a corrupt file, without crashing this process, and retries only after a backoff', async () => {
    writeFileSync(join(dir, 'corrupt.bin'), Buffer.from('this is not a ggml model at all, just text'.repeat(100)));
    const w = recognizer('corrupt.bin', 5_000);
    await expect(w.recognize(speech(1), 'en')).rejects.toThrow(/cannot load whisper model .*corrupt\.bin/);
    expect(w.status().installed).toBe(false);
    expect(w.status().detail).toMatch(/cannot load whisper model/);
    await expect(w.recognize(speech(1), 'en')).rejects.toThrow(/next retry in 5 s/);
  });

  it('survives a truncated model that aborts the child, and restarts it', async () => {
    const full = buildTinyWhisperModel();
    writeFileSync(join(dir, 'truncated.bin'), full.subarray(0, Math.floor(full.length * 0.01)));
    const w = recognizer('truncated.bin', 300);
    const err = await w.recognize(speech(1), 'en').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpeechEngineError);
    // Depending on where the cut falls, whisper.cpp aborts while loading or inside full().
    expect((err as SpeechEngineError).message).toMatch(/(crashed the recognition process while loading|died) \(SIGABRT\)/);
    // The operator fixes the file; after the backoff a new child loads it and the session carries on.
    writeFileSync(join(dir, 'truncated.bin'), full);
    await new Promise((r) => setTimeout(r, 400));
    expect((await w.recognize(speech(1), 'en')).text).toBe(TINY_MODEL_TEXT.trim());
    expect(w.supervisor.restarts).toBe(1);
    expect(w.status().installed).toBe(true);
  });

  it('reports an abort inside full() for the in-flight request and restarts the child', async () => {
    // An f32 model loads, then GGML_ASSERT aborts the process inside whisper_full().
    writeFileSync(join(dir, 'f32.bin'), buildTinyWhisperModel({ ftype: 0 }));
    const w = recognizer('f32.bin', 200);
    await w.warmUp();
    const err = await w.recognize(speech(1), 'en').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpeechEngineError);
    expect((err as SpeechEngineError).code).toBe('engine_crashed');
    expect((err as SpeechEngineError).message).toMatch(/died \(SIGABRT\).*GGML_ASSERT.*restarting/);
    // The session carries on: the supervisor restarts the child by itself with the (now fixed) model.
    writeFileSync(join(dir, 'f32.bin'), buildTinyWhisperModel());
    await expect.poll(() => w.supervisor.state, { timeout: WAIT.speech }).toBe('ready');
    expect(w.supervisor.restarts).toBe(1);
    expect((await w.recognize(speech(1), 'en')).text).toBe(TINY_MODEL_TEXT.trim());
  });
});
