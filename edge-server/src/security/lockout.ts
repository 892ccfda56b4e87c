/**
 * Account lock-out policy (ASVS 2.2.1, BSI ORP.4): after `maxFailures` wrong passwords in a row the account is
 * locked for `lockMinutes`. Pure: the caller stores the returned state (staff.failed_attempts / locked_until).
 */
export interface LockoutPolicy { maxFailures: number; lockMinutes: number }
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export interface LockoutState { failedAttempts: number; lockedUntil: string | null }

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime();
}

/**
 * State after a failed attempt. The counter resets when the lock starts, so after the lock the user again has
 * `maxFailures` tries. A failure while locked changes nothing: the caller should not even check the password
 * then, and an attacker must not be able to extend a victim's lock forever.
 */
export function afterFailedAttempt(state: LockoutState, now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockoutState {
  if (policy.maxFailures < 1 || policy.lockMinutes <= 0) throw new Error('invalid lock-out policy');
  if (isLocked(state, now)) return state;
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= policy.maxFailures) return lockedFrom(now, policy);
  return { failedAttempts, lockedUntil: null };
}

/** The state that starts a lock at `now` (the count starts again after it). */
export function lockedFrom(now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockoutState {
  return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString() };
}

export function afterSuccessfulSignIn(): LockoutState {
  return { failedAttempts: 0, lockedUntil: null };
}
