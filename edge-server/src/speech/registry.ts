// One place that creates the engines once, reports their status and picks the best per language.
// Order of preference: production engines (whisper.cpp, transformers.js) when their models are
// installed, then the Debian engines (PocketSphinx for English, Apertium for its pairs).
import { resolve } from 'node:path';
import { ApertiumTranslator, type ApertiumOptions } from './apertium.ts';
import { PocketSphinxRecognizer, type PocketSphinxOptions } from './pocketsphinx.ts';
import { TransformersTranslator } from './transformers.ts';
import { StreamAdmission } from './admission.ts';
import { EngineScheduler, type SchedulerOptions } from './scheduler.ts';
import { baseLanguage, type EngineStatus, type EngineLanguage, type SpeechRecognizer, type Translator } from './types.ts';
import { WhisperRecognizer, type WhisperRecognizerOptions } from './whisper/recognizer.ts';

export interface SpeechEnginesOptions {
  /** Default: LOTSE_MODELS_DIR, else ./models. */
  modelsDir?: string;
  /** File name of the GGML model in modelsDir (default LOTSE_WHISPER_MODEL or ggml-small.bin). */
  whisperModel?: string;
  /**
   * Load models right away. true (the server's start): every installed engine, so the first stream need not wait
   * and PocketSphinx measures its capacity; default: only whisper, when its file exists; false: none.
   */
  warmUp?: boolean;
  whisper?: Omit<WhisperRecognizerOptions, 'modelsDir' | 'modelFile'>;
  pocketsphinx?: PocketSphinxOptions;
  apertium?: ApertiumOptions;
  /** Translation requests: pool, queue bound and deadline per translator. */
  translation?: Omit<SchedulerOptions, 'engine'>;
}

export interface SpeechEngines {
  readonly modelsDir: string;
  readonly recognizers: readonly SpeechRecognizer[];
  /** Each translator behind its own scheduler (bounded queue, deadline). */
  readonly translators: readonly Translator[];
  /** Live streams per recognizer: who holds a slot, who waits, refusals today. */
  readonly admission: StreamAdmission;
  /** Every engine, installed or not, with streams (ASR) and queue (MT), for the admin page. */
  status(): EngineStatus[];
  /** Best installed recognizer for the language, or undefined ("no engine installed"). */
  recognizerFor(language: EngineLanguage): SpeechRecognizer | undefined;
  /** Best installed translator for the directed pair, or undefined (use the phrasebook). */
  translatorFor(from: EngineLanguage, to: EngineLanguage): Translator | undefined;
  /** Languages some recognizer serves / pairs some translator serves. */
  recognizedLanguages(): EngineLanguage[];
  /** Translation models in memory now (ids relative to mt/), and 'whisper' while its model is installed. */
  loadedModels(): string[];
  /** After an install or removal: the translator looks at its folder again (whisper needs a restart). */
  refreshModels(): Promise<void>;
  close(): Promise<void>;
}

/** A line is short: translations queue deeper than recognition, and a late one is still worth having. */
const TRANSLATION_QUEUE = { maxQueue: 32, deadlineMs: { final: 10_000 } };

export function defaultModelsDir(): string {
  return resolve(process.env.LOTSE_MODELS_DIR ?? 'models');
}

export function createSpeechEngines(options: SpeechEnginesOptions = {}): SpeechEngines {
  const modelsDir = resolve(options.modelsDir ?? defaultModelsDir());
  const whisper = new WhisperRecognizer({ ...options.whisper, modelsDir, modelFile: options.whisperModel });
  const pocketsphinx = new PocketSphinxRecognizer(options.pocketsphinx);
  const recognizers: SpeechRecognizer[] = [whisper, pocketsphinx];
  const transformers = new TransformersTranslator({ modelsDir });
  const bare: Translator[] = [transformers, new ApertiumTranslator(options.apertium)];
  const schedulers = new Map(bare.map((t) => [t.id, new EngineScheduler({ engine: t.id, ...TRANSLATION_QUEUE, ...options.translation })]));
  const translators = bare.map((t) => scheduledTranslator(t, schedulers.get(t.id)!));
  const admission = new StreamAdmission();

  if (options.warmUp ?? whisper.status().installed) {
    // Failures land in whisper.status().detail; recognition then falls back where it can.
    whisper.warmUp().catch(() => undefined);
  }
  // Opt-in only: it starts a decoder process, which tests that merely build engines should not pay for.
  if (options.warmUp === true) void pocketsphinx.warmUp();

  return {
    modelsDir,
    recognizers,
    translators,
    admission,
    status: () => [
      ...admission.status(recognizers).map((a, i) => ({
        ...recognizers[i]!.status(),
        streams: { capacity: a.capacity.streams, basis: a.capacity.basis, inUse: a.inUse, waiting: a.waiting, refusedToday: a.refusedToday },
      })),
      ...translators.map((t) => ({ ...t.status(), queue: schedulers.get(t.id)!.stats() })),
    ],
    recognizerFor: (language) => recognizers.find((r) => r.supports(language)),
    translatorFor: (from, to) => translatorFor(translators, from, to),
    recognizedLanguages: () => [...new Set(recognizers.flatMap((r) => r.status().languages))],
    loadedModels: () => [...transformers.loadedModels(), ...(whisper.status().installed ? ['whisper'] : [])],
    refreshModels: () => transformers.refresh(),
    close: async () => {
      for (const scheduler of schedulers.values()) scheduler.close();
      await Promise.all([...recognizers, ...translators].map((e) => e.close()));
    },
  };
}

/** The language a missing pair is bridged through (the one nearly every model family pairs with). */
export const PIVOT_LANGUAGE = 'en';

/** Direct pair first; else through English, labelled so in the line's engine ("… via English"). */
export function translatorFor(translators: readonly Translator[], from: EngineLanguage, to: EngineLanguage): Translator | undefined {
  if (baseLanguage(from) === baseLanguage(to)) return undefined;
  const direct = translators.find((t) => t.supports(from, to));
  if (direct || baseLanguage(from) === PIVOT_LANGUAGE || baseLanguage(to) === PIVOT_LANGUAGE) return direct;
  const first = translators.find((t) => t.supports(from, PIVOT_LANGUAGE));
  const second = translators.find((t) => t.supports(PIVOT_LANGUAGE, to));
  return first && second ? pivotTranslator(first, second) : undefined;
}

function pivotTranslator(first: Translator, second: Translator): Translator {
  const engines = first.id === second.id ? first.id : `${first.id}+${second.id}`;
  return {
    id: `${engines} via English`,
    status: () => first.status(),
    supports: (from, to) => first.supports(from, PIVOT_LANGUAGE) && second.supports(PIVOT_LANGUAGE, to),
    translate: async (text, from, to) => second.translate(await first.translate(text, from, PIVOT_LANGUAGE), PIVOT_LANGUAGE, to),
    close: async () => undefined,
  };
}

/** A translator whose requests wait in its scheduler: bounded queue, one deadline, refused plainly when full. */
function scheduledTranslator(translator: Translator, scheduler: EngineScheduler): Translator {
  return {
    id: translator.id,
    status: () => translator.status(),
    supports: (from, to) => translator.supports(from, to),
    translate: (text, from, to) => scheduler.run({ kind: 'final', streamId: `${from}>${to}` }, () => translator.translate(text, from, to)),
    close: () => translator.close(),
  };
}
