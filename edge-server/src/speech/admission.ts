// Admission control: each recognizer serves at most `capacity().streams` live streams. A stream beyond that is
// refused up front (the caller says so plainly) and waits in line; when a slot frees, the first in line is told.
import type { EngineCapacity, SpeechRecognizer } from './types.ts';

export interface AdmissionStatus {
  engine: string;
  capacity: EngineCapacity;
  inUse: number;
  waiting: number;
  /** Streams refused since local midnight. */
  refusedToday: number;
}

interface Slot {
  engine: string;
}

export interface AdmissionOptions {
  now?: () => Date;
  /** A holder that waited is offered the freed slot; if it does not take it (acquire), the next one is. */
  onAvailable?: (holder: string) => void;
}

export class StreamAdmission {
  /** holder (a session) → the engine whose slot it holds. */
  private readonly held = new Map<string, Slot>();
  /** engine → holders refused and waiting, in order. */
  private readonly waiting = new Map<string, string[]>();
  private readonly refusals = new Map<string, { day: string; count: number }>();
  private readonly engines = new Map<string, SpeechRecognizer>();
  onAvailable: ((holder: string) => void) | undefined;

  constructor(private readonly options: AdmissionOptions = {}) {
    this.onAvailable = options.onAvailable;
  }

  /**
   * Takes (or keeps) a slot of the recognizer for the holder. False when the engine is full: the holder is then
   * refused, counted, and put in line for the next free slot.
   */
  acquire(holder: string, recognizer: SpeechRecognizer): boolean {
    this.engines.set(recognizer.id, recognizer);
    const current = this.held.get(holder);
    if (current?.engine === recognizer.id) return true;
    // A holder moving to another engine keeps its old slot when the new one is full.
    if (this.inUse(recognizer.id) >= recognizer.capacity().streams) {
      this.countRefusal(recognizer.id);
      const line = this.waiting.get(recognizer.id) ?? [];
      if (!line.includes(holder)) line.push(holder);
      this.waiting.set(recognizer.id, line);
      return false;
    }
    if (current) this.release(holder);
    this.leaveLine(holder);
    this.held.set(holder, { engine: recognizer.id });
    return true;
  }

  /** Frees the holder's slot (capture off, session ended) and leaves any line; the next in line is told. */
  release(holder: string): void {
    this.leaveLine(holder);
    const slot = this.held.get(holder);
    if (!slot) return;
    this.held.delete(holder);
    this.offer(slot.engine);
  }

  holds(holder: string): boolean {
    return this.held.has(holder);
  }

  status(recognizers: readonly SpeechRecognizer[]): AdmissionStatus[] {
    return recognizers.map((r) => ({
      engine: r.id,
      capacity: r.capacity(),
      inUse: this.inUse(r.id),
      waiting: this.waiting.get(r.id)?.length ?? 0,
      refusedToday: this.refusedToday(r.id),
    }));
  }

  private offer(engine: string): void {
    const recognizer = this.engines.get(engine);
    const line = this.waiting.get(engine);
    // Each waiting holder is offered in turn until one takes the slot or the line is empty.
    while (recognizer && line?.length && this.inUse(engine) < recognizer.capacity().streams) {
      const next = line.shift()!;
      this.onAvailable?.(next);
    }
  }

  private leaveLine(holder: string): void {
    for (const line of this.waiting.values()) {
      const at = line.indexOf(holder);
      if (at >= 0) line.splice(at, 1);
    }
  }

  private inUse(engine: string): number {
    let n = 0;
    for (const slot of this.held.values()) if (slot.engine === engine) n++;
    return n;
  }

  private today(): string {
    const now = (this.options.now ?? (() => new Date()))();
    return `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`;
  }

  private countRefusal(engine: string): void {
    const day = this.today();
    const entry = this.refusals.get(engine);
    this.refusals.set(engine, { day, count: entry?.day === day ? entry.count + 1 : 1 });
  }

  private refusedToday(engine: string): number {
    const entry = this.refusals.get(engine);
    return entry?.day === this.today() ? entry.count : 0;
  }
}
