// Runs the whisper.cpp worker in a child process and keeps the edge server alive whatever it does:
// a crash rejects the in-flight request with a clear error and the child is restarted with backoff. The order of
// requests is the recognizer's EngineScheduler's (finals first, one partial per stream): it hands over one at a time.
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { engineNice } from '../proc.ts';
import { SpeechEngineError } from '../types.ts';
import { isFromWorker, type FromWorker, type ToWorker, type WorkerSegment } from './protocol.ts';

export interface SupervisorOptions {
  modelPath: string;
  /** Never above the core count: oversubscription made whisper.cpp 100x slower here. */
  threads?: number;
  requestTimeoutMs?: number;
  loadTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  workerPath?: string;
}

export type SupervisorState = 'stopped' | 'starting' | 'ready' | 'backoff' | 'failed' | 'closed';

export interface RecognitionResult {
  text: string;
  segments: WorkerSegment[];
  ms: number;
}

interface Request {
  id: number;
  language: string;
  pcm: Int16Array;
  resolve: (r: RecognitionResult) => void;
  reject: (e: Error) => void;
}

const ENGINE = 'whisper';
const DEFAULT_WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** tsx resolved from this module, so the worker starts whatever the server's working directory. */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

export class RecognizerSupervisor {
  state: SupervisorState = 'stopped';
  lastError: string | undefined;
  /** Children started after the first (crashes, failed loads, timeouts). */
  restarts = 0;
  private child: ChildProcess | undefined;
  private starting: Promise<void> | undefined;
  private queue: Request[] = [];
  private inflight: { request: Request; timer: NodeJS.Timeout } | undefined;
  private stderrTail = '';
  private failures = 0;
  private nextAttemptAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private started = 0;
  private readonly threads: number;

  constructor(private readonly options: SupervisorOptions) {
    this.threads = Math.max(1, Math.min(options.threads ?? 4, availableParallelism()));
  }

  recognize(pcm: Int16Array, language: string): Promise<RecognitionResult> {
    if (this.state === 'closed') return Promise.reject(new SpeechEngineError('closed', 'recognizer closed', ENGINE));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, language, pcm, resolve, reject });
      this.ensureStarted().then(
        () => this.pump(),
        (err: Error) => this.rejectQueued(err),
      );
    });
  }

  /** Starts the child now (e.g. at server start) instead of on the first request. */
  ensureStarted(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.starting) return this.starting;
    if (this.state === 'closed') return Promise.reject(new SpeechEngineError('closed', 'recognizer closed', ENGINE));
    const wait = this.nextAttemptAt - Date.now();
    if ((this.state === 'failed' || this.state === 'backoff') && wait > 0) {
      return Promise.reject(
        new SpeechEngineError('engine_failed', `${this.lastError ?? 'whisper unavailable'} (next retry in ${Math.ceil(wait / 1000)} s)`, ENGINE),
      );
    }
    this.starting = this.spawn().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private spawn(): Promise<void> {
    if (this.started++ > 0) this.restarts++;
    this.state = 'starting';
    this.stderrTail = '';
    const child = fork(this.options.workerPath ?? DEFAULT_WORKER, [], {
      execArgv: ['--import', tsxLoader()],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    // Recognition yields to the server's event loop (calls, check-ins, displays) when the CPU is short.
    if (child.pid) {
      try {
        setPriority(child.pid, engineNice());
      } catch {
        // not permitted here: it runs at the server's priority
      }
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => (this.stderrTail = (this.stderrTail + s).slice(-8192)));
    return new Promise<void>((resolve, reject) => {
      const loadTimer = setTimeout(() => {
        child.kill('SIGKILL');
      }, this.options.loadTimeoutMs ?? 60_000);
      const onLoad = (message: unknown) => {
        if (!isFromWorker(message)) return;
        if (message.type === 'loaded') {
          clearTimeout(loadTimer);
          child.off('message', onLoad);
          child.on('message', (m: unknown) => isFromWorker(m) && this.onMessage(m));
          this.state = 'ready';
          this.lastError = undefined;
          resolve();
        } else if (message.type === 'load_failed') {
          clearTimeout(loadTimer);
          this.fail(`cannot load whisper model ${this.options.modelPath}: ${message.message}`);
          child.kill('SIGKILL');
          reject(new SpeechEngineError('engine_failed', this.lastError ?? message.message, ENGINE));
        }
      };
      child.on('message', onLoad);
      child.on('error', () => undefined); // reported through 'exit'
      const load: ToWorker = { type: 'load', modelPath: this.options.modelPath, threads: this.threads };
      child.send(load, () => undefined); // a send error means the child died: 'exit' follows
      child.on('exit', (code, signal) => {
        clearTimeout(loadTimer);
        if (this.child === child) this.child = undefined;
        if (this.state === 'starting') {
          this.fail(
            `whisper model ${this.options.modelPath} crashed the recognition process while loading (${signal ?? `exit ${code}`})${this.tail()}`,
          );
          reject(new SpeechEngineError('engine_crashed', this.lastError ?? 'crashed', ENGINE));
        } else if (this.state === 'ready') {
          this.onCrash(code, signal);
        }
      });
    });
  }

  private fail(message: string): void {
    this.state = 'failed';
    this.lastError = message;
    this.failures++;
    this.nextAttemptAt = Date.now() + this.backoff();
  }

  private backoff(): number {
    const initial = this.options.backoffInitialMs ?? 250;
    const max = this.options.backoffMaxMs ?? 30_000;
    return Math.min(max, initial * 2 ** Math.max(0, this.failures - 1));
  }

  private tail(): string {
    // The interesting lines are the assert/panic, not whisper.cpp's load log.
    const lines = this.stderrTail.split('\n').filter((l) => /assert|panic|error|abort|failed/i.test(l));
    return lines.length ? `: ${lines.slice(-2).join(' | ').trim()}` : '';
  }

  private onCrash(code: number | null, signal: NodeJS.Signals | null): void {
    const message = `whisper recognition process died (${signal ?? `exit ${code}`})${this.tail()}; restarting`;
    this.state = 'backoff';
    this.lastError = message;
    this.failures++;
    const delay = this.backoff();
    this.nextAttemptAt = Date.now() + delay;
    if (this.inflight) {
      clearTimeout(this.inflight.timer);
      this.inflight.request.reject(new SpeechEngineError('engine_crashed', message, ENGINE));
      this.inflight = undefined;
    }
    // Eager restart so the next utterance finds a warm model; queued requests wait for it.
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.state !== 'backoff') return;
      this.ensureStarted().then(
        () => this.pump(),
        (err: Error) => this.rejectQueued(err),
      );
    }, delay);
    this.restartTimer.unref();
  }

  private pump(): void {
    if (this.state !== 'ready' || this.inflight || !this.child) return;
    const request = this.queue.shift();
    if (!request) return;
    const child = this.child;
    const timer = setTimeout(() => {
      // A stuck full() cannot be interrupted from outside: kill, the exit handler restarts.
      this.stderrTail += `\nerror: request timed out after ${this.options.requestTimeoutMs ?? 60_000} ms`;
      child.kill('SIGKILL');
    }, this.options.requestTimeoutMs ?? 60_000);
    this.inflight = { request, timer };
    const message: ToWorker = { type: 'recognize', id: request.id, language: request.language, pcm: request.pcm };
    child.send(message, (err) => {
      if (err && this.inflight?.request === request) child.kill('SIGKILL');
    });
  }

  private onMessage(message: FromWorker): void {
    if ((message.type !== 'result' && message.type !== 'failed') || this.inflight?.request.id !== message.id) return;
    const { request, timer } = this.inflight;
    clearTimeout(timer);
    this.inflight = undefined;
    if (message.type === 'result') {
      this.failures = 0;
      request.resolve({ text: message.text, segments: message.segments, ms: message.ms });
    } else {
      request.reject(new SpeechEngineError('engine_failed', `whisper failed: ${message.message}`, ENGINE));
    }
    this.pump();
  }

  private rejectQueued(err: Error): void {
    const queued = this.queue;
    this.queue = [];
    for (const r of queued) r.reject(err);
  }

  async close(): Promise<void> {
    this.state = 'closed';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const closed = new SpeechEngineError('closed', 'recognizer closed', ENGINE);
    if (this.inflight) {
      clearTimeout(this.inflight.timer);
      this.inflight.request.reject(closed);
      this.inflight = undefined;
    }
    this.rejectQueued(closed);
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
}
