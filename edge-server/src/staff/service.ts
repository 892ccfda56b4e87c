import type { ExpressionBuilder, Selectable } from 'kysely';
import { ulid } from 'ulid';
import {
  DomainError,
  type CreateStaffInputT,
  type OneTimePasswordT,
  type StaffAccountT,
  type StaffRoleT,
  type StaffSessionT,
  type StaffSignedOutT,
} from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Database, StaffTable } from '../storage/schema.ts';
import {
  DEFAULT_SCRYPT, generatePassword, hashPassword, hashToken, needsRehash, passwordProblems, randomToken, verifyAgainstDummy,
  verifyPassword, type ScryptParams,
} from '../security/password.ts';
import { afterSuccessfulSignIn, DEFAULT_LOCKOUT, isLocked, lockedFrom, type LockoutPolicy } from '../security/lockout.ts';
import { noAudit, type Audit } from '../audit/auditor.ts';
import type { Staff } from '../http/auth.ts';

export type { Staff };

/**
 * Staff sessions end after `idleMinutes` without activity and `absoluteHours` after sign-in (ASVS 3.3); every
 * `sweepMs` ended sessions are looked for without waiting for a request, so their sockets are cut in time.
 */
export interface SessionPolicy { idleMinutes: number; absoluteHours: number; sweepMs: number }
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 10, sweepMs: 15_000 };

/** Sessions that ended: one (`sessionHash`, a sign-out or expiry) or all of a member's (reset, disable, lock-out). */
export interface SessionsEnded { staffId: string; sessionHash?: string; reason: StaffSignedOutT['reason'] }
export type SessionsEndedListener = (ended: SessionsEnded) => void;

export interface StaffServiceOptions {
  db: Db;
  now?: () => Date;
  audit?: Audit;
  session?: Partial<SessionPolicy>;
  lockout?: LockoutPolicy;
  /** scrypt cost for new hashes (tests lower it). */
  hashParams?: ScryptParams;
}

type StaffRow = Selectable<StaffTable>;
const TOUCH_EVERY_MS = 15_000;

/** Staff accounts (clerks, admins), their sign-in sessions, lock-out and password changes. */
export class StaffService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly audit: Audit;
  readonly policy: SessionPolicy;
  private readonly lockout: LockoutPolicy;
  private readonly hashParams: ScryptParams;
  private readonly touched = new Map<string, number>();
  private readonly endedListeners = new Set<SessionsEndedListener>();

  constructor(opts: StaffServiceOptions) {
    this.db = opts.db;
    this.now = opts.now ?? (() => new Date());
    this.audit = opts.audit ?? noAudit;
    this.policy = { ...DEFAULT_SESSION_POLICY, ...opts.session };
    this.lockout = opts.lockout ?? DEFAULT_LOCKOUT;
    this.hashParams = opts.hashParams ?? DEFAULT_SCRYPT;
  }

  /** Sessions ended (sign-out, expiry, reset, disable, password change, lock-out): sockets are cut. Returns the unsubscribe. */
  onSessionsEnded(listener: SessionsEndedListener): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private ended(ended: SessionsEnded): void {
    for (const listener of this.endedListeners) listener(ended);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Creates an account with a one-time password, returned once and never stored in clear. */
  async create(username: string, displayName: string, role: StaffRoleT, password = generatePassword()): Promise<{ staff: Staff; password: string }> {
    const id = ulid();
    const taken = await this.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirst();
    if (taken) throw new DomainError('CONFLICT', `the user name "${username}" is taken`);
    await this.db
      .insertInto('staff')
      .values({
        id, username, display_name: displayName, role, password_hash: await hashPassword(password, this.hashParams),
        must_change_password: 1, failed_attempts: 0, locked_until: null, disabled_at: null,
      })
      .execute();
    return { staff: { id, username, displayName, role, mustChangePassword: true }, password };
  }

  async list(): Promise<StaffAccountT[]> {
    const rows = await this.db.selectFrom('staff').selectAll().orderBy('username').execute();
    return rows.map((r) => this.account(r));
  }

  async createAccount(input: CreateStaffInputT, actor: Staff): Promise<OneTimePasswordT> {
    const { staff, password } = await this.create(input.username, input.displayName, input.role);
    await this.audit({ actor: `staff:${actor.id}`, action: 'staff.created', subject: staff.id, details: { role: input.role } });
    return { account: this.account(await this.row(staff.id)), password };
  }

  /** New one-time password; the member must change it at the next sign-in. Ends the member's sessions. */
  async resetPassword(id: string, actor: Staff): Promise<OneTimePasswordT> {
    await this.row(id);
    const password = generatePassword();
    await this.db.updateTable('staff')
      .set({ password_hash: await hashPassword(password, this.hashParams), must_change_password: 1, ...lockoutColumns(afterSuccessfulSignIn()) })
      .where('id', '=', id).execute();
    await this.endSessions(id);
    await this.audit({ actor: `staff:${actor.id}`, action: 'auth.passwordReset', subject: id });
    return { account: this.account(await this.row(id)), password };
  }

  async setDisabled(id: string, disabled: boolean, actor: Staff): Promise<StaffAccountT> {
    if (id === actor.id) throw new DomainError('CONFLICT', 'you cannot disable your own account');
    await this.row(id);
    await this.db.updateTable('staff').set({ disabled_at: disabled ? this.now().toISOString() : null }).where('id', '=', id).execute();
    if (disabled) await this.endSessions(id);
    await this.audit({ actor: `staff:${actor.id}`, action: disabled ? 'staff.disabled' : 'staff.updated', subject: id, details: { kind: disabled ? 'disabled' : 'enabled' } });
    return this.account(await this.row(id));
  }

  async login(username: string, password: string): Promise<StaffSessionT> {
    const row = await this.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row) {
      // Unknown users cost the same scrypt time as known ones, so timing does not reveal user names.
      await verifyAgainstDummy(password);
      await this.audit({ actor: 'system', action: 'auth.signInFailed', details: { reason: 'unknownUser' } });
      throw new DomainError('INVALID_CREDENTIALS', 'user name or password is wrong');
    }
    await this.checkPassword(row, password, 'signIn');
    if (row.disabled_at) {
      await this.audit({ actor: `staff:${row.id}`, action: 'auth.signInFailed', subject: row.id, details: { reason: 'disabled' } });
      throw new DomainError('INVALID_CREDENTIALS', 'user name or password is wrong');
    }
    if (needsRehash(row.password_hash, this.hashParams)) {
      await this.db.updateTable('staff').set({ password_hash: await hashPassword(password, this.hashParams) }).where('id', '=', row.id).execute();
    }
    const session = await this.openSession(row);
    await this.audit({ actor: `staff:${row.id}`, action: 'auth.signIn', subject: row.id, details: { role: row.role, kind: session.mustChangePassword ? 'mustChangePassword' : 'normal' } });
    return session;
  }

  async logout(staff: Staff): Promise<void> {
    if (!staff.sessionHash) return;
    await this.db.deleteFrom('staff_sessions').where('token_hash', '=', staff.sessionHash).execute();
    this.touched.delete(staff.sessionHash);
    this.ended({ staffId: staff.id, sessionHash: staff.sessionHash, reason: 'signedOut' });
    await this.audit({ actor: `staff:${staff.id}`, action: 'auth.signOut', subject: staff.id });
  }

  /** Checks password policy and the current password; ends every session and returns a fresh one. */
  async changePassword(staff: Staff, currentPassword: string, newPassword: string): Promise<StaffSessionT> {
    const row = await this.row(staff.id);
    await this.checkPassword(row, currentPassword, 'passwordChange');
    const problems: string[] = passwordProblems(newPassword, row.username);
    if (newPassword === currentPassword) problems.push('sameAsCurrent');
    if (problems.length) throw new DomainError('BAD_REQUEST', `new password rejected: ${problems.join(', ')}`);
    await this.db.updateTable('staff')
      .set({ password_hash: await hashPassword(newPassword, this.hashParams), must_change_password: 0 })
      .where('id', '=', row.id).execute();
    await this.endSessions(row.id);
    await this.audit({ actor: `staff:${row.id}`, action: 'auth.passwordChanged', subject: row.id });
    return this.openSession({ ...row, must_change_password: 0 });
  }

  /** The idle screen lock: the password again, with the same lock-out as sign-in. Keeps the session. */
  async unlock(staff: Staff, password: string): Promise<void> {
    await this.checkPassword(await this.row(staff.id), password, 'unlock');
  }

  async authenticate(token: string | undefined): Promise<Staff | undefined> {
    if (!token || token.length > 200) return undefined;
    return this.bySessionHash(hashToken(token));
  }

  /** The session behind a hash if it is still valid (absolute and idle limits); counts as activity. */
  async bySessionHash(sessionHash: string): Promise<Staff | undefined> {
    const now = this.now();
    const row = await this.db
      .selectFrom('staff_sessions')
      .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
      .select(['staff.id', 'staff.username', 'staff.display_name', 'staff.role', 'staff.must_change_password', 'staff.disabled_at',
        'staff_sessions.created_at', 'staff_sessions.last_seen_at'])
      .where('staff_sessions.token_hash', '=', sessionHash)
      .where('staff_sessions.expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (!row || row.disabled_at) return undefined;
    const lastSeen = Math.max(Date.parse(row.last_seen_at ?? row.created_at), this.touched.get(sessionHash) ?? 0);
    if (now.getTime() - lastSeen >= this.policy.idleMinutes * 60_000) return undefined;
    if (now.getTime() - (this.touched.get(sessionHash) ?? lastSeen) >= TOUCH_EVERY_MS) {
      this.touched.set(sessionHash, now.getTime());
      await this.db.updateTable('staff_sessions').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', sessionHash).execute();
    }
    return {
      id: row.id, username: row.username, displayName: row.display_name, role: row.role as StaffRoleT,
      mustChangePassword: row.must_change_password === 1, sessionHash,
    };
  }

  /**
   * Activity that needs no database read (a clerk's audio frames, typed lines): keeps the session from idling out.
   * Written through at most every 15 s; the sweep also looks here.
   */
  active(sessionHash: string): void {
    const now = this.now().getTime();
    if (now - (this.touched.get(sessionHash) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(sessionHash, now);
    this.db.updateTable('staff_sessions').set({ last_seen_at: new Date(now).toISOString() }).where('token_hash', '=', sessionHash).execute()
      .catch(() => undefined);
  }

  /**
   * Ends sessions past their absolute or idle limit and tells the listeners, so their sockets are cut without
   * waiting for a request (the sweep in realtime/io.ts and the retention job call this). Returns how many ended.
   */
  async purgeExpiredSessions(): Promise<number> {
    const now = this.now();
    const idleCutoff = new Date(now.getTime() - this.policy.idleMinutes * 60_000).toISOString();
    const due = await this.db.selectFrom('staff_sessions').select(['token_hash', 'staff_id', 'expires_at'])
      .where((eb) => eb.or([
        eb('expires_at', '<=', now.toISOString()),
        eb.and([eb('last_seen_at', 'is not', null), eb('last_seen_at', '<=', idleCutoff)]),
        eb.and([eb('last_seen_at', 'is', null), eb('created_at', '<=', idleCutoff)]),
      ]))
      .execute();
    // Activity not yet written through still counts.
    const ended = due.filter((r) => r.expires_at <= now.toISOString() || (this.touched.get(r.token_hash) ?? 0) <= Date.parse(idleCutoff));
    for (const r of ended) {
      await this.db.deleteFrom('staff_sessions').where('token_hash', '=', r.token_hash).execute();
      this.touched.delete(r.token_hash);
      this.ended({ staffId: r.staff_id, sessionHash: r.token_hash, reason: 'expired' });
    }
    return ended.length;
  }

  private async openSession(row: StaffRow): Promise<StaffSessionT> {
    const token = randomToken();
    const at = this.now();
    const expiresAt = new Date(at.getTime() + this.policy.absoluteHours * 3_600_000).toISOString();
    await this.db.insertInto('staff_sessions')
      .values({ token_hash: hashToken(token), staff_id: row.id, created_at: at.toISOString(), last_seen_at: at.toISOString(), expires_at: expiresAt })
      .execute();
    const session: StaffSessionT = { token, username: row.username, displayName: row.display_name, role: row.role as StaffRoleT, expiresAt, languages: languagesOf(row.languages) };
    if (row.must_change_password === 1) session.mustChangePassword = true;
    return session;
  }

  /**
   * Lock-out aware password check (ASVS 2.2.1). Every attempt is counted in one conditional UPDATE before the
   * password is verified, so parallel guesses cannot all read the same unlocked row: an attempt beyond the limit
   * or on a locked account is refused without verifying. After a right password the lock is checked again (a
   * parallel wrong one may have locked the account meanwhile) in the same statement that clears the count.
   */
  private async checkPassword(row: StaffRow, password: string, scope: 'signIn' | 'passwordChange' | 'unlock'): Promise<void> {
    const actor = `staff:${row.id}` as const;
    const attempt = await this.claimAttempt(row.id);
    if (attempt === undefined || attempt > this.lockout.maxFailures) {
      await this.audit({ actor, action: 'auth.signInFailed', subject: row.id, details: { reason: 'locked', scope } });
      throw new DomainError('LOCKED', 'too many wrong passwords: this account is locked for a while');
    }
    if (await verifyPassword(password, row.password_hash)) {
      const cleared = await this.db.updateTable('staff').set(lockoutColumns(afterSuccessfulSignIn()))
        .where('id', '=', row.id).where((eb) => this.notLocked(eb)).returning('id').executeTakeFirst();
      if (cleared) return;
      await this.audit({ actor, action: 'auth.signInFailed', subject: row.id, details: { reason: 'locked', scope } });
      throw new DomainError('LOCKED', 'too many wrong passwords: this account is locked for a while');
    }
    await this.audit({ actor, action: 'auth.signInFailed', subject: row.id, details: { reason: 'badPassword', scope, failedAttempts: attempt } });
    if (attempt >= this.lockout.maxFailures) {
      await this.db.updateTable('staff').set(lockoutColumns(lockedFrom(this.now(), this.lockout)))
        .where('id', '=', row.id).where((eb) => this.notLocked(eb)).execute();
      // Guessing at the screen lock or password change ends the session; at sign-in it must not (that would let
      // anyone sign a clerk out by typing wrong passwords for them).
      if (scope !== 'signIn') await this.endSessions(row.id);
      await this.audit({ actor: 'system', action: 'auth.locked', subject: row.id, details: { scope } });
      throw new DomainError('LOCKED', 'too many wrong passwords: this account is locked for a while');
    }
    throw new DomainError('INVALID_CREDENTIALS', 'user name or password is wrong');
  }

  /** Counts one attempt unless the account is locked; returns its number, or undefined while locked. */
  private async claimAttempt(id: string): Promise<number | undefined> {
    const claimed = await this.db.updateTable('staff')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id).where((eb) => this.notLocked(eb))
      .returning('failed_attempts').executeTakeFirst();
    return claimed?.failed_attempts;
  }

  private notLocked(eb: ExpressionBuilder<Database, 'staff'>) {
    return eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', this.now().toISOString())]);
  }

  private async endSessions(staffId: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
    this.ended({ staffId, reason: 'ended' });
  }

  private async row(id: string): Promise<StaffRow> {
    const row = await this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `no staff account ${id}`);
    return row;
  }

  private account(r: StaffRow): StaffAccountT {
    const lockedUntil = isLocked({ failedAttempts: r.failed_attempts, lockedUntil: r.locked_until }, this.now()) ? r.locked_until : null;
    return {
      id: r.id, username: r.username, displayName: r.display_name, role: r.role as StaffRoleT,
      mustChangePassword: r.must_change_password === 1, lockedUntil, disabled: r.disabled_at !== null, languages: languagesOf(r.languages),
    };
  }
}

/** The languages column (issue 11): a JSON list of catalogue codes, null when none were entered. */
function languagesOf(json: string | null): string[] {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function lockoutColumns(state: { failedAttempts: number; lockedUntil: string | null }) {
  return { failed_attempts: state.failedAttempts, locked_until: state.lockedUntil };
}
