// One scheduler per engine: a bounded pool of runs, finals before partials, at most one pending partial per
// stream, a deadline per request and a bounded queue that refuses plainly instead of letting callers time out.
import { availableParallelism } from 'node:os';
import { SpeechEngineError } from './types.ts';

/** Time source; tests inject a manual clock so deadlines need no real sleeps. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => {
    const t = setTimeout(run, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A final is what someone waits for at the end of an utterance; a partial is a caption nobody misses if late. */
export type JobKind = 'final' | 'partial';

export interface JobOptions {
  kind: JobKind;
  /** The stream (or session) the work belongs to: a newer partial of it replaces a queued older one. */
  streamId: string;
  /** Overrides the scheduler's deadline for this kind, from submission. */
  deadlineMs?: number;
}

export interface SchedulerOptions {
  /** Engine id for errors and the admin page. */
  engine: string;
  /** Runs at once; default `defaultPoolSize()`. */
  concurrency?: number;
  /** Requests waiting beyond the running ones; more are refused ('busy'). */
  maxQueue?: number;
  deadlineMs?: Partial<Record<JobKind, number>>;
  clock?: Clock;
}

export interface SchedulerStats {
  concurrency: number;
  running: number;
  queued: number;
  completed: number;
  /** Refused because the queue was full. */
  refused: number;
  /** Passed their deadline (queued or running). */
  timedOut: number;
  /** Partials dropped for a newer one of the same stream. */
  replaced: number;
}

type Work<T> = (signal: AbortSignal) => Promise<T>;

interface Job {
  options: JobOptions;
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  abort: AbortController;
  deadline: unknown;
  settled: boolean;
}

/** Engine runs the machine can take beside the server's own event loop: one core is left to it. */
export function defaultPoolSize(cores = availableParallelism()): number {
  const configured = Number(process.env.LOTSE_ENGINE_POOL);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(1, cores - 1);
}

export const DEFAULT_DEADLINE_MS: Record<JobKind, number> = { final: 15_000, partial: 3_000 };

export class EngineScheduler {
  readonly concurrency: number;
  private readonly maxQueue: number;
  private readonly deadlines: Record<JobKind, number>;
  private readonly clock: Clock;
  private readonly finals: Job[] = [];
  private readonly partials: Job[] = [];
  private running = 0;
  private counts = { completed: 0, refused: 0, timedOut: 0, replaced: 0 };
  private closed = false;

  constructor(private readonly options: SchedulerOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? defaultPoolSize());
    this.maxQueue = Math.max(0, options.maxQueue ?? 4 * this.concurrency);
    this.deadlines = { ...DEFAULT_DEADLINE_MS, ...options.deadlineMs };
    this.clock = options.clock ?? systemClock;
  }

  /** Runs `work` when a slot is free, finals first. Rejects 'busy' (queue full, or replaced) or 'timeout'. */
  run<T>(options: JobOptions, work: Work<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.error('closed', 'engine closed'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { options, work, resolve: resolve as (v: unknown) => void, reject, abort: new AbortController(), deadline: undefined, settled: false };
      if (!this.admit(job)) return;
      const ms = options.deadlineMs ?? this.deadlines[options.kind];
      job.deadline = this.clock.setTimeout(() => this.expire(job, ms), ms);
      this.pump();
    });
  }

  /** Drops the stream's queued partial (its stream ended or was aborted). */
  dropPartials(streamId: string): void {
    const at = this.partials.findIndex((j) => j.options.streamId === streamId);
    if (at >= 0) this.settle(this.partials.splice(at, 1)[0]!, this.error('busy', 'partial no longer needed'));
  }

  stats(): SchedulerStats {
    return { concurrency: this.concurrency, running: this.running, queued: this.finals.length + this.partials.length, ...this.counts };
  }

  /** Rejects everything queued; runs in flight are aborted through their signal. */
  close(): void {
    this.closed = true;
    for (const job of [...this.finals.splice(0), ...this.partials.splice(0)]) this.settle(job, this.error('closed', 'engine closed'));
  }

  private admit(job: Job): boolean {
    if (job.options.kind === 'partial') {
      const older = this.partials.findIndex((j) => j.options.streamId === job.options.streamId);
      if (older >= 0) {
        this.counts.replaced++;
        this.settle(this.partials.splice(older, 1)[0]!, this.error('busy', 'replaced by a newer partial'));
      }
    }
    const free = this.running < this.concurrency && this.finals.length + this.partials.length === 0;
    if (!free && this.finals.length + this.partials.length >= this.maxQueue) {
      // A final may take the place of the oldest partial; otherwise the request is refused now, not left to expire.
      const evict = job.options.kind === 'final' ? this.partials.shift() : undefined;
      if (!evict) {
        this.counts.refused++;
        job.reject(this.error('busy', `${this.options.engine} is busy: ${this.maxQueue} requests already wait`));
        return false;
      }
      this.counts.replaced++;
      this.settle(evict, this.error('busy', 'partial dropped for a final'));
    }
    (job.options.kind === 'final' ? this.finals : this.partials).push(job);
    return true;
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const job = this.finals.shift() ?? this.partials.shift();
      if (!job) return;
      this.start(job);
    }
  }

  private start(job: Job): void {
    this.running++;
    let work: Promise<unknown>;
    try {
      work = job.work(job.abort.signal);
    } catch (err) {
      work = Promise.reject(err);
    }
    work.then(
      (value) => {
        if (!job.settled) this.counts.completed++;
        this.settle(job, undefined, value);
      },
      (err: unknown) => this.settle(job, err instanceof Error ? err : new Error(String(err))),
    ).finally(() => {
      // The slot frees when the engine is really done, not at the deadline: a late run still holds the CPU.
      this.running--;
      this.pump();
    });
  }

  private expire(job: Job, ms: number): void {
    if (job.settled) return;
    for (const queue of [this.finals, this.partials]) {
      const at = queue.indexOf(job);
      if (at >= 0) queue.splice(at, 1);
    }
    this.counts.timedOut++;
    job.abort.abort();
    this.settle(job, this.error('timeout', `${this.options.engine} did not answer within ${ms} ms`));
  }

  private settle(job: Job, error: Error | undefined, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    this.clock.clearTimeout(job.deadline);
    if (error) {
      job.abort.abort();
      job.reject(error);
    } else {
      job.resolve(value);
    }
  }

  private error(code: 'busy' | 'timeout' | 'closed', message: string): SpeechEngineError {
    return new SpeechEngineError(code, message, this.options.engine);
  }
}
