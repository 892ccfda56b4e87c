// SpeechRecognizer over whisper.cpp (GGML model in LOTSE_MODELS_DIR), run in a supervised child.
// whisper.cpp is not streaming: partials re-run the audio so far. Every run goes through the engine's scheduler,
// so finals go first, each stream has at most one partial waiting, and a full queue refuses instead of piling up.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PcmBuffer, pcmMs } from '../audio.ts';
import { PartialReruns } from '../partials.ts';
import { EngineScheduler, type SchedulerOptions } from '../scheduler.ts';
import {
  baseLanguage,
  SpeechEngineError,
  type EngineCapacity,
  type EngineStatus,
  type FinalSegment,
  type EngineLanguage,
  type PartialSegment,
  type RecognitionStream,
  type SpeechRecognizer,
} from '../types.ts';
import { RecognizerSupervisor, type SupervisorOptions } from './supervisor.ts';

/** Languages of the multilingual Whisper models (whisper.cpp g_lang order). */
export const WHISPER_LANGUAGES = (
  'en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr bg lt la mi ml ' +
  'cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn yo so af oc ka be tg sd gu am ' +
  'yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su yue'
).split(' ');

export const DEFAULT_WHISPER_MODEL = 'ggml-small.bin';

export interface WhisperRecognizerOptions {
  modelsDir: string;
  /** File name inside modelsDir; default LOTSE_WHISPER_MODEL or ggml-small.bin. */
  modelFile?: string;
  partialIntervalMs?: number;
  /** Live streams admitted at once; default LOTSE_WHISPER_STREAMS or 1 per worker. */
  streams?: number;
  supervisor?: Omit<SupervisorOptions, 'modelPath'>;
  /** Queue bound and deadlines of the worker's scheduler (one run at a time: the worker uses every thread). */
  scheduler?: Omit<SchedulerOptions, 'engine' | 'concurrency'>;
}

export class WhisperRecognizer implements SpeechRecognizer {
  readonly id = 'whisper';
  readonly modelPath: string;
  readonly supervisor: RecognizerSupervisor;
  readonly partialIntervalMs: number;
  readonly scheduler: EngineScheduler;
  private readonly englishOnly: boolean;
  private readonly streams = new Set<WhisperStream>();
  private readonly streamCapacity: EngineCapacity;

  constructor(options: WhisperRecognizerOptions) {
    const file = options.modelFile ?? process.env.LOTSE_WHISPER_MODEL ?? DEFAULT_WHISPER_MODEL;
    this.modelPath = join(options.modelsDir, file);
    // ggml-*.en.bin models are English-only.
    this.englishOnly = /\.en[.-]/.test(file);
    // Each partial is a whole whisper run: on a small box fewer partials serve more counters (0 turns them off).
    const fromEnv = process.env.LOTSE_WHISPER_PARTIAL_MS === undefined ? Number.NaN : Number(process.env.LOTSE_WHISPER_PARTIAL_MS);
    this.partialIntervalMs = options.partialIntervalMs ?? (Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : 1500);
    this.supervisor = new RecognizerSupervisor({ ...options.supervisor, modelPath: this.modelPath });
    this.streamCapacity = whisperCapacity(options.streams);
    this.scheduler = new EngineScheduler({ engine: this.id, maxQueue: 8, ...options.scheduler, concurrency: 1 });
  }

  private modelPresent(): boolean {
    return existsSync(this.modelPath) && statSync(this.modelPath).isFile();
  }

  status(): EngineStatus {
    const present = this.modelPresent();
    const failed = this.supervisor.state === 'failed' || this.supervisor.state === 'closed';
    const installed = present && !failed;
    const languages = installed ? (this.englishOnly ? ['en'] : [...WHISPER_LANGUAGES]) : [];
    let detail: string;
    if (!present) {
      detail = `no whisper model at ${this.modelPath} (install one: npm run models -- install whisper-small)`;
    } else if (this.supervisor.lastError) {
      detail = `${this.modelPath}: ${this.supervisor.lastError}`;
    } else {
      detail = `whisper.cpp with ${this.modelPath} (${this.supervisor.state}, ${this.supervisor.restarts} restarts)`;
    }
    return { id: this.id, kind: 'asr', installed, languages, pairs: [], detail };
  }

  capacity(): EngineCapacity {
    return this.streamCapacity;
  }

  supports(language: EngineLanguage): boolean {
    return this.status().languages.includes(baseLanguage(language));
  }

  /** Loads the model in the child now, so the first utterance does not pay for it. */
  warmUp(): Promise<void> {
    if (!this.modelPresent()) {
      return Promise.reject(new SpeechEngineError('not_installed', `no whisper model at ${this.modelPath}`, this.id));
    }
    return this.supervisor.ensureStarted();
  }

  /** One-shot recognition of a complete utterance. */
  async recognize(pcm: Int16Array, language: EngineLanguage): Promise<FinalSegment> {
    const stream = this.startStream(language);
    stream.push(pcm);
    return stream.end();
  }

  startStream(language: EngineLanguage): RecognitionStream {
    if (!this.modelPresent()) {
      throw new SpeechEngineError('not_installed', `no whisper model at ${this.modelPath}`, this.id);
    }
    const lang = baseLanguage(language);
    if (!(this.englishOnly ? ['en'] : WHISPER_LANGUAGES).includes(lang)) {
      throw new SpeechEngineError('unsupported_language', `whisper does not recognise '${language}'`, this.id);
    }
    const stream = new WhisperStream(this, lang, () => this.streams.delete(stream));
    this.streams.add(stream);
    return stream;
  }

  /** Runs the worker through the scheduler: a final waits only for the run in flight, never for partials. */
  run(kind: 'final' | 'partial', streamId: string, pcm: Int16Array, language: EngineLanguage) {
    return this.scheduler.run({ kind, streamId }, () => this.supervisor.recognize(pcm, language));
  }

  async close(): Promise<void> {
    for (const s of [...this.streams]) s.abort();
    this.scheduler.close();
    await this.supervisor.close();
  }
}

function whisperCapacity(configured: number | undefined): EngineCapacity {
  if (configured !== undefined) return { streams: configured, basis: 'configured (option streams)' };
  const fromEnv = Number(process.env.LOTSE_WHISPER_STREAMS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return { streams: fromEnv, basis: 'configured (LOTSE_WHISPER_STREAMS)' };
  // One worker re-runs whole utterances: it keeps up with one live speaker; more is a sizing decision.
  return { streams: 1, basis: 'default: 1 stream per whisper worker (set LOTSE_WHISPER_STREAMS after measuring)' };
}

let nextStreamId = 1;

class WhisperStream implements RecognitionStream {
  private readonly id = `whisper-${nextStreamId++}`;
  onPartial: ((partial: PartialSegment) => void) | undefined;
  private readonly pcm: PcmBuffer;
  private state: 'open' | 'ending' | 'done' = 'open';
  private readonly partials: PartialReruns;

  constructor(
    private readonly engine: WhisperRecognizer,
    readonly language: EngineLanguage,
    private readonly onDone: () => void,
  ) {
    this.pcm = new PcmBuffer(engine.id);
    this.partials = new PartialReruns(engine.partialIntervalMs, {
      pcm: this.pcm,
      isOpen: () => this.state === 'open',
      listener: () => this.onPartial,
      // whisper.cpp wants >= 1 s; ask only when there is new audio.
      ready: (samples, lastSamples) => samples >= 16_000 && samples - lastSamples >= 8_000,
      recognize: async () => (await engine.run('partial', this.id, this.pcm.all(), this.language)).text,
    });
  }

  push(pcm: Int16Array): void {
    if (this.state !== 'open') throw new SpeechEngineError('closed', 'stream already ended', this.engine.id);
    this.pcm.push(pcm);
  }

  async end(): Promise<FinalSegment> {
    if (this.state !== 'open') throw new SpeechEngineError('closed', 'stream already ended', this.engine.id);
    this.state = 'ending';
    this.partials.stop();
    this.engine.scheduler.dropPartials(this.id);
    const started = performance.now();
    try {
      const result = await this.engine.run('final', this.id, this.pcm.all(), this.language);
      return {
        text: result.text,
        audioMs: pcmMs(this.pcm.samples),
        engineMs: Math.round(performance.now() - started),
        engine: this.engine.id,
        segments: result.segments.filter((s) => s.text.length > 0),
      };
    } finally {
      this.state = 'done';
      this.onDone();
    }
  }

  abort(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.partials.stop();
    this.engine.scheduler.dropPartials(this.id);
    this.onDone();
  }
}
