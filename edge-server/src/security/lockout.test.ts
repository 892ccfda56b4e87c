import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, afterSuccessfulSignIn, isLocked, type LockoutState } from './lockout.ts';

const t0 = new Date('2026-03-02T08:00:00.000Z');
const plus = (min: number) => new Date(t0.getTime() + min * 60_000);

function fail(times: number, state: LockoutState = afterSuccessfulSignIn(), now = t0): LockoutState {
  for (let i = 0; i < times; i++) state = afterFailedAttempt(state, now);
  return state;
}

describe('lock-out policy', () => {
  it('does not lock after 4 failures, locks for 15 minutes on the 5th', () => {
    const four = fail(4);
    expect(four).toEqual({ failedAttempts: 4, lockedUntil: null });
    expect(isLocked(four, t0)).toBe(false);
    const five = afterFailedAttempt(four, t0);
    expect(five.lockedUntil).toBe('2026-03-02T08:15:00.000Z');
    expect(isLocked(five, plus(14.9))).toBe(true);
    expect(isLocked(five, plus(15))).toBe(false);
  });

  it('failures while locked do not extend the lock', () => {
    const locked = fail(5);
    expect(afterFailedAttempt(locked, plus(10))).toEqual(locked);
  });

  it('after the lock expires the user gets a fresh set of attempts', () => {
    const locked = fail(5);
    const after = fail(4, locked, plus(16));
    expect(after).toEqual({ failedAttempts: 4, lockedUntil: null });
    expect(isLocked(afterFailedAttempt(after, plus(16)), plus(16))).toBe(true);
  });

  it('a successful sign-in resets the counter', () => {
    expect(afterSuccessfulSignIn()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('honours a custom policy and rejects nonsense', () => {
    const s = afterFailedAttempt({ failedAttempts: 2, lockedUntil: null }, t0, { maxFailures: 3, lockMinutes: 60 });
    expect(s.lockedUntil).toBe('2026-03-02T09:00:00.000Z');
    expect(() => afterFailedAttempt(s, t0, { maxFailures: 0, lockMinutes: 1 })).toThrow(/policy/);
  });
});
