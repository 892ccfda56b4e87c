/**
 * A real edge server for the security tests: temp SQLite file, 127.0.0.1 on a free port, a movable clock and the
 * trust options under test. Accounts are seeded as on a first start (one-time passwords, forced change).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { io as ioClient } from 'socket.io-client';
import { PROTOCOL_VERSION, type DeviceRoleT, type PairedDeviceT, type StaffSessionT } from '@lotse/shared';
import { buildApp, type AppOptions, type LotseApp } from '../../edge-server/src/app.ts';
import { migrateToLatest, openSqlite, type Db } from '../../edge-server/src/storage/db.ts';
import { seedDemoOffice } from '../../edge-server/src/storage/seed.ts';
import type { ClientSocket } from '../helpers/server.ts';

export interface Clock {
  now: () => Date;
  advance(ms: number): void;
}

export function movableClock(start = Date.now()): Clock {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export interface Res<T = unknown> { status: number; body: T; headers: Headers }
export const NEW_PASSWORD = 'Neues-Passwort-fuer-Lotse-42';

export class SecureServer {
  readonly sockets = new Set<ClientSocket>();
  passwords: Record<string, string> = {};
  adminToken = '';
  clerkToken = '';
  private constructor(readonly lotse: LotseApp, readonly db: Db, readonly dir: string, readonly port: number, readonly clock: Clock) {}

  static async start(opts: { trust?: AppOptions['trust']; clock?: Clock; signIn?: boolean } = {}): Promise<SecureServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-sec-'));
    const db = openSqlite(path.join(dir, 'lotse.sqlite'));
    await migrateToLatest(db);
    const clock = opts.clock ?? movableClock();
    const lotse = await buildApp({ db, now: clock.now, trust: opts.trust });
    await lotse.app.listen({ host: '127.0.0.1', port: 0 });
    const server = new SecureServer(lotse, db, dir, (lotse.app.server.address() as AddressInfo).port, clock);
    const seeded = await seedDemoOffice(db, lotse.staff);
    for (const a of seeded.createdAccounts) server.passwords[a.username] = a.password;
    if (opts.signIn ?? true) {
      server.adminToken = (await server.firstSignIn('admin')).token;
      server.clerkToken = (await server.firstSignIn('sachbearbeitung')).token;
    }
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async http<T = unknown>(method: string, url: string, opts: { token?: string; deviceToken?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Res<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.deviceToken) headers['x-device-token'] = opts.deviceToken;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${url}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* keep text */
    }
    return { status: res.status, body: body as T, headers: res.headers };
  }

  login(username: string, password: string) {
    return this.http<StaffSessionT & { ok?: false; error?: { code: string } }>('POST', '/api/v1/auth/login', { body: { username, password } });
  }

  /** Sign-in with the one-time password followed by the forced change, as the apps do it. */
  async firstSignIn(username: string): Promise<StaffSessionT> {
    const first = await this.login(username, this.passwords[username]);
    if (first.status !== 200) throw new Error(`login ${username}: ${first.status} ${JSON.stringify(first.body)}`);
    if (!first.body.mustChangePassword) return first.body;
    const changed = await this.http<StaffSessionT>('POST', '/api/v1/auth/password', {
      token: first.body.token, body: { currentPassword: this.passwords[username], newPassword: NEW_PASSWORD },
    });
    if (changed.status !== 200) throw new Error(`password change ${username}: ${changed.status} ${JSON.stringify(changed.body)}`);
    this.passwords[username] = NEW_PASSWORD;
    return changed.body;
  }

  async pair(role: DeviceRoleT, name = `Test ${role}`): Promise<PairedDeviceT> {
    const code = await this.http<{ code: string }>('POST', '/api/v1/devices/pairing-codes', { token: this.adminToken, body: { role, name } });
    if (code.status !== 201) throw new Error(`pairing code: ${code.status} ${JSON.stringify(code.body)}`);
    const paired = await this.http<PairedDeviceT>('POST', '/api/v1/devices/pair', { body: { code: code.body.code } });
    if (paired.status !== 201) throw new Error(`pair: ${paired.status} ${JSON.stringify(paired.body)}`);
    return paired.body;
  }

  socket(auth: { deviceToken?: string; staffToken?: string; protocolVersion?: number }, opts: { reconnection?: boolean } = {}): ClientSocket {
    const socket: ClientSocket = ioClient(this.url, {
      auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
      transports: ['websocket'],
      reconnection: opts.reconnection ?? false,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
      forceNew: true,
    });
    this.sockets.add(socket);
    return socket;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.disconnect();
    await this.lotse.app.close();
    await this.db.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
