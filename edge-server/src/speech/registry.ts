// One place that creates the engines once, reports their status and picks the best per language.
// Order of preference: production engines (whisper.cpp, transformers.js) when their models are
// installed, then the Debian engines (PocketSphinx for English, Apertium for its pairs).
import { resolve } from 'node:path';
import { ApertiumTranslator, type ApertiumOptions } from './apertium.ts';
import { PocketSphinxRecognizer, type PocketSphinxOptions } from './pocketsphinx.ts';
import { TransformersTranslator } from './transformers.ts';
import { baseLanguage, type EngineStatus, type LanguageCode, type SpeechRecognizer, type Translator } from './types.ts';
import { WhisperRecognizer, type WhisperRecognizerOptions } from './whisper/recognizer.ts';

export interface SpeechEnginesOptions {
  /** Default: LOTSE_MODELS_DIR, else ./models. */
  modelsDir?: string;
  /** File name of the GGML model in modelsDir (default LOTSE_WHISPER_MODEL or ggml-small.bin). */
  whisperModel?: string;
  /** Load the whisper model in its child right away (default true when the file exists). */
  warmUp?: boolean;
  whisper?: Omit<WhisperRecognizerOptions, 'modelsDir' | 'modelFile'>;
  pocketsphinx?: PocketSphinxOptions;
  apertium?: ApertiumOptions;
}

export interface SpeechEngines {
  readonly modelsDir: string;
  readonly recognizers: readonly SpeechRecognizer[];
  readonly translators: readonly Translator[];
  /** Every engine, installed or not, for the admin page. */
  status(): EngineStatus[];
  /** Best installed recognizer for the language, or undefined ("no engine installed"). */
  recognizerFor(language: LanguageCode): SpeechRecognizer | undefined;
  /** Best installed translator for the directed pair, or undefined (use the phrasebook). */
  translatorFor(from: LanguageCode, to: LanguageCode): Translator | undefined;
  /** Languages some recognizer serves / pairs some translator serves. */
  recognizedLanguages(): LanguageCode[];
  close(): Promise<void>;
}

export function defaultModelsDir(): string {
  return resolve(process.env.LOTSE_MODELS_DIR ?? 'models');
}

export function createSpeechEngines(options: SpeechEnginesOptions = {}): SpeechEngines {
  const modelsDir = resolve(options.modelsDir ?? defaultModelsDir());
  const whisper = new WhisperRecognizer({ ...options.whisper, modelsDir, modelFile: options.whisperModel });
  const recognizers: SpeechRecognizer[] = [whisper, new PocketSphinxRecognizer(options.pocketsphinx)];
  const translators: Translator[] = [new TransformersTranslator({ modelsDir }), new ApertiumTranslator(options.apertium)];

  if (options.warmUp ?? whisper.status().installed) {
    // Failures land in whisper.status().detail; recognition then falls back where it can.
    whisper.warmUp().catch(() => undefined);
  }

  return {
    modelsDir,
    recognizers,
    translators,
    status: () => [...recognizers, ...translators].map((e) => e.status()),
    recognizerFor: (language) => recognizers.find((r) => r.supports(language)),
    translatorFor: (from, to) =>
      baseLanguage(from) === baseLanguage(to) ? undefined : translators.find((t) => t.supports(from, to)),
    recognizedLanguages: () => [...new Set(recognizers.flatMap((r) => r.status().languages))],
    close: async () => {
      await Promise.all([...recognizers, ...translators].map((e) => e.close()));
    },
  };
}
