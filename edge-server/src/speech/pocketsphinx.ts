// PocketSphinx (Debian libpocketsphinx.so.3, 0.8+5prealpha) for English, streaming: each live stream leases a
// long-lived decoder process (a crash there ends that process, not the server) whose decoder loaded the model once
// and decodes frames as they arrive. Partials are the same decoder's running hypothesis; at end() only the
// utterance's final passes remain. Default decoder settings.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { POCKETSPHINX_LIBRARY } from './pocketsphinxDecoder.ts';
import { DecoderPool, type Lease, type ReadyInfo } from './pocketsphinxPool.ts';
import { engineNice } from './proc.ts';
import { MachineLoad } from './machineLoad.ts';
import { RealtimeGuard } from './realtimeGuard.ts';
import {
  baseLanguage,
  MAX_UTTERANCE_SECONDS,
  SAMPLE_RATE,
  SpeechEngineError,
  type EngineCapacity,
  type EngineStatus,
  type FinalSegment,
  type EngineLanguage,
  type PartialSegment,
  type RecognitionStream,
  type SpeechRecognizer,
} from './types.ts';

export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
/** CPU-s per second of speech with default settings, measured here 2026-11: the figure used until start-up measures. */
const ASSUMED_COST = 0.6;
/** Served utterances that replace the start-up figure, newest first. */
const COST_SAMPLES = 20;
/** How often the CPU used by everything but the decoders is read. */
const LOAD_EVERY_MS = 2000;
/** Decoders kept loaded beyond those in use (up to capacity): two counters that start speaking at once wait for none. */
const SPARE_DECODERS = 2;

export interface PocketSphinxOptions {
  library?: string;
  modelDir?: string;
  /** Extra decoder arguments; none by default (default settings, the accuracy the tests and WER figures assume). */
  extraArgs?: string[];
  /** Audio time between partial hypotheses; default 300 ms. */
  partialEveryMs?: number;
  /** Deadline for the final after end(). */
  timeoutMs?: number;
  /** Live streams (one decoder process each); default LOTSE_ASR_STREAMS, else measured at start-up. */
  streams?: number;
  /**
   * CPU cores kept free for the server when sizing from the measurement; default LOTSE_ASR_RESERVE_CORES, else 0.1.
   * Small, because the workers run below the server's priority: the server takes what it needs first.
   */
  reserveCores?: number;
  /** Nice value of the decoder processes; default LOTSE_ENGINE_NICE, else 10 (the server runs at 0). */
  nice?: number;
  /** Seconds of the generated signal the first worker decodes to measure the cost; default 3. */
  calibrateSeconds?: number;
  /** Lowers admission when a stream falls behind real time (injectable clock for tests). */
  guard?: RealtimeGuard;
  /** CPU used by everything but the decoders; read from /proc every 2 s once the engine is in use. */
  load?: MachineLoad;
}

function configuredStreams(option: number | undefined): number | undefined {
  const raw = option ?? Number(process.env.LOTSE_ASR_STREAMS);
  return Number.isInteger(raw) && raw > 0 ? raw : undefined;
}

function libraryLoads(library: string): string | undefined {
  try {
    koffi.load(library);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export class PocketSphinxRecognizer implements SpeechRecognizer {
  readonly id = 'pocketsphinx';
  readonly timeoutMs: number;
  private readonly modelDir: string;
  private readonly libraryError: string | undefined;
  private readonly configured: number | undefined;
  private readonly reserveCores: number;
  private readonly calibrateSeconds: number;
  private readonly pool: DecoderPool;
  private readonly streams = new Set<PocketSphinxStream>();
  /** CPU-s per speech second: from the start-up signal, then from served utterances. */
  private startupCost: number | undefined;
  private readonly servedCosts: number[] = [];
  /** What the workers reported when they became ready (load time, nice value, calibration). */
  readonly readyReports: ReadyInfo[] = [];
  private readonly readyWaiters: Array<() => void> = [];
  /** Admission below the estimate while streams fall behind real time on this machine as it is loaded now. */
  readonly guard: RealtimeGuard;
  readonly load: MachineLoad;
  private loadTimer: NodeJS.Timeout | undefined;
  private nextStream = 1;
  private poolLimit = 0;

  constructor(options: PocketSphinxOptions = {}) {
    const library = options.library ?? POCKETSPHINX_LIBRARY;
    this.libraryError = libraryLoads(library);
    this.modelDir = options.modelDir ?? POCKETSPHINX_MODEL_DIR;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.configured = configuredStreams(options.streams);
    const reserve = options.reserveCores ?? Number(process.env.LOTSE_ASR_RESERVE_CORES || 0.1);
    this.reserveCores = Number.isFinite(reserve) && reserve >= 0 ? reserve : 0.1;
    this.calibrateSeconds = options.calibrateSeconds ?? 3;
    this.guard = options.guard ?? new RealtimeGuard();
    this.load = options.load ?? new MachineLoad(availableParallelism());
    this.pool = new DecoderPool(
      {
        modelDir: this.modelDir,
        extraArgs: options.extraArgs ?? [],
        library,
        nice: engineNice(options.nice),
        partialEveryMs: options.partialEveryMs ?? 300,
        calibrateSeconds: 0,
      },
      (info) => this.onWorkerEvent(info),
    );
  }

  private missingModelFiles(): string[] {
    return ['en-us', 'en-us.lm.bin', 'cmudict-en-us.dict']
      .map((f) => join(this.modelDir, f))
      .filter((f) => !existsSync(f));
  }

  status(): EngineStatus {
    const missing = this.missingModelFiles();
    const failed = this.pool.lastError;
    const installed = !this.libraryError && missing.length === 0 && !failed;
    const detail = this.libraryError
      ? `libpocketsphinx not found (Debian: apt install libpocketsphinx3 pocketsphinx-en-us): ${this.libraryError}`
      : missing.length > 0
        ? `model files missing: ${missing.join(', ')} (Debian: apt install pocketsphinx-en-us)`
        : failed
          ? `model failed to load: ${failed}`
          : `libpocketsphinx streaming decoder with ${this.modelDir}; English only, low accuracy`;
    return { id: this.id, kind: 'asr', installed, languages: installed ? ['en'] : [], pairs: [], detail };
  }

  supports(language: EngineLanguage): boolean {
    return baseLanguage(language) === 'en' && this.status().installed;
  }

  capacity(): EngineCapacity {
    const estimate = this.estimate();
    const streams = this.guard.limit(estimate.streams);
    if (streams >= estimate.streams) return estimate;
    return { streams, basis: `lowered from ${estimate.streams}: a stream fell behind real time (${estimate.basis})` };
  }

  /** Streams this machine should serve: configured, or from the measured cost. Decoder processes never exceed it. */
  private estimate(): EngineCapacity {
    if (!this.status().installed) return { streams: 0, basis: 'not installed' };
    if (this.configured) return { streams: this.configured, basis: `configured (LOTSE_ASR_STREAMS=${this.configured})` };
    const cores = availableParallelism();
    // The server, Apertium and whatever else runs here take their CPU first (the decoders run below them).
    const others = this.load.othersPeak();
    const kept = Math.max(this.reserveCores, others ?? 0);
    const usable = Math.max(0, cores - kept);
    const served = this.servedCosts.length >= 3 ? this.servedCosts.reduce((a, b) => a + b, 0) / this.servedCosts.length : undefined;
    const cost = served ?? this.startupCost ?? ASSUMED_COST;
    const streams = Math.max(1, Math.floor(usable / cost + 1e-9));
    const keptFor = others !== undefined && others > this.reserveCores ? 'the server and other work (peak of the last 30 s)' : 'the server';
    const share = `${cost.toFixed(2)} CPU-s per second of speech, ${cores} cores with ${kept.toFixed(2)} kept for ${keptFor}`;
    const basis =
      served !== undefined
        ? `measured on ${this.servedCosts.length} utterances served: ${share}`
        : this.startupCost !== undefined
          ? `measured at start-up on a generated signal: ${share}`
          : `assumed until the start-up measurement ends: ${share}`;
    return { streams, basis };
  }

  /** Loads the first decoder and measures its cost (without a configured capacity), so the first stream need not wait. */
  private watchLoad(): void {
    if (this.loadTimer || this.configured) return;
    this.load.sample(this.pool.pids());
    this.loadTimer = setInterval(() => this.load.sample(this.pool.pids()), LOAD_EVERY_MS);
    this.loadTimer.unref();
  }

  warmUp(): Promise<void> {
    if (!this.status().installed) return Promise.resolve();
    this.watchLoad();
    if (this.pool.readyCount > 0) return Promise.resolve();
    const ready = new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    if (this.pool.size === 0) this.pool.grow(1, this.configured ? 0 : this.calibrateSeconds);
    return ready;
  }

  private onWorkerEvent(info: ReadyInfo | undefined): void {
    if (info) {
      this.readyReports.push(info);
      const c = info.calibration;
      if (c && c.audioMs > 0) this.startupCost = c.cpuMs / c.audioMs;
    }
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  /** Called with every final: utterances of real speech refine the cost figure. */
  recordServed(audioMs: number, cpuMs: number | undefined, text: string): void {
    if (cpuMs === undefined || audioMs < 1000 || !text) return;
    this.servedCosts.unshift(cpuMs / audioMs);
    this.servedCosts.length = Math.min(this.servedCosts.length, COST_SAMPLES);
  }

  /** Streams decoding now, and decoder processes alive (loading or ready). */
  usage(): { streams: number; workers: number } {
    return { streams: this.streams.size, workers: this.pool.size };
  }

  /** Process ids of the decoders alive, for reports and tests. */
  decoderPids(): number[] {
    return this.pool.pids();
  }

  startStream(language: EngineLanguage): RecognitionStream {
    if (!this.supports(language)) {
      throw new SpeechEngineError('unsupported_language', `pocketsphinx does not recognise '${language}' here`, this.id);
    }
    this.watchLoad();
    // Sessions admitted keep their decoder when admission drops (guard, load): the pool takes the highest estimate.
    this.poolLimit = Math.max(this.poolLimit, this.estimate().streams);
    const streams = this.poolLimit;
    const key = `s${this.nextStream++}`;
    const stream = new PocketSphinxStream(this, language, (lagMs) => this.guard.report(key, lagMs, this.streams.size), () => {
      this.streams.delete(stream);
      this.guard.drop(key);
    });
    const lease = this.pool.acquire(streams, stream.handlers);
    if (!lease) throw new SpeechEngineError('busy', `pocketsphinx serves ${streams} live streams at once; all are in use`, this.id);
    stream.attach(lease);
    this.streams.add(stream);
    this.pool.keepSpare(streams, SPARE_DECODERS);
    return stream;
  }

  async close(): Promise<void> {
    clearInterval(this.loadTimer);
    this.loadTimer = undefined;
    for (const s of [...this.streams]) s.abort();
    await this.pool.close();
  }
}

const MAX_SAMPLES = MAX_UTTERANCE_SECONDS * SAMPLE_RATE;

class PocketSphinxStream implements RecognitionStream {
  onPartial: ((partial: PartialSegment) => void) | undefined;
  private lease: Lease | undefined;
  private samples = 0;
  private state: 'open' | 'ending' | 'done' = 'open';
  private failure: SpeechEngineError | undefined;
  private settle: { resolve: (f: FinalSegment) => void; reject: (e: Error) => void } | undefined;
  private endedAt = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Audio the decoder has confirmed decoding. */
  private decodedMs = 0;
  private firstPushAt = 0;

  constructor(
    private readonly engine: PocketSphinxRecognizer,
    readonly language: EngineLanguage,
    /** Audio sent but not yet decoded, in ms: how far this stream is behind real time. */
    private readonly onLag: (lagMs: number) => void,
    private readonly onDone: () => void,
  ) {}

  readonly handlers = {
    partial: (text: string, audioMs: number) => {
      if (this.state === 'open') this.onPartial?.({ text, audioMs });
    },
    progress: (audioMs: number) => {
      this.decodedMs = audioMs;
      if (this.state === 'open') this.onLag(this.lagMs());
    },
    final: (text: string, audioMs: number, cpuMs: number | undefined) => {
      this.engine.recordServed(audioMs, cpuMs, text);
      const segments = text ? [{ text, startMs: 0, endMs: audioMs }] : [];
      this.finish()?.resolve({ text, audioMs, engineMs: Math.round(performance.now() - this.endedAt), engine: this.engine.id, segments });
    },
    failed: (code: 'engine_failed' | 'engine_crashed', message: string) => {
      const error = new SpeechEngineError(code, message, this.engine.id);
      if (this.settle) this.finish()?.reject(error);
      else if (this.state === 'open') {
        // Reported at end(); the stream holds no decoder any more.
        this.failure = error;
        this.lease = undefined;
        this.onDone();
      }
    },
  };

  attach(lease: Lease): void {
    this.lease = lease;
  }

  push(pcm: Int16Array): void {
    if (this.state !== 'open') throw new SpeechEngineError('closed', 'stream already ended', this.engine.id);
    if (this.samples + pcm.length > MAX_SAMPLES) {
      throw new SpeechEngineError('too_long', `utterance longer than ${MAX_UTTERANCE_SECONDS} s`, this.engine.id);
    }
    if (this.samples === 0) this.firstPushAt = performance.now();
    this.samples += pcm.length;
    // Checked here too: a decoder starved of CPU sends no progress at all.
    this.onLag(this.lagMs());
    // Just these samples: socket frames are views into larger buffers, and IPC would send the whole buffer.
    this.lease?.post({ t: 'audio', id: this.lease.id, pcm: pcm.slice() });
  }

  private lagMs(): number {
    // A decoder still loading its model holds audio for that reason alone: not a sign of an overloaded machine.
    if (!this.lease?.warm) return 0;
    // Audio that arrived faster than real time (a test, a client catching up) is not owed yet.
    const dueMs = Math.min((this.samples * 1000) / SAMPLE_RATE, performance.now() - this.firstPushAt);
    return dueMs - this.decodedMs;
  }

  end(): Promise<FinalSegment> {
    if (this.state !== 'open') return Promise.reject(new SpeechEngineError('closed', 'stream already ended', this.engine.id));
    this.state = 'ending';
    this.endedAt = performance.now();
    if (this.failure || !this.lease) {
      this.state = 'done';
      return Promise.reject(this.failure ?? new SpeechEngineError('engine_failed', 'pocketsphinx lost its decoder', this.engine.id));
    }
    const lease = this.lease;
    return new Promise<FinalSegment>((resolve, reject) => {
      this.settle = { resolve, reject };
      this.timer = setTimeout(() => {
        const error = new SpeechEngineError('timeout', `pocketsphinx took longer than ${this.engine.timeoutMs} ms`, this.engine.id);
        this.finish()?.reject(error);
        lease.kill(error.message);
      }, this.engine.timeoutMs);
      lease.post({ t: 'end', id: lease.id });
    });
  }

  /** Settles once: clears the deadline, frees the decoder slot. */
  private finish(): PocketSphinxStream['settle'] {
    const settle = this.settle;
    if (!settle || this.state === 'done') return undefined;
    this.state = 'done';
    clearTimeout(this.timer);
    this.settle = undefined;
    this.lease = undefined;
    this.onDone();
    return settle;
  }

  abort(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    clearTimeout(this.timer);
    const lease = this.lease;
    this.lease = undefined;
    if (lease) {
      lease.post({ t: 'abort', id: lease.id });
      lease.release();
    }
    this.settle?.reject(new SpeechEngineError('closed', 'stream aborted', this.engine.id));
    this.settle = undefined;
    this.onDone();
  }
}
