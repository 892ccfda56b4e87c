/**
 * A real edge server for integration tests and the benchmark: SQLite file in a temp folder, listening on
 * 127.0.0.1, seeded with the demo office, one paired device per role (paired through real codes), a signed-in
 * clerk and admin, and helpers for HTTP calls and connected socket.io clients. `restart()` closes everything
 * server-side and reopens on the same file and port, as a power cycle of the edge box would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { ulid } from 'ulid';
import { io as ioClient, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type DeviceRoleT,
  type PairedDeviceT,
  type ServerToClientEvents,
} from '@lotse/shared';
import { buildApp, type AppOptions, type LotseApp } from '../../edge-server/src/app.ts';
import { migrateToLatest, openSqlite, type Db } from '../../edge-server/src/storage/db.ts';
import { seedDemoOffice } from '../../edge-server/src/main/seed.ts';
import { hashPassword } from '../../edge-server/src/security/password.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Role = DeviceRoleT;

export interface StartOptions {
  /** Fixed port (the reconnect test needs the same port after a restart); default: a free one from the OS. */
  port?: number;
  now?: () => Date;
  timeZone?: string;
  /** Further app options (speech engines, clerk language) for domain tests. */
  app?: Omit<AppOptions, 'db' | 'now' | 'timeZone'>;
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

export interface ConnectOptions {
  token?: string;
  staffToken?: string;
  protocolVersion?: number;
  /** Let socket.io-client reconnect by itself (default false: tests decide). */
  reconnection?: boolean;
}

/** Tables whose row counts tell whether a request changed data. */
export const DATA_TABLES = ['tickets', 'calls', 'counters', 'day_sequences', 'devices', 'pairing_codes', 'staff', 'staff_sessions'] as const;

export class TestServer {
  lotse!: LotseApp;
  db!: Db;
  port = 0;
  readonly devices = {} as Record<Role, PairedDeviceT>;
  adminToken = '';
  clerkToken = '';
  readonly passwords: Record<string, string> = {};
  private readonly sockets = new Set<ClientSocket>();

  private constructor(
    readonly dir: string,
    readonly file: string,
    private readonly opts: StartOptions,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(opts: StartOptions = {}): Promise<TestServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-test-'));
    const server = new TestServer(dir, path.join(dir, 'lotse.sqlite'), opts);
    await server.open(opts.port ?? 0);
    const seeded = await seedDemoOffice(server.db, server.lotse.staff);
    for (const a of seeded.createdAccounts) server.passwords[a.username] = a.password;
    server.adminToken = (await server.login('admin', server.passwords.admin)).token;
    server.clerkToken = (await server.login('sachbearbeitung', server.passwords.sachbearbeitung)).token;
    for (const role of ['kiosk', 'display', 'counter'] as const) server.devices[role] = await server.pairDevice(role, `Test ${role}`);
    return server;
  }

  private async open(port: number): Promise<void> {
    this.db = openSqlite(this.file);
    await migrateToLatest(this.db);
    this.lotse = await buildApp({ ...this.opts.app, db: this.db, now: this.opts.now, timeZone: this.opts.timeZone });
    await this.lotse.app.listen({ host: '127.0.0.1', port });
    this.port = (this.lotse.app.server.address() as net.AddressInfo).port;
  }

  /** Stops the server and closes the database, the way `server.ts` shuts down; client sockets stay as they are. */
  async stop(): Promise<void> {
    await this.lotse.app.close();
    await this.db.destroy();
  }

  /** Opens the database file and listens on the same port again (after `stop()`). */
  async reopen(): Promise<void> {
    await this.open(this.port);
  }

  /** Closes the server and the database, then opens both again on the same file and port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.reopen();
  }

  /** Disconnects every client made here, stops the server and removes the temp folder. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.disconnect();
    this.sockets.clear();
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async http<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, opts: { token?: string; deviceToken?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.deviceToken) headers['x-device-token'] = opts.deviceToken;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${url}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T };
  }

  /** Signs in; a one-time password is changed first (as the apps make a new user do), so the session is usable. */
  async login(username: string, password: string): Promise<{ token: string }> {
    const res = await this.http<{ token: string; mustChangePassword?: boolean }>('POST', '/api/v1/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    if (!res.body.mustChangePassword) return res.body;
    const newPassword = 'Vier-Wald-Schalter-Kiosk-2026!';
    const changed = await this.http<{ token: string }>('POST', '/api/v1/auth/password', { token: res.body.token, body: { currentPassword: password, newPassword } });
    if (changed.status !== 200) throw new Error(`password change for ${username} failed: ${changed.status} ${JSON.stringify(changed.body)}`);
    this.passwords[username] = newPassword;
    return changed.body;
  }

  /** Pairs a device the way an admin and a tablet do: a code from the admin API, redeemed on the pair route. */
  async pairDevice(role: Role, name: string): Promise<PairedDeviceT> {
    const code = await this.http<{ code: string }>('POST', '/api/v1/devices/pairing-codes', { token: this.adminToken, body: { role, name } });
    if (code.status !== 201) throw new Error(`pairing code failed: ${code.status} ${JSON.stringify(code.body)}`);
    const paired = await this.http<PairedDeviceT>('POST', '/api/v1/devices/pair', { body: { code: code.body.code } });
    if (paired.status !== 201) throw new Error(`pairing failed: ${paired.status} ${JSON.stringify(paired.body)}`);
    return paired.body;
  }

  /** Another clerk account (cheap scrypt parameters so tests stay fast), signed in; returns the session token. */
  async addClerk(username: string): Promise<string> {
    const password = `pw-${username}-1234`;
    await this.db
      .insertInto('staff')
      .values({ id: ulid(), username, display_name: username, role: 'clerk', password_hash: await hashPassword(password, { ln: 10, r: 8, p: 1 }), must_change_password: 0, failed_attempts: 0, locked_until: null })
      .execute();
    return (await this.login(username, password)).token;
  }

  /** A socket.io client that is not yet known to be connected (for handshake tests). */
  socket(opts: ConnectOptions & { role?: Role } = {}): ClientSocket {
    const token = opts.token ?? (opts.role ? this.devices[opts.role].token : undefined);
    const auth: Record<string, unknown> = { protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION };
    if (token !== undefined) auth.deviceToken = token;
    if (opts.staffToken !== undefined) auth.staffToken = opts.staffToken;
    const socket: ClientSocket = ioClient(this.url, {
      auth,
      transports: ['websocket'],
      reconnection: opts.reconnection ?? false,
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
      forceNew: true,
    });
    this.sockets.add(socket);
    return socket;
  }

  /** A connected client of a role; a counter gets the signed-in clerk unless `staffToken: ''` is given. */
  async connect(role: Role, opts: ConnectOptions = {}): Promise<ClientSocket> {
    const staffToken = opts.staffToken ?? (role === 'counter' ? this.clerkToken : undefined);
    const socket = this.socket({ ...opts, role, staffToken: staffToken || undefined });
    await connected(socket);
    return socket;
  }

  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of DATA_TABLES) {
      const row = await this.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  }
}

export function connected(socket: ClientSocket, timeoutMs = 5000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The handshake refusal of a socket that must not connect: `{ message, code }` from `err.data.code`. */
export function refused(socket: ClientSocket, timeoutMs = 5000): Promise<{ message: string; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket was neither refused nor connected in time')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('socket connected but should have been refused'));
    });
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      clearTimeout(timer);
      resolve({ message: err.message, code: err.data?.code });
    });
  });
}

type AnyEmitter = { emit(event: string, ...args: unknown[]): unknown; timeout(ms: number): AnyEmitter };

/**
 * Emits an event and resolves with its acknowledgement. The payload is `unknown` on purpose so bad-input tests
 * can send anything; typed callers use `call`.
 */
export function emitRaw(socket: ClientSocket, event: string, payload: unknown, timeoutMs = 5000): Promise<Ack<unknown>> {
  const s = socket as unknown as AnyEmitter;
  return new Promise((resolve, reject) => {
    s.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: Ack<unknown>) => (err ? reject(err) : resolve(ack)));
  });
}

type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type ResultOf<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** Typed emit with acknowledgement. */
export function call<E extends keyof ClientToServerEvents>(socket: ClientSocket, event: E, payload: PayloadOf<E>): Promise<ResultOf<E>> {
  return emitRaw(socket, event, payload) as Promise<ResultOf<E>>;
}

/** Typed emit that must succeed; returns `data`. */
export async function callOk<E extends keyof ClientToServerEvents>(socket: ClientSocket, event: E, payload: PayloadOf<E>) {
  const ack = await emitRaw(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data as ResultOf<E> extends Ack<infer R> ? R : never;
}

/** Resolves with the next server event of that name (optionally the first matching `filter`). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  filter: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>> {
  const s = socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void; off(e: string, l: (...a: unknown[]) => void): void };
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      const typed = args as Parameters<ServerToClientEvents[E]>;
      if (!filter(...typed)) return;
      clearTimeout(timer);
      s.off(event, listener);
      resolve(typed);
    };
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    s.on(event, listener);
  });
}

/** Collects every event of a name until `stop()` is called. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const items: Parameters<ServerToClientEvents[E]>[] = [];
  const s = socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void; off(e: string, l: (...a: unknown[]) => void): void };
  const listener = (...args: unknown[]) => void items.push(args as Parameters<ServerToClientEvents[E]>);
  s.on(event, listener);
  return { items, stop: () => s.off(event, listener) };
}

/** A port the OS reports free right now (for tests that must come back on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const newId = (): string => ulid();

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
