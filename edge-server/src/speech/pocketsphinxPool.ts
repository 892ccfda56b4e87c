// Long-lived PocketSphinx worker threads, one decoder each, leased to one stream at a time. Workers start on
// demand up to a limit, load the model once and stay for the next utterance; one that crashes, fails to load
// or misses a deadline is terminated and replaced on the next lease.
import { Worker } from 'node:worker_threads';
import type { Calibration, FromWorker, ToWorker, WorkerConfig } from './pocketsphinxProtocol.ts';

const BOOT = new URL('./workerBoot.mjs', import.meta.url);
const ENTRY = new URL('./pocketsphinxWorker.ts', import.meta.url).href;

export interface LeaseHandlers {
  partial(text: string, audioMs: number): void;
  final(text: string, audioMs: number, cpuMs: number | undefined): void;
  /** The worker failed or died while this lease held it. */
  failed(code: 'engine_failed' | 'engine_crashed', message: string): void;
}

export interface ReadyInfo {
  loadMs: number;
  loadCpuMs: number | undefined;
  nice: number | undefined;
  calibration: Calibration | undefined;
}

class PoolWorker {
  readonly worker: Worker;
  lease: Lease | undefined;
  ready = false;
  gone = false;

  constructor(
    config: WorkerConfig,
    private readonly pool: DecoderPool,
  ) {
    this.worker = new Worker(BOOT, { workerData: { ...config, entry: ENTRY } });
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (err) => this.die('engine_crashed', `pocketsphinx worker crashed: ${err.message}`));
    this.worker.on('exit', (code) => this.die('engine_crashed', `pocketsphinx worker exited (${code})`));
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.gone) this.worker.postMessage(message, transfer);
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
      if (m.t === 'partial') lease.handlers.partial(m.text, m.audioMs);
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
    void this.worker.terminate();
    const lease = this.lease;
    this.lease = undefined;
    lease?.handlers.failed(code, message);
  }
}

/** One stream's hold on a worker. */
export class Lease {
  constructor(
    readonly id: number,
    private readonly holder: PoolWorker,
    readonly handlers: LeaseHandlers,
  ) {}

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.holder.lease === this) this.holder.post(message, transfer);
  }

  /** Frees the worker for the next stream (it may still be finishing this one's utterance: messages are ordered). */
  release(): void {
    if (this.holder.lease !== this) return;
    this.holder.lease = undefined;
    this.holder.worker.unref();
  }

  /** The worker missed a deadline: it is replaced, whatever it is stuck in. */
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
    free.worker.ref();
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

  /** Thread ids of the workers alive, for reports. */
  threadIds(): number[] {
    return this.workers.map((w) => w.worker.threadId);
  }

  async close(): Promise<void> {
    const all = [...this.workers];
    for (const w of all) w.die('engine_failed', 'pocketsphinx closed');
    await Promise.all(all.map((w) => w.worker.terminate()));
  }
}
