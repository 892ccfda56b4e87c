/**
 * The one test harness for a real edge server, used by the integration, security and e2e suites and the benchmark:
 * `buildApp` in this process on a SQLite file in its own temp folder (or its own PostgreSQL database when
 * `LOTSE_TEST_DATABASE=postgres`, see testDatabase.ts), listening on 127.0.0.1 (a free port unless
 * one is given), seeded with the demo office, with real socket.io clients and HTTP. What a suite needs is an option:
 * signed-in admin and clerk (`signIn`), one paired device per role (`pairDevices`), a clock the test moves
 * (`clock`), the production builds of the apps (`serveApps`). `stop()`/`reopen()` power-cycle it on the same file
 * and port; `close()` disconnects every client made here, stops the server and removes the folder, and is safe to
 * call in any state (also when `start` failed half-way, which closes what it had started). `startServerProcess`
 * (serverProcess.ts, exported here too) runs the real server as its own process instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createSecretKey, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { io as ioClient } from 'socket.io-client';
import { PROTOCOL_VERSION, type DeviceRoleT, type PairedDeviceT, type StaffSessionT } from '@lotse/shared';
import { buildApp, type AppOptions, type LotseApp } from '../../edge-server/src/app.ts';
import { migrateToLatest, type Db } from '../../edge-server/src/storage/db.ts';
import { seedDemoOffice } from '../../edge-server/src/main/seed.ts';
import { hashPassword } from '../../edge-server/src/security/password.ts';
import { connected, type ClientSocket } from './client.ts';
import { WAIT } from './timeouts.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase, type TestDialect } from './testDatabase.ts';
import { installOps } from '../../edge-server/src/ops/index.ts';
import { attachRedisAdapter } from '../../edge-server/src/ops/cluster.ts';

export * from './client.ts';
// The same server as its own process, for tests of the process itself (signals, start-up, the data-folder lock).
export * from './serverProcess.ts';

export type Role = DeviceRoleT;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The password every forced first change sets (strong enough for the server's rules). */
export const NEW_PASSWORD = 'Neues-Passwort-fuer-Lotse-42';

export interface Clock {
  now: () => Date;
  advance(ms: number): void;
}

/** A clock that stands still until the test moves it (deadlines, expiry and retention tests). */
export function frozenClock(start = Date.now()): Clock {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

/** Real time, plus whatever the test has moved it on by. */
export function runningClock(): Clock {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

export interface StartOptions {
  /** Fixed port (a test that restarts the server needs the same one); default: a free one from the OS. */
  port?: number;
  /** Default: real time (`runningClock`). */
  clock?: Clock;
  /** A time source the test keeps itself (instead of `clock`; `clock.advance` then throws). */
  now?: () => Date;
  timeZone?: string;
  /** Sign in admin and clerk (with the forced password change) so `adminToken`/`clerkToken` work; default true. */
  signIn?: boolean;
  /** Pair one device per role through real pairing codes (`devices`); default true, needs `signIn`. */
  pairDevices?: boolean;
  /** Serve the production builds of kiosk and counter apps (e2e); they must have been built. */
  serveApps?: boolean;
  /** Further app options (speech engines, clerk language, trust, printer) for domain tests. */
  app?: Omit<AppOptions, 'db' | 'now' | 'timeZone' | 'appsDir'>;
  /** SQLite file (default) or a fresh PostgreSQL database; default from `LOTSE_TEST_DATABASE` (the `pg` project). */
  database?: TestDialect;
  /** Install /healthz, /metrics and the backup routes and schedule as `server.ts` does (default false). */
  ops?: boolean;
  /** A second node: the database (and accounts) of this running server, which stays its owner (drops it). */
  nodeOf?: TestServer;
  /** Socket.IO's Redis streams adapter on this Redis (`LOTSE_REDIS_URL`), for several nodes. */
  redisUrl?: string;
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface HttpOptions {
  token?: string;
  deviceToken?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ConnectOptions {
  /** The device token (default: the paired device of `role`). */
  token?: string;
  staffToken?: string;
  protocolVersion?: number;
  /** Let socket.io-client reconnect by itself (default false: tests decide). */
  reconnection?: boolean;
}

function clockOf(opts: StartOptions): Clock {
  if (opts.clock) return opts.clock;
  if (!opts.now) return runningClock();
  return { now: opts.now, advance: () => { throw new Error('this server runs on the test\'s own now(): move that instead'); } };
}

/** Tables whose row counts tell whether a request changed data. */
export const DATA_TABLES = ['tickets', 'calls', 'counters', 'day_sequences', 'devices', 'pairing_codes', 'staff', 'staff_sessions'] as const;

export class TestServer {
  port = 0;
  readonly devices = {} as Record<Role, PairedDeviceT>;
  adminToken = '';
  clerkToken = '';
  /** Current password of every seeded account (the one-time one until a sign-in changed it). */
  readonly passwords: Record<string, string> = {};
  private readonly sockets = new Set<ClientSocket>();
  private app?: LotseApp;
  private database?: Db;
  private store?: TestDatabase;
  private ops?: ReturnType<typeof installOps>;
  private closeRedis?: () => Promise<void>;
  /** One data key for the life of the test server: a restart reads what was encrypted before it, as in production. */
  readonly dataKey = createSecretKey(randomBytes(32));

  private constructor(
    readonly dir: string,
    readonly file: string,
    readonly clock: Clock,
    private readonly opts: StartOptions,
  ) {}

  /** Which database this server runs on. */
  get dialect(): TestDialect {
    return this.store?.dialect ?? this.opts.database ?? TEST_DIALECT;
  }

  /** `LOTSE_DATABASE_URL` of its PostgreSQL database (undefined on SQLite): other nodes can share it. */
  get databaseUrl(): string | undefined {
    return this.store?.url;
  }

  /** The running app (services, io, Fastify); throws while the server is stopped. */
  get lotse(): LotseApp {
    if (!this.app) throw new Error('the test server is stopped');
    return this.app;
  }

  /** The open database; throws while the server is stopped. */
  get db(): Db {
    if (!this.database) throw new Error('the test server is stopped');
    return this.database;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What a browser opens: a host name, as the tablets use one (same server as `url`). */
  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  static async start(opts: StartOptions = {}): Promise<TestServer> {
    if (opts.serveApps) {
      for (const app of ['kiosk-app', 'counter-app']) {
        if (!fs.existsSync(path.join(repoRoot, app, 'dist', 'index.html'))) throw new Error(`${app} is not built: run "npm run build" first`);
      }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-test-'));
    const server = new TestServer(dir, path.join(dir, 'lotse.sqlite'), clockOf(opts), opts);
    try {
      if (opts.nodeOf) {
        if (!opts.nodeOf.store) throw new Error('nodeOf: that server is stopped');
        server.store = { ...opts.nodeOf.store, drop: async () => undefined };
        Object.assign(server.passwords, opts.nodeOf.passwords);
      } else {
        server.store = await createTestDatabase(dir, opts.database);
      }
      await server.open(opts.port ?? 0);
      const seeded = await seedDemoOffice(server.db, server.lotse.staff);
      for (const a of seeded.createdAccounts) server.passwords[a.username] = a.password;
      if (opts.signIn ?? true) {
        server.adminToken = (await server.signIn('admin')).token;
        server.clerkToken = (await server.signIn('sachbearbeitung')).token;
        if (opts.pairDevices ?? true) {
          for (const role of ['kiosk', 'display', 'counter'] as const) server.devices[role] = await server.pairDevice(role);
        }
      }
      return server;
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  private async open(port: number): Promise<void> {
    if (!this.store) throw new Error('the test database was not made');
    const db = this.store.open();
    this.database = db;
    try {
      await migrateToLatest(db);
      this.app = await buildApp({
        dataKey: this.dataKey,
        ...this.opts.app,
        db,
        now: this.clock.now,
        timeZone: this.opts.timeZone,
        appsDir: this.opts.serveApps ? repoRoot : undefined,
        pluginTimeoutMs: this.opts.app?.pluginTimeoutMs ?? WAIT.serverStart,
      });
      if (this.opts.redisUrl) this.closeRedis = await attachRedisAdapter(this.app.io, this.opts.redisUrl, { devices: this.app.devices });
      if (this.opts.ops) {
        this.ops = installOps(this.app, { db, dataDir: this.dir, sqliteFile: this.store.dialect === 'sqlite' ? this.file : undefined, key: this.dataKey, now: this.clock.now });
      }
      await this.app.app.listen({ host: '127.0.0.1', port });
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.port = (this.lotse.app.server.address() as net.AddressInfo).port;
  }

  /** Stops the server and closes the database, the way `server.ts` shuts down; client sockets stay as they are. */
  async stop(): Promise<void> {
    const { app, database } = this;
    this.app = undefined;
    this.database = undefined;
    this.ops?.stop();
    this.ops = undefined;
    const closeRedis = this.closeRedis;
    this.closeRedis = undefined;
    await app?.app.close();
    await closeRedis?.();
    await database?.destroy();
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
    await this.store?.drop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async http<T = unknown>(method: string, url: string, opts: HttpOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.deviceToken) headers['x-device-token'] = opts.deviceToken;
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${url}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    const result = { status: res.status, body: parsed as T } as HttpResult<T>;
    // Not enumerable: tests compare whole results with `toEqual({ status, body })`.
    Object.defineProperty(result, 'headers', { value: res.headers, enumerable: false });
    return result;
  }

  /** One sign-in request, answered as it is (for tests of sign-in itself). */
  login(username: string, password: string) {
    return this.http<StaffSessionT & { ok?: false; error?: { code: string } }>('POST', '/api/v1/auth/login', { body: { username, password } });
  }

  /** Signs in as the apps make a user do: a one-time password is changed first, so the session is usable. */
  async signIn(username: string, password = this.passwords[username]): Promise<StaffSessionT> {
    const first = await this.login(username, password);
    if (first.status !== 200) throw new Error(`login ${username} failed: ${first.status} ${JSON.stringify(first.body)}`);
    if (!first.body.mustChangePassword) return first.body;
    const changed = await this.http<StaffSessionT>('POST', '/api/v1/auth/password', { token: first.body.token, body: { currentPassword: password, newPassword: NEW_PASSWORD } });
    if (changed.status !== 200) throw new Error(`password change for ${username} failed: ${changed.status} ${JSON.stringify(changed.body)}`);
    this.passwords[username] = NEW_PASSWORD;
    return changed.body;
  }

  /**
   * Pairs a device the way an admin and a tablet do: a code from the admin API, redeemed on the pair route. A
   * citizen screen needs the counter it belongs to.
   */
  async pairDevice(role: Role, name = `Test ${role}`, counterId?: string): Promise<PairedDeviceT> {
    const body = counterId === undefined ? { role, name } : { role, name, counterId };
    const code = await this.http<{ code: string }>('POST', '/api/v1/devices/pairing-codes', { token: this.adminToken, body });
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
    return (await this.signIn(username, password)).token;
  }

  /** A socket.io client that is not yet known to be connected (for handshake tests); closed by `close()`. */
  socket(opts: ConnectOptions & { role?: Role } = {}): ClientSocket {
    if (opts.token === undefined && opts.role && !this.devices[opts.role]) throw new Error(`no ${opts.role} device: start with pairDevices, or pass a token`);
    const token = opts.token ?? (opts.role ? this.devices[opts.role].token : undefined);
    const auth: Record<string, unknown> = { protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION };
    if (token !== undefined) auth.deviceToken = token;
    if (opts.staffToken !== undefined) auth.staffToken = opts.staffToken;
    const socket: ClientSocket = ioClient(this.url, {
      auth,
      transports: ['websocket'],
      reconnection: opts.reconnection ?? false,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
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
