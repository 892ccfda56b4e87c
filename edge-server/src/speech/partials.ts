// Partial results for recognisers that cannot stream: re-run recognition on the audio so far, on an
// interval, at most one run at a time, and report a text only when it changed.
import { pcmMs, type PcmBuffer } from './audio.ts';
import type { PartialSegment } from './types.ts';

export interface PartialRerunSource {
  /** The stream's audio so far. */
  readonly pcm: PcmBuffer;
  /** Whether the stream still accepts audio (no partials once it is ending or done). */
  isOpen(): boolean;
  /** Where partials go; none are computed while it is unset. */
  listener(): ((partial: PartialSegment) => void) | undefined;
  /** Whether a re-run may start now, given the samples buffered and those at the last re-run. */
  ready(samples: number, lastSamples: number): boolean;
  /** Recognises the audio so far; `signal` aborts when partials stop. */
  recognize(signal: AbortSignal): Promise<string>;
}

export class PartialReruns {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastSamples = 0;
  private lastText = '';
  private readonly abort = new AbortController();

  /** `intervalMs` 0 disables partials. */
  constructor(intervalMs: number, private readonly source: PartialRerunSource) {
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.maybeRun(), intervalMs);
      this.timer.unref();
    }
  }

  private maybeRun(): void {
    const { source } = this;
    if (!source.isOpen() || this.running || !source.listener()) return;
    const samples = source.pcm.samples;
    if (!source.ready(samples, this.lastSamples)) return;
    this.running = true;
    this.lastSamples = samples;
    source
      .recognize(this.abort.signal)
      .then((text) => {
        if (source.isOpen() && text && text !== this.lastText) {
          this.lastText = text;
          source.listener()?.({ text, audioMs: pcmMs(samples) });
        }
      })
      // A failed partial is not fatal: the final pass reports real failures.
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
      });
  }

  /** No more partials; a re-run in flight is aborted (the final pass needs the CPU more than a partial nobody will see). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
  }
}
