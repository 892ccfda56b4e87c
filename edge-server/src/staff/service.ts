import { ulid } from 'ulid';
import { DomainError, type StaffRoleT, type StaffSessionT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import { generatePassword, hashPassword, hashToken, randomToken, verifyAgainstDummy, verifyPassword } from '../security/password.ts';

export interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: StaffRoleT;
}

export interface StaffServiceOptions {
  db: Db;
  now?: () => Date;
  sessionTtlMs?: number;
}

/** Staff accounts (clerks, admins) and their sign-in sessions. */
export class StaffService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly sessionTtlMs: number;

  constructor(opts: StaffServiceOptions) {
    this.db = opts.db;
    this.now = opts.now ?? (() => new Date());
    this.sessionTtlMs = opts.sessionTtlMs ?? 10 * 60 * 60_000;
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Creates an account with a one-time password, returned once and never stored in clear. */
  async create(username: string, displayName: string, role: StaffRoleT, password = generatePassword()): Promise<{ staff: Staff; password: string }> {
    const id = ulid();
    await this.db
      .insertInto('staff')
      .values({ id, username, display_name: displayName, role, password_hash: await hashPassword(password), must_change_password: 1, failed_attempts: 0, locked_until: null })
      .execute();
    return { staff: { id, username, displayName, role }, password };
  }

  async login(username: string, password: string): Promise<StaffSessionT> {
    const row = await this.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
    // Unknown users cost the same scrypt time as known ones, so timing does not reveal user names.
    const valid = row ? await verifyPassword(password, row.password_hash) : await verifyAgainstDummy(password);
    if (!row || !valid) throw new DomainError('INVALID_CREDENTIALS', 'user name or password is wrong');
    const token = randomToken();
    const at = this.now();
    const expiresAt = new Date(at.getTime() + this.sessionTtlMs).toISOString();
    await this.db.insertInto('staff_sessions').values({ token_hash: hashToken(token), staff_id: row.id, created_at: at.toISOString(), expires_at: expiresAt }).execute();
    return { token, username: row.username, displayName: row.display_name, role: row.role as StaffRoleT, expiresAt };
  }

  async logout(token: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('token_hash', '=', hashToken(token)).execute();
  }

  async authenticate(token: string | undefined): Promise<Staff | undefined> {
    if (!token) return undefined;
    const row = await this.db
      .selectFrom('staff_sessions')
      .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
      .select(['staff.id', 'staff.username', 'staff.display_name', 'staff.role'])
      .where('staff_sessions.token_hash', '=', hashToken(token))
      .where('staff_sessions.expires_at', '>', this.now().toISOString())
      .executeTakeFirst();
    return row && { id: row.id, username: row.username, displayName: row.display_name, role: row.role as StaffRoleT };
  }
}
