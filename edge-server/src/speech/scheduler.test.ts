import { describe, expect, it } from 'vitest';
import { EngineScheduler, type Clock, type JobKind } from './scheduler.ts';
import { SpeechEngineError } from './types.ts';

/** A clock that moves only when the test says so. */
class ManualClock implements Clock {
  private t = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private next = 1;
  now = () => this.t;
  setTimeout = (run: () => void, ms: number) => {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, run });
    return id;
  };
  clearTimeout = (handle: unknown) => void this.timers.delete(handle as number);
  advance(ms: number): void {
    this.t += ms;
    for (const [id, timer] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.t) continue;
      this.timers.delete(id);
      timer.run();
    }
  }
}

/** A fake engine whose runs finish when the test finishes them; it records the order they started in. */
class FakeEngine {
  started: string[] = [];
  private pending = new Map<string, { resolve: (v: string) => void; signal: AbortSignal }>();
  work(label: string) {
    return (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        this.started.push(label);
        this.pending.set(label, { resolve, signal });
      });
  }
  finish(label: string): void {
    this.pending.get(label)?.resolve(label);
    this.pending.delete(label);
  }
  aborted(label: string): boolean | undefined {
    return this.pending.get(label)?.signal.aborted;
  }
}

const flush = () => new Promise<void>((r) => setImmediate(r));
/** How the promise settled by now ('pending' if not yet): a refusal must come at once, not after a wait. */
const code = (p: Promise<unknown>) =>
  Promise.race([p.then(() => 'ok', (e: unknown) => (e instanceof SpeechEngineError ? e.code : String(e))), flush().then(() => 'pending')]);

function setup(concurrency = 1, maxQueue = 8) {
  const clock = new ManualClock();
  const engine = new FakeEngine();
  const scheduler = new EngineScheduler({ engine: 'fake', concurrency, maxQueue, deadlineMs: { final: 1000, partial: 300 }, clock });
  const submit = (kind: JobKind, streamId: string, label = `${kind}:${streamId}`) => scheduler.run({ kind, streamId }, engine.work(label));
  return { clock, engine, scheduler, submit };
}

describe('EngineScheduler', () => {
  it('runs finals before partials that were queued earlier', async () => {
    const { engine, submit } = setup();
    const first = submit('partial', 'a', 'running');
    const partials = [submit('partial', 'b'), submit('partial', 'c')];
    const final = submit('final', 'd');
    expect(engine.started).toEqual(['running']);
    engine.finish('running');
    await first;
    await flush();
    expect(engine.started).toEqual(['running', 'final:d']);
    engine.finish('final:d');
    await expect(final).resolves.toBe('final:d');
    await flush();
    expect(engine.started).toEqual(['running', 'final:d', 'partial:b']);
    engine.finish('partial:b');
    await flush();
    engine.finish('partial:c');
    await expect(Promise.all(partials)).resolves.toEqual(['partial:b', 'partial:c']);
  });

  it('keeps one pending partial per stream: a newer one replaces the older', async () => {
    const { engine, scheduler, submit } = setup();
    void submit('final', 'x', 'busy');
    const older = submit('partial', 'a', 'a1');
    const newer = submit('partial', 'a', 'a2');
    const other = submit('partial', 'b', 'b1');
    expect(await code(older)).toBe('busy');
    expect(scheduler.stats()).toMatchObject({ queued: 2, replaced: 1 });
    engine.finish('busy');
    await flush();
    engine.finish('a2');
    await flush();
    engine.finish('b1');
    await expect(newer).resolves.toBe('a2');
    await expect(other).resolves.toBe('b1');
    expect(engine.started).toEqual(['busy', 'a2', 'b1']);
  });

  it('gives every request a deadline: a queued one never starts, a running one is answered and aborted', async () => {
    const { clock, engine, scheduler, submit } = setup();
    const running = submit('final', 'a');
    const queued = submit('partial', 'b');
    clock.advance(299);
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1, timedOut: 0 });
    clock.advance(1);
    expect(await code(queued)).toBe('timeout');
    expect(engine.aborted('final:a')).toBe(false);
    clock.advance(700);
    expect(await code(running)).toBe('timeout');
    expect(engine.aborted('final:a')).toBe(true);
    // The slot frees when the engine is done, not at the deadline (a late run still uses the CPU).
    const next = submit('final', 'c');
    expect(engine.started).toEqual(['final:a']);
    engine.finish('final:a');
    await flush();
    expect(engine.started).toEqual(['final:a', 'final:c']);
    engine.finish('final:c');
    await expect(next).resolves.toBe('final:c');
    expect(engine.started).not.toContain('partial:b');
    expect(scheduler.stats().timedOut).toBe(2);
  });

  it('bounds the queue: beyond it a request is refused at once, and a final takes the place of a partial', async () => {
    const { engine, scheduler, submit } = setup(1, 2);
    void submit('final', 'running');
    const p1 = submit('partial', 'p1');
    const f1 = submit('final', 'f1');
    const refusedPartial = submit('partial', 'p2');
    expect(await code(refusedPartial)).toBe('busy');
    const f2 = submit('final', 'f2');
    expect(await code(p1)).toBe('busy');
    const refusedFinal = submit('final', 'f3');
    expect(await code(refusedFinal)).toBe('busy');
    expect(scheduler.stats()).toMatchObject({ queued: 2, refused: 2 });
    for (const label of ['final:running', 'final:f1', 'final:f2']) {
      engine.finish(label);
      await flush();
    }
    await expect(f1).resolves.toBe('final:f1');
    await expect(f2).resolves.toBe('final:f2');
  });

  it('runs as many at once as its pool holds', async () => {
    const { engine, scheduler, submit } = setup(2);
    void submit('final', 'a');
    void submit('final', 'b');
    void submit('final', 'c');
    expect(engine.started).toEqual(['final:a', 'final:b']);
    expect(scheduler.stats()).toMatchObject({ running: 2, queued: 1 });
    engine.finish('final:b');
    await flush();
    expect(engine.started).toEqual(['final:a', 'final:b', 'final:c']);
  });
});
