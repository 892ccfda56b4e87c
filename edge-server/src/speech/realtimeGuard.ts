// Capacity that follows what the machine really does: the start-up estimate is an upper bound; when a live stream
// falls behind real time (its decoder holds more unprocessed audio than BEHIND_MS for SUSTAINED_MS), the limit drops to the streams
// that still kept up, so no further stream is admitted onto an overloaded engine. It rises again one stream at a
// time after a quiet spell, because the load that caused it (another program, a burst at the kiosks) may be gone.

/** Unprocessed audio a decoder may hold before its stream counts as behind real time. */
export const BEHIND_MS = 1000;
/** How long the backlog must stay above BEHIND_MS: a moment's stall (a decoder loading its model) is no overload. */
export const SUSTAINED_MS = 2000;
/** Below this the stream has caught up again. */
export const CAUGHT_UP_MS = 300;
/** Time without any stream behind before the limit rises by one. */
export const RECOVER_MS = 120_000;

export interface RealtimeGuardOptions {
  now?: () => number;
  behindMs?: number;
  sustainedMs?: number;
  caughtUpMs?: number;
  recoverMs?: number;
}

export class RealtimeGuard {
  private readonly now: () => number;
  private readonly behindMs: number;
  private readonly sustainedMs: number;
  /** Streams over the threshold, and since when. */
  private readonly over = new Map<string, number>();
  private readonly caughtUpMs: number;
  private readonly recoverMs: number;
  /** Streams behind real time now. */
  private readonly behind = new Set<string>();
  private lowered: number | undefined;
  /** When a stream last fell behind, or the limit last rose. */
  private since = 0;
  /** Times the limit was lowered, for the status line. */
  lowerings = 0;

  constructor(options: RealtimeGuardOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.behindMs = options.behindMs ?? BEHIND_MS;
    this.sustainedMs = options.sustainedMs ?? SUSTAINED_MS;
    this.caughtUpMs = options.caughtUpMs ?? CAUGHT_UP_MS;
    this.recoverMs = options.recoverMs ?? RECOVER_MS;
  }

  /**
   * A stream's decoder reported its backlog (audio pushed but not yet decoded). `active` is the number of streams
   * decoding now, this one included.
   */
  report(stream: string, lagMs: number, active: number): void {
    if (lagMs <= this.behindMs) this.over.delete(stream);
    else if (!this.over.has(stream)) this.over.set(stream, this.now());
    const overFor = this.now() - (this.over.get(stream) ?? Number.POSITIVE_INFINITY);
    if (overFor >= this.sustainedMs && !this.behind.has(stream)) {
      this.behind.add(stream);
      // Once per stream falling behind: the streams beside it are what this machine carried in real time.
      this.lowered = Math.max(1, Math.min(this.lowered ?? Number.POSITIVE_INFINITY, active - 1));
      this.lowerings++;
      this.since = this.now();
    } else if (lagMs < this.caughtUpMs) {
      this.behind.delete(stream);
    }
  }

  /** The stream ended: it no longer counts as behind. */
  drop(stream: string): void {
    this.behind.delete(stream);
    this.over.delete(stream);
  }

  /** Streams to admit given the estimate: lowered while streams fell behind, recovering one at a time. */
  limit(estimate: number): number {
    if (this.lowered === undefined) return estimate;
    if (this.behind.size === 0 && this.now() - this.since >= this.recoverMs) {
      this.lowered++;
      this.since = this.now();
    }
    if (this.lowered >= estimate) this.lowered = undefined;
    return this.lowered ?? estimate;
  }

  /** Whether the limit is below the estimate now (for the status line). */
  get isLowered(): boolean {
    return this.lowered !== undefined;
  }

  get behindNow(): number {
    return this.behind.size;
  }
}
