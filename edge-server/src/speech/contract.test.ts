// Engine contract: runs against every engine installed on this machine (iterating status()),
// plus whisper.cpp on the generated tiny model so its adapter is always exercised.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSpeechEngines } from './registry.ts';
import { synthesizeSpeech } from './synth.ts';
import { SpeechEngineError, type SpeechRecognizer } from './types.ts';
import { WhisperRecognizer } from './whisper/recognizer.ts';
import { buildTinyWhisperModel, TINY_MODEL_TEXT } from './whisper/tinyModel.ts';

/** Test speech per language: espeak voice, sentence, words of which at least one must come back. */
const SPEECH: Record<string, { voice: string; text: string; words: string[] }> = {
  // en-us: PocketSphinx's acoustic model is US English; with espeak's default 'en' voice it recognises almost nothing.
  en: {
    voice: 'en-us',
    text: 'Good morning. I would like to apply for a new passport.',
    words: ['good', 'morning', 'i', 'would', 'like', 'to', 'apply', 'for', 'a', 'new', 'passport', 'where', 'do', 'have', 'sign'],
  },
  de: { voice: 'de', text: 'Guten Morgen. Ich möchte einen neuen Reisepass beantragen.', words: ['guten', 'morgen', 'ich', 'reisepass'] },
  es: { voice: 'es', text: 'Buenos días. Quiero solicitar un pasaporte nuevo.', words: ['buenos', 'días', 'quiero', 'pasaporte'] },
};

/** Translation checks per pair: source text and words of which one must appear. */
const PHRASES: Record<string, Array<{ text: string; words: string[] }>> = {
  'en>es': [
    { text: 'hello', words: ['hola'] },
    { text: 'Where is the office? I need a new passport.', words: ['oficina', 'pasaporte', 'nuevo'] },
  ],
  'es>en': [{ text: 'Buenos días, necesito un pasaporte nuevo.', words: ['good', 'passport', 'new'] }],
  'de>en': [{ text: 'Guten Tag, ich brauche einen neuen Reisepass.', words: ['good', 'passport', 'new'] }],
};

const dir = mkdtempSync(join(tmpdir(), 'lotse-contract-'));
writeFileSync(join(dir, 'ggml-tiny-test.bin'), buildTinyWhisperModel());
const engines = createSpeechEngines({ warmUp: false });
const tinyWhisper = new WhisperRecognizer({ modelsDir: dir, modelFile: 'ggml-tiny-test.bin', supervisor: { threads: 1 } });
afterAll(async () => {
  await Promise.all([engines.close(), tinyWhisper.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const words = (s: string) => s.toLowerCase().match(/\p{L}+/gu) ?? [];

const recognizers: Array<{ name: string; engine: SpeechRecognizer; synthetic: boolean }> = [
  ...engines.recognizers.filter((r) => r.status().installed).map((engine) => ({ name: engine.id, engine, synthetic: false })),
  { name: 'whisper (generated tiny model)', engine: tinyWhisper, synthetic: true },
];

describe.each(recognizers)('SpeechRecognizer contract: $name', ({ engine, synthetic }) => {
  const languages = engine.status().languages.filter((l) => SPEECH[l]);

  it('reports itself consistently', () => {
    const s = engine.status();
    expect(s).toMatchObject({ id: engine.id, kind: 'asr', installed: true, pairs: [] });
    expect(s.languages.length).toBeGreaterThan(0);
    expect(s.detail.length).toBeGreaterThan(0);
    expect(languages.length).toBeGreaterThan(0);
    expect(() => engine.startStream('xx-not-a-language')).toThrow(SpeechEngineError);
  });

  it.each(languages)('recognises generated %s speech streamed in 100 ms frames', async (language) => {
    const sample = SPEECH[language];
    const pcm = await synthesizeSpeech(sample.text, sample.voice);
    const stream = engine.startStream(language);
    let partialAfterFinal = false;
    let done = false;
    stream.onPartial = (p) => {
      if (done) partialAfterFinal = true;
      expect(typeof p.text).toBe('string');
    };
    const started = performance.now();
    for (let at = 0; at < pcm.length; at += 1600) stream.push(pcm.subarray(at, at + 1600));
    const final = await stream.end();
    done = true;
    const ms = performance.now() - started;
    expect(final.engine).toBe(engine.id);
    expect(final.audioMs).toBe(Math.round(pcm.length / 16));
    if (synthetic) {
      expect(final.text).toBe(TINY_MODEL_TEXT.trim());
    } else {
      // espeak speech is hard for these models: ask for one expected word, not accuracy.
      expect(words(final.text).some((w) => sample.words.includes(w)), `recognised: "${final.text}"`).toBe(true);
    }
    console.log(`[contract] ${engine.id} ${language}: ${final.audioMs} ms audio in ${Math.round(ms)} ms (RTF ${(ms / final.audioMs).toFixed(2)}): "${final.text}"`);
    await expect(stream.end()).rejects.toThrow(SpeechEngineError);
    expect(() => stream.push(new Int16Array(1))).toThrow(SpeechEngineError);
    expect(partialAfterFinal).toBe(false);
  });

  it('can be aborted mid-utterance and keeps working', async () => {
    const language = languages[0];
    const aborted = engine.startStream(language);
    aborted.push(new Int16Array(8000));
    aborted.abort();
    aborted.abort();
    const next = engine.startStream(language);
    next.push(new Int16Array(16_000));
    const final = await next.end();
    expect(typeof final.text).toBe('string');
  });
});

const translators = engines.translators.filter((t) => t.status().installed);

describe('engines installed here', () => {
  it('include the Debian engines CI installs (PocketSphinx, Apertium)', () => {
    expect(recognizers.map((r) => r.engine.id)).toContain('pocketsphinx');
    expect(translators.map((t) => t.id)).toContain('apertium');
  });
});

describe.each(translators.map((t) => ({ name: t.id, engine: t })))('Translator contract: $name', ({ engine }) => {
  const pairs = engine.status().pairs;

  it('reports itself consistently and refuses pairs it does not have', async () => {
    expect(engine.status()).toMatchObject({ id: engine.id, kind: 'mt', installed: true, languages: [] });
    expect(pairs.length).toBeGreaterThan(0);
    expect(engine.supports('xx', 'yy')).toBe(false);
    await expect(engine.translate('hello', 'xx', 'yy')).rejects.toThrow(SpeechEngineError);
  });

  it.each(pairs.filter((p) => PHRASES[`${p.from}>${p.to}`]))('translates $from→$to', async ({ from, to }) => {
    for (const phrase of PHRASES[`${from}>${to}`]) {
      const started = performance.now();
      const out = await engine.translate(phrase.text, from, to);
      console.log(`[contract] ${engine.id} ${from}→${to} in ${Math.round(performance.now() - started)} ms: "${phrase.text}" → "${out}"`);
      expect(words(out).some((w) => phrase.words.includes(w)), `translated: "${out}"`).toBe(true);
    }
    expect(await engine.translate('', from, to)).toBe('');
  });
});
