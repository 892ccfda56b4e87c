// Long-lived PocketSphinx decoder processes, one decoder each, leased to one stream at a time. Each decoder runs in
// its own child process (not a worker thread) because it is native code reached through koffi: a crash there must
// end that process only, never the server. Processes start on demand up to a limit, load the model once and stay
// for the next utterance; one that dies, fails to load or misses a deadline is killed and replaced on the next lease.
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Calibration, FromWorker, ToWorker, WorkerConfig } from './pocketsphinxProtocol.ts';

const ENTRY = fileURLToPath(new URL('./pocketsphinxWorker.ts', import.meta.url));
/** Lines of the child's stderr kept for the crash message (koffi and sphinxbase say why there). */
const STDERR_TAIL = 4096;

/** tsx resolved from this module (as the whisper supervisor does), so the child starts from any working directory. */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

export interface LeaseHandlers {
  partial(text: string, audioMs: number): void;
  /** Audio the decoder has processed so far (sent with partials, or on its own when the text did not change). */
  progress(audioMs: number): void;
  final(text: string, audioMs: number, cpuMs: number | undefined): void;
  /** The decoder failed, or its process died, while this lease held it. */
  failed(code: 'engine_failed' | 'engine_crashed', message: string): void;
}

export interface ReadyInfo {
  loadMs: number;
  loadCpuMs: number | undefined;
  nice: number | undefined;
  calibration: Calibration | undefined;
}

class PoolWorker {
  readonly child: ChildProcess;
  lease: Lease | undefined;
  ready = false;
  gone = false;
  private stderrTail = '';

  constructor(
    config: WorkerConfig,
    private readonly pool: DecoderPool,
  ) {
    this.child = fork(ENTRY, [JSON.stringify(config)], {
      execArgv: ['--import', tsxLoader()],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // The child lowers itself too; doing it here as well covers the threads it starts before it gets there.
    if (this.child.pid) {
      try {
        setPriority(this.child.pid, config.nice);
      } catch {
        // not permitted: the child's own attempt and its 'ready' report show the result
      }
    }
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (s: string) => (this.stderrTail = (this.stderrTail + s).slice(-STDERR_TAIL)));
    this.hold(false);
    this.child.on('message', (m: FromWorker) => this.onMessage(m));
    this.child.on('error', (err) => this.die('engine_crashed', `pocketsphinx decoder process failed: ${err.message}`));
    // 'close' rather than 'exit': by then stderr is read to its end, with the reason a native crash printed.
    this.child.on('close', (code, signal) =>
      this.die('engine_crashed', `pocketsphinx decoder process died (${signal ?? `exit ${code}`})${this.tail()}`),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether this process keeps the server's event loop alive: only while a stream holds it. */
  hold(on: boolean): void {
    // stdio 'pipe' makes stderr a net.Socket, which holds the loop open like the process and its IPC channel do.
    const handles = [this.child, this.child.channel, this.child.stderr as Socket | null];
    for (const h of handles) {
      if (on) h?.ref();
      else h?.unref();
    }
  }

  post(message: ToWorker): void {
    // A send error means the child is gone: 'close' follows and fails the lease.
    if (!this.gone && this.child.connected) this.child.send(message, () => undefined);
  }

  private tail(): string {
    const lines = this.stderrTail.split('\n').map((l) => l.trim()).filter(Boolean);
    return lines.length ? `: ${lines.slice(-2).join(' | ')}` : '';
  }

  private onMessage(m: FromWorker): void {
    if (m.t === 'ready') {
      this.ready = true;
      this.pool.onReady(m);
    } else if (m.t === 'failed') {
      this.pool.lastError = m.message;
      this.die('engine_failed', `pocketsphinx could not start: ${m.message}`);
    } else if (this.lease && this.lease.id === m.id) {
      const lease = this.lease;
      if (m.t === 'partial') {
        lease.handlers.progress(m.audioMs);
        lease.handlers.partial(m.text, m.audioMs);
      } else if (m.t === 'progress') lease.handlers.progress(m.audioMs);
      else if (m.t === 'final') {
        lease.release();
        lease.handlers.final(m.text, m.audioMs, m.cpuMs);
      } else {
        lease.release();
        lease.handlers.failed('engine_failed', `pocketsphinx failed: ${m.message}`);
      }
    }
  }

  die(code: 'engine_failed' | 'engine_crashed', message: string): void {
    if (this.gone) return;
    this.gone = true;
    this.pool.remove(this);
    if (!this.ready) {
      // Died on its own while starting (not killed by us): the engine cannot start here, say so in its status.
      if (code === 'engine_crashed') this.pool.lastError ??= message;
      this.pool.onFailed();
    }
    this.kill();
    const lease = this.lease;
    this.lease = undefined;
    lease?.handlers.failed(code, message);
  }

  /** SIGKILL: whatever native code it is stuck in. Resolves when the process is gone. */
  kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }
}

/** One stream's hold on a worker. */
export class Lease {
  /** Whether the decoder had its model loaded when leased (else the stream's first audio waits for the load). */
  readonly warm: boolean;

  constructor(
    readonly id: number,
    private readonly holder: PoolWorker,
    readonly handlers: LeaseHandlers,
  ) {
    this.warm = holder.ready;
  }

  post(message: ToWorker): void {
    if (this.holder.lease === this) this.holder.post(message);
  }

  /** Frees the worker for the next stream (it may still be finishing this one's utterance: messages are ordered). */
  release(): void {
    if (this.holder.lease !== this) return;
    this.holder.lease = undefined;
    this.holder.hold(false);
  }

  /** The decoder missed a deadline: its process is killed and replaced, whatever it is stuck in. */
  kill(message: string): void {
    if (this.holder.lease === this) this.holder.die('engine_failed', message);
  }
}

export class DecoderPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;
  private started = 0;
  lastError: string | undefined;

  constructor(
    private readonly config: WorkerConfig,
    /** A worker became ready (with its report) or failed to start (undefined). */
    private readonly listener: (info: ReadyInfo | undefined) => void,
  ) {}

  /** Workers alive (loading or ready). */
  get size(): number {
    return this.workers.length;
  }

  get readyCount(): number {
    return this.workers.filter((w) => w.ready).length;
  }

  get leased(): number {
    return this.workers.filter((w) => w.lease).length;
  }

  /** Starts workers until `count` are alive; the first one ever started also measures the decoder's cost. */
  grow(count: number, calibrateSeconds = 0): void {
    while (this.workers.length < count) {
      const calibrate = this.started === 0 ? calibrateSeconds : 0;
      this.workers.push(new PoolWorker({ ...this.config, calibrateSeconds: calibrate }, this));
      this.started++;
    }
  }

  /**
   * Starts workers (below `limit`) until `spares` are free, so the next utterance finds a decoder with its model
   * loaded: a cold start costs the stream its first partial (process start and model load, about 1 s of CPU).
   */
  keepSpare(limit: number, spares: number): void {
    const free = this.workers.filter((w) => !w.lease).length;
    this.grow(Math.min(limit, this.workers.length + Math.max(0, spares - free)));
  }

  /** A worker for one stream, or undefined when `limit` workers are all leased. */
  acquire(limit: number, handlers: LeaseHandlers): Lease | undefined {
    let free = this.workers.find((w) => !w.lease && w.ready) ?? this.workers.find((w) => !w.lease);
    if (!free && this.workers.length < limit) {
      this.grow(this.workers.length + 1);
      free = this.workers[this.workers.length - 1];
    }
    if (!free || this.leased >= limit) return undefined;
    const lease = new Lease(this.nextId++, free, handlers);
    free.lease = lease;
    free.hold(true);
    lease.post({ t: 'start', id: lease.id });
    return lease;
  }

  onReady(info: FromWorker & { t: 'ready' }): void {
    this.listener({ loadMs: info.loadMs, loadCpuMs: info.loadCpuMs, nice: info.nice, calibration: info.calibration });
  }

  onFailed(): void {
    this.listener(undefined);
  }

  remove(worker: PoolWorker): void {
    const at = this.workers.indexOf(worker);
    if (at >= 0) this.workers.splice(at, 1);
  }

  /** Process ids of the decoders alive (loading or ready), for reports. */
  pids(): number[] {
    return this.workers.flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
  }

  async close(): Promise<void> {
    const all = [...this.workers];
    for (const w of all) w.die('engine_failed', 'pocketsphinx closed');
    await Promise.all(all.map((w) => w.kill()));
  }
}
