import { Server } from 'socket.io';
import type { FastifyInstance } from 'fastify';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { HandshakeAuth, PROTOCOL_VERSION, Rooms, S2C, type StaffSignedOutT } from '@lotse/shared';
import type { DeviceService } from '../devices/service.ts';
import type { StaffService } from '../staff/service.ts';
import type { LotseServer, LotseSocket } from './context.ts';
import { answerUnhandled, guardSocket, refusal, TokenBucket } from './handle.ts';
import { isLoopback } from '../http/auth.ts';
import { DEFAULT_RATE_LIMITS } from '../http/hardening.ts';

const checkAuth = TypeCompiler.Compile(HandshakeAuth);

export interface RealtimeDeps {
  devices: DeviceService;
  staff: StaffService;
  /** Payload limit per message; audio frames are the largest legitimate payload. */
  maxMessageBytes?: number;
  /** Per-device budgets; devices on the server's own machine are exempt unless `exemptLoopback` is false. */
  socketRate?: Partial<SocketRate>;
}

export interface SocketRate {
  /** Events of one device across all its sockets: `capacity` at once, refilled at `perSecond`. */
  capacity: number;
  perSecond: number;
  /** Check-ins (`ticket:create`, `appointment:checkIn`) of one device: the same limit as the HTTP route ... */
  ticketsPerMinute: number;
  /** ... after a burst an offline kiosk's outbox needs (an hour at a busy door is well below 300). */
  ticketBurst: number;
  /** Sockets one device token may hold at once (a tablet needs one, a reload briefly two). */
  socketsPerDevice: number;
  exemptLoopback: boolean;
  /** Milliseconds for the refill (default `performance.now`); tests pass a clock they move. */
  clock?: () => number;
}
/** Audio (the counter app sends 96 ms blocks, ~10/s; single 32 ms frames would be 31.25/s) and a busy clerk fit in 40/s; a flood does not. */
export const DEFAULT_SOCKET_RATE: SocketRate = {
  capacity: 120, perSecond: 40, ticketsPerMinute: DEFAULT_RATE_LIMITS.ticketsPerMinute, ticketBurst: 300, socketsPerDevice: 8, exemptLoopback: true,
};

/** Takes a socket's staff part away at once: staff rooms left, sign-in forgotten, the app told to show the sign-in. */
export function signOutSocket(socket: LotseSocket, reason: StaffSignedOutT['reason']): void {
  if (!socket.data.staff) return;
  socket.data.staff = undefined;
  const keep = new Set([socket.id, Rooms.device(socket.data.device.id)]);
  for (const room of [...socket.rooms]) if (!keep.has(room)) void socket.leave(room);
  socket.emit(S2C.staffSignedOut, { reason });
}

/**
 * Attaches Socket.IO to Fastify's HTTP server (our own small plugin: the third-party one is unmaintained),
 * authenticates every handshake, guards every socket and joins it to its device's, staff's and role's rooms.
 */
export function attachRealtime(app: FastifyInstance, deps: RealtimeDeps): LotseServer {
  const io: LotseServer = new Server(app.server, {
    path: '/socket.io',
    maxHttpBufferSize: deps.maxMessageBytes ?? 64 * 1024,
    serveClient: false,
    connectionStateRecovery: undefined,
  });
  const rate = { ...DEFAULT_SOCKET_RATE, ...deps.socketRate };
  /** Device id → its live sockets, and its budgets shared by all of them. */
  const held = new Map<string, number>();
  const eventBuckets = new Map<string, TokenBucket>();
  const ticketBuckets = new Map<string, TokenBucket>();
  const bucket = (map: Map<string, TokenBucket>, id: string, capacity: number, perSecond: number) => {
    let b = map.get(id);
    if (!b) map.set(id, (b = new TokenBucket(capacity, perSecond, rate.clock)));
    return b;
  };

  io.use(async (socket, next) => {
    const auth: unknown = socket.handshake.auth;
    if (!checkAuth.Check(auth)) return next(refusal('BAD_REQUEST', 'handshake auth must carry protocolVersion and a device token'));
    if (auth.protocolVersion !== PROTOCOL_VERSION) {
      return next(refusal('STALE_CLIENT', `this app speaks protocol ${auth.protocolVersion}, the server ${PROTOCOL_VERSION}: please reload`));
    }
    try {
      const device = await deps.devices.authenticate(auth.deviceToken);
      if (!device) return next(refusal('UNAUTHENTICATED', 'this device is not paired (or was revoked)'));
      const staff = await deps.staff.authenticate(auth.staffToken);
      if (auth.staffToken && !staff) return next(refusal('UNAUTHENTICATED', 'the staff session has expired: please sign in again'));
      if (staff?.mustChangePassword) return next(refusal('PASSWORD_CHANGE_REQUIRED', 'change the one-time password first'));
      // A kiosk's offline gap starts when it was last seen connected; with another socket open it was not offline.
      const lastSeen = await deps.devices.lastSeenAt(device.id);
      const others = held.get(device.id) ?? 0;
      // No await from here to the count: parallel handshakes of one token cannot all pass the cap.
      const exempt = rate.exemptLoopback && isLoopback(socket.handshake.address);
      if (!exempt && others >= rate.socketsPerDevice) {
        deps.devices.limitHit(device.id, 'connections');
        return next(refusal('TOO_MANY_CONNECTIONS', `this device already holds ${others} connections (at most ${rate.socketsPerDevice}): close other tabs or windows`));
      }
      held.set(device.id, others + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (held.get(device.id) ?? 1) - 1;
        if (left > 0) return void held.set(device.id, left);
        held.delete(device.id);
        deps.devices.gone(device.id).catch((err: unknown) => app.log.error({ err }, 'writing last seen failed'));
      };
      socket.once('disconnect', release);
      socket.conn.once('close', release);
      socket.data = { device, staff, ...(others === 0 && lastSeen ? { offlineSince: lastSeen.toISOString() } : {}) };
      deps.devices.seen(device.id, socket.handshake.address);
      next();
    } catch (err) {
      app.log.error({ err }, 'socket handshake failed');
      next(refusal('INTERNAL', 'the server could not check this device'));
    }
  });

  io.on('connection', (socket: LotseSocket) => {
    const { device, staff } = socket.data;
    const exempt = rate.exemptLoopback && isLoopback(socket.handshake.address);
    guardSocket(socket, {
      bucket: exempt ? undefined : bucket(eventBuckets, device.id, rate.capacity, rate.perSecond),
      ticketBucket: exempt ? undefined : bucket(ticketBuckets, device.id, rate.ticketBurst, rate.ticketsPerMinute / 60),
      onLimited: (kind) => deps.devices.limitHit(device.id, kind),
      staffValid: async () => {
        const hash = socket.data.staff?.sessionHash;
        return !!hash && !!(await deps.staff.bySessionHash(hash));
      },
      staffActive: () => {
        const hash = socket.data.staff?.sessionHash;
        if (hash) deps.staff.active(hash);
      },
      onStaffExpired: () => signOutSocket(socket, 'expired'),
    });
    answerUnhandled(socket);
    void socket.join(Rooms.device(device.id));
    if (staff) void socket.join(Rooms.staff(staff.id));
    if (device.role === 'display') void socket.join(Rooms.displays);
    if (device.role === 'counter' && socket.data.staff) void socket.join(Rooms.counters);
  });

  deps.devices.onRevoked = (deviceId) => {
    io.to(Rooms.device(deviceId)).emit(S2C.deviceRevoked);
    io.in(Rooms.device(deviceId)).disconnectSockets(true);
  };
  // Sessions ended (sign-out, expiry, reset, disable, password change, lock-out): every socket of that session
  // stops getting staff data at once and its app shows the sign-in; the device part stays connected.
  const unsubscribe = deps.staff.onSessionsEnded(({ staffId, sessionHash, reason }) => {
    for (const id of [...(io.sockets.adapter.rooms.get(Rooms.staff(staffId)) ?? [])]) {
      const socket = io.sockets.sockets.get(id);
      if (socket && (!sessionHash || socket.data.staff?.sessionHash === sessionHash)) signOutSocket(socket, reason);
    }
  });
  // Expiry needs no request: sessions past their limits are ended every `sweepMs`; connected devices stay "seen".
  const sweep = setInterval(() => {
    deps.staff.purgeExpiredSessions().catch((err: unknown) => app.log.error({ err }, 'staff session sweep failed'));
    for (const id of held.keys()) deps.devices.touch(id).catch(() => undefined);
  }, deps.staff.policy.sweepMs);
  sweep.unref();

  // preClose, not onClose: Fastify's own server.close() runs before onClose hooks and would wait forever for the
  // open websockets. Closing the engine first ends them as a lost transport, so clients reconnect by themselves.
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    unsubscribe();
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });
  return io;
}
