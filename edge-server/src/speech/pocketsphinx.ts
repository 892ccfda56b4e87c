// PocketSphinx (Debian `pocketsphinx` 0.8+5prealpha, binary `pocketsphinx_continuous`), English only.
// The final pass streams PCM into one process per utterance (stdin, never a file), so at end()
// only the tail of decoding remains. That CLI prints text only at end of input, so partials come
// from re-running recognition on the audio so far, at most one run at a time and at most every
// partialIntervalMs: honest, and bounded in CPU.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PcmBuffer, pcmBytes, pcmMs } from './audio.ts';
import { PartialReruns } from './partials.ts';
import { runProcess, spawnWithPipeStdin, which } from './proc.ts';
import {
  baseLanguage,
  SpeechEngineError,
  type EngineStatus,
  type FinalSegment,
  type LanguageCode,
  type PartialSegment,
  type RecognitionStream,
  type SpeechRecognizer,
} from './types.ts';

export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export interface PocketSphinxOptions {
  binary?: string;
  modelDir?: string;
  /** Minimum time between partial re-runs; 0 disables partials. */
  partialIntervalMs?: number;
  /** Upper bound for the final pass after end(). */
  timeoutMs?: number;
}

export class PocketSphinxRecognizer implements SpeechRecognizer {
  readonly id = 'pocketsphinx';
  readonly binary: string | undefined;
  private readonly modelDir: string;
  readonly partialIntervalMs: number;
  readonly timeoutMs: number;
  private readonly streams = new Set<PocketSphinxStream>();

  constructor(options: PocketSphinxOptions = {}) {
    this.binary = which(options.binary ?? 'pocketsphinx_continuous');
    this.modelDir = options.modelDir ?? POCKETSPHINX_MODEL_DIR;
    this.partialIntervalMs = options.partialIntervalMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private missingModelFiles(): string[] {
    return ['en-us', 'en-us.lm.bin', 'cmudict-en-us.dict']
      .map((f) => join(this.modelDir, f))
      .filter((f) => !existsSync(f));
  }

  status(): EngineStatus {
    const missing = this.missingModelFiles();
    const installed = this.binary !== undefined && missing.length === 0;
    const detail = !this.binary
      ? 'pocketsphinx_continuous not found (Debian: apt install pocketsphinx pocketsphinx-en-us)'
      : missing.length > 0
        ? `model files missing: ${missing.join(', ')} (Debian: apt install pocketsphinx-en-us)`
        : `${this.binary} with ${this.modelDir}; English only, low accuracy`;
    return { id: this.id, kind: 'asr', installed, languages: installed ? ['en'] : [], pairs: [], detail };
  }

  supports(language: LanguageCode): boolean {
    return baseLanguage(language) === 'en' && this.status().installed;
  }

  /** CLI arguments reading raw PCM16 16 kHz from stdin. */
  args(): string[] {
    const m = this.modelDir;
    return [
      '-infile', '/dev/stdin',
      '-hmm', join(m, 'en-us'),
      '-lm', join(m, 'en-us.lm.bin'),
      '-dict', join(m, 'cmudict-en-us.dict'),
      '-logfn', '/dev/null',
    ];
  }

  startStream(language: LanguageCode): RecognitionStream {
    if (!this.binary || !this.supports(language)) {
      throw new SpeechEngineError('unsupported_language', `pocketsphinx does not recognise '${language}' here`, this.id);
    }
    const stream = new PocketSphinxStream(this, this.binary, language, () => this.streams.delete(stream));
    this.streams.add(stream);
    return stream;
  }

  async close(): Promise<void> {
    for (const s of [...this.streams]) s.abort();
  }
}

/** Joins the CLI's one-line-per-speech-segment output. */
function hypothesis(stdout: string): string {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
}

class PocketSphinxStream implements RecognitionStream {
  onPartial: ((partial: PartialSegment) => void) | undefined;
  private readonly pcm: PcmBuffer;
  private readonly child: ChildProcessWithoutNullStreams;
  private stdout = '';
  private stderr = '';
  private exit: Promise<number | null>;
  private state: 'open' | 'ending' | 'done' = 'open';
  private readonly partials: PartialReruns;

  constructor(
    private readonly engine: PocketSphinxRecognizer,
    binary: string,
    readonly language: LanguageCode,
    private readonly onDone: () => void,
  ) {
    this.pcm = new PcmBuffer(engine.id);
    this.child = spawnWithPipeStdin(binary, engine.args());
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (s: string) => (this.stdout += s));
    this.child.stderr.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-2048)));
    this.child.stdin.on('error', () => undefined); // EPIPE if it died; reported at end()
    this.exit = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.stderr += err.message;
        resolve(null);
      });
      this.child.on('close', (code) => resolve(code));
    });
    this.partials = new PartialReruns(engine.partialIntervalMs, {
      pcm: this.pcm,
      isOpen: () => this.state === 'open',
      listener: () => this.onPartial,
      // Only when at least 0.3 s of new audio arrived.
      ready: (samples, lastSamples) => samples - lastSamples >= 4800,
      recognize: async (signal) => {
        const audio = pcmBytes(this.pcm.all());
        const { stdout } = await runProcess(engine.id, binary, engine.args(), audio, engine.timeoutMs, signal);
        return hypothesis(stdout);
      },
    });
  }

  push(pcm: Int16Array): void {
    if (this.state !== 'open') throw new SpeechEngineError('closed', 'stream already ended', this.engine.id);
    this.pcm.push(pcm);
    this.child.stdin.write(pcmBytes(pcm));
  }

  async end(): Promise<FinalSegment> {
    if (this.state !== 'open') throw new SpeechEngineError('closed', 'stream already ended', this.engine.id);
    this.state = 'ending';
    this.partials.stop();
    const started = performance.now();
    this.child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.engine.timeoutMs);
    });
    try {
      const code = await Promise.race([this.exit, timeout]);
      if (code === 'timeout') {
        this.child.kill('SIGKILL');
        throw new SpeechEngineError('timeout', `pocketsphinx took longer than ${this.engine.timeoutMs} ms`, this.engine.id);
      }
      if (code !== 0) {
        throw new SpeechEngineError('engine_failed', `pocketsphinx exited with ${code}: ${this.stderr.trim()}`, this.engine.id);
      }
      const text = hypothesis(this.stdout);
      const audioMs = pcmMs(this.pcm.samples);
      return {
        text,
        audioMs,
        engineMs: Math.round(performance.now() - started),
        engine: this.engine.id,
        segments: text ? [{ text, startMs: 0, endMs: audioMs }] : [],
      };
    } finally {
      clearTimeout(timer);
      this.state = 'done';
      this.onDone();
    }
  }

  abort(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.partials.stop();
    this.child.kill('SIGKILL');
    this.onDone();
  }
}
