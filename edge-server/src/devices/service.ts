import crypto from 'node:crypto';
import { ulid } from 'ulid';
import { DomainError, type DeviceInfoT, type DeviceRoleT, type PairedDeviceT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import { hashToken, randomToken } from '../security/password.ts';
import { noAudit, type Audit } from '../audit/auditor.ts';
import type { Device } from '../http/auth.ts';

export type { Device };

/** Unambiguous letters and digits: a code read off a screen and typed on a tablet. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function makePairingCode(): string {
  const chars = Array.from(crypto.randomBytes(8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

function normaliseCode(code: string): string {
  const plain = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}

export interface DeviceServiceOptions {
  db: Db;
  now?: () => Date;
  codeTtlMs?: number;
  /** Called when a device is revoked, so its sockets are cut at once. */
  onRevoked?: (deviceId: string) => void;
  audit?: Audit;
  /** Whether a counter exists (the queue knows): a citizen screen is bound to a real one. */
  counterExists?: (counterId: string) => Promise<boolean>;
}

const SEEN_EVERY_MS = 60_000;

/** Pairing codes, device tokens (stored only hashed) and revocation. */
export class DeviceService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly codeTtlMs: number;
  onRevoked: (deviceId: string) => void;
  /** Token hash → device, so a socket handshake costs no query after the first. */
  private readonly cache = new Map<string, Device>();
  private readonly audit: Audit;
  private readonly counterExists: (counterId: string) => Promise<boolean>;
  /** Device id → when last-seen/IP was written, so busy devices do not cost a write per request. */
  private readonly lastWrite = new Map<string, { at: number; ip: string }>();
  /** Device id → the last socket limit it hit since start (the admin's device list shows it). */
  private readonly limits = new Map<string, NonNullable<DeviceInfoT['limited']>>();

  constructor(opts: DeviceServiceOptions) {
    this.db = opts.db;
    this.now = opts.now ?? (() => new Date());
    this.codeTtlMs = opts.codeTtlMs ?? 10 * 60_000;
    this.onRevoked = opts.onRevoked ?? (() => {});
    this.audit = opts.audit ?? noAudit;
    this.counterExists = opts.counterExists ?? (async () => true);
  }

  /**
   * A citizen screen shows one counter's conversation and nothing else, so its code names that counter (issue 10
   * §3); for any other role a counter would mean nothing and is refused rather than ignored.
   */
  async createPairingCode(role: DeviceRoleT, name: string, counterId?: string): Promise<{ code: string; expiresAt: string }> {
    const counter = await this.checkBinding(role, counterId);
    const code = makePairingCode();
    const expiresAt = new Date(this.now().getTime() + this.codeTtlMs).toISOString();
    await this.db.insertInto('pairing_codes').values({ code_hash: hashToken(code), role, name, expires_at: expiresAt, used_at: null, counter_id: counter }).execute();
    return { code, expiresAt };
  }

  private async checkBinding(role: DeviceRoleT, counterId: string | undefined): Promise<string | null> {
    if (role !== 'citizen') {
      if (counterId !== undefined) throw new DomainError('BAD_REQUEST', 'only a citizen screen is bound to a counter');
      return null;
    }
    if (counterId === undefined) throw new DomainError('BAD_REQUEST', 'a citizen screen shows one counter: choose which');
    if (!(await this.counterExists(counterId))) throw new DomainError('NOT_FOUND', `no counter ${counterId}`);
    return counterId;
  }

  /** Redeems a code once; the device gets a fresh random token that only the device keeps. */
  async pair(code: string): Promise<PairedDeviceT> {
    const codeHash = hashToken(normaliseCode(code));
    const at = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('pairing_codes')
        .set({ used_at: at })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .returning(['role', 'name', 'counter_id'])
        .executeTakeFirst();
      if (!used) throw new DomainError('PAIRING_CODE_INVALID', 'this pairing code is unknown, used or expired');
      return this.insertDevice(trx, used.role as DeviceRoleT, used.name, at, used.counter_id);
    }).then(async (device) => {
      await this.audit({ actor: `device:${device.deviceId}`, action: 'device.paired', subject: device.deviceId, details: { deviceRole: device.role, method: 'code' } });
      return device;
    });
  }

  /** Development switch only: pairs without a code (the route allows it from loopback only). */
  async pairWithoutCode(role: DeviceRoleT, name: string, counterId?: string): Promise<PairedDeviceT> {
    const counter = await this.checkBinding(role, counterId);
    const device = await this.insertDevice(this.db, role, name, this.now().toISOString(), counter);
    await this.audit({ actor: `device:${device.deviceId}`, action: 'device.paired', subject: device.deviceId, details: { deviceRole: role, method: 'devAutoPair' } });
    return device;
  }

  private async insertDevice(db: Pick<Db, 'insertInto'>, role: DeviceRoleT, name: string, at: string, counterId: string | null): Promise<PairedDeviceT> {
    const token = randomToken();
    const deviceId = ulid();
    await db.insertInto('devices').values({ id: deviceId, role, name, token_hash: hashToken(token), paired_at: at, last_seen_at: at, revoked_at: null, counter_id: counterId }).execute();
    return { deviceId, role, name, token, ...(counterId ? { counterId } : {}) };
  }

  async authenticate(token: string | undefined): Promise<Device | undefined> {
    if (!token || token.length > 200) return undefined;
    const tokenHash = hashToken(token);
    const cached = this.cache.get(tokenHash);
    if (cached) return cached;
    const row = await this.db.selectFrom('devices').select(['id', 'role', 'name', 'counter_id']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) return undefined;
    const device: Device = { id: row.id, role: row.role as DeviceRoleT, name: row.name, ...(row.counter_id ? { counterId: row.counter_id } : {}) };
    this.cache.set(tokenHash, device);
    return device;
  }

  /** Records last seen and the address (the admin's inventory); at most once a minute per device unless the IP changes. */
  async touch(deviceId: string, ip?: string): Promise<void> {
    const now = this.now();
    const prev = this.lastWrite.get(deviceId);
    if (prev && prev.ip === (ip ?? prev.ip) && now.getTime() - prev.at < SEEN_EVERY_MS) return;
    this.lastWrite.set(deviceId, { at: now.getTime(), ip: ip ?? prev?.ip ?? '' });
    await this.db.updateTable('devices')
      .set({ last_seen_at: now.toISOString(), ...(ip ? { last_ip: normaliseIp(ip) } : {}) })
      .where('id', '=', deviceId).execute();
  }

  /** When the device was last seen connected before now (the stored last seen), for the offline-gap rule. */
  async lastSeenAt(deviceId: string): Promise<Date | undefined> {
    const row = await this.db.selectFrom('devices').select('last_seen_at').where('id', '=', deviceId).executeTakeFirst();
    return row?.last_seen_at ? new Date(row.last_seen_at) : undefined;
  }

  /** The device's last socket went away: its last seen is now, whatever was written a moment ago. */
  async gone(deviceId: string): Promise<void> {
    this.lastWrite.delete(deviceId);
    await this.touch(deviceId);
  }

  /** A socket limit refused this device (counted; shown in the device list). */
  limitHit(deviceId: string, kind: NonNullable<DeviceInfoT['limited']>['kind']): void {
    const prev = this.limits.get(deviceId);
    this.limits.set(deviceId, { lastAt: this.now().toISOString(), count: (prev?.count ?? 0) + 1, kind });
  }

  /** Fire-and-forget `touch` for request paths. */
  seen(deviceId: string, ip: string): void {
    this.touch(deviceId, ip).catch(() => undefined);
  }

  async list(): Promise<DeviceInfoT[]> {
    // Removed devices (issue 11) leave the list; their rows stay for the audit.
    const rows = await this.db.selectFrom('devices').selectAll().where('removed_at', 'is', null).orderBy('paired_at', 'desc').execute();
    return rows.map((r) => ({
      deviceId: r.id,
      role: r.role as DeviceRoleT,
      name: r.name,
      pairedAt: r.paired_at,
      lastSeenAt: r.last_seen_at,
      revoked: r.revoked_at !== null,
      ...(r.role === 'citizen' ? { counterId: r.counter_id } : {}),
      lastIp: r.last_ip,
      ...(this.limits.has(r.id) ? { limited: this.limits.get(r.id) } : {}),
    }));
  }

  async revoke(deviceId: string, actor?: `staff:${string}`): Promise<void> {
    const res = await this.db.updateTable('devices').set({ revoked_at: this.now().toISOString() }).where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new DomainError('NOT_FOUND', `no active device ${deviceId}`);
    for (const [hash, device] of this.cache) if (device.id === deviceId) this.cache.delete(hash);
    this.onRevoked(deviceId);
    await this.audit({ actor: actor ?? 'system', action: 'device.revoked', subject: deviceId });
  }
}

/** `::ffff:10.0.0.5` → `10.0.0.5`: what the admin recognises from the router's list. */
export function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
