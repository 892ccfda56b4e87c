import { describe, expect, it } from 'vitest';
import { RealtimeGuard } from './realtimeGuard.ts';

function guardWithClock() {
  let t = 0;
  const guard = new RealtimeGuard({ now: () => t, behindMs: 1000, sustainedMs: 0, caughtUpMs: 300, recoverMs: 60_000 });
  return { guard, advance: (ms: number) => (t += ms) };
}

describe('RealtimeGuard: admission follows what the machine keeps in real time', () => {
  it('keeps the estimate while every stream keeps up', () => {
    const { guard } = guardWithClock();
    guard.report('a', 500, 3);
    guard.report('b', 999, 3);
    expect(guard.limit(4)).toBe(4);
    expect(guard.isLowered).toBe(false);
  });

  it('lowers the limit to the streams that kept up when one falls behind, once per stream falling behind', () => {
    const { guard } = guardWithClock();
    guard.report('a', 1500, 4);
    expect(guard.limit(4)).toBe(3);
    // Still behind: no further lowering for the same stream.
    guard.report('a', 2500, 4);
    expect(guard.limit(4)).toBe(3);
    // Another stream falls behind with three decoding: two is what this machine carries now.
    guard.report('b', 1200, 3);
    expect(guard.limit(4)).toBe(2);
    expect(guard.lowerings).toBe(2);
  });

  it('a backlog counts only when it lasts: a moment over the threshold is no overload', () => {
    let t = 0;
    const guard = new RealtimeGuard({ now: () => t, behindMs: 1000, sustainedMs: 2000 });
    guard.report('a', 1500, 3);
    t = 1500;
    guard.report('a', 900, 3);
    t = 2500;
    guard.report('a', 1500, 3);
    t = 4000;
    guard.report('a', 1600, 3);
    // Over the threshold since 2500 only, 1.5 s: not yet.
    expect(guard.limit(3)).toBe(3);
    t = 4500;
    guard.report('a', 1700, 3);
    expect(guard.limit(3)).toBe(2);
  });

  it('never lowers below one stream', () => {
    const { guard } = guardWithClock();
    guard.report('a', 5000, 1);
    expect(guard.limit(3)).toBe(1);
  });

  it('rises one stream at a time only after a quiet spell with nobody behind', () => {
    const { guard, advance } = guardWithClock();
    guard.report('a', 1500, 3);
    expect(guard.limit(4)).toBe(2);
    advance(120_000);
    // Still behind: no recovery however long it lasts.
    expect(guard.limit(4)).toBe(2);
    guard.report('a', 100, 3);
    expect(guard.limit(4)).toBe(3);
    advance(59_999);
    expect(guard.limit(4)).toBe(3);
    advance(1);
    expect(guard.limit(4)).toBe(4);
    expect(guard.isLowered).toBe(false);
  });

  it('a stream that ended no longer counts as behind', () => {
    const { guard, advance } = guardWithClock();
    guard.report('a', 1500, 2);
    guard.drop('a');
    expect(guard.behindNow).toBe(0);
    advance(60_000);
    expect(guard.limit(2)).toBe(2);
  });
});
