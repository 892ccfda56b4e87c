import { Server } from 'socket.io';
import type { FastifyInstance } from 'fastify';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { HandshakeAuth, PROTOCOL_VERSION, Rooms, S2C } from '@lotse/shared';
import type { DeviceService } from '../devices/service.ts';
import type { StaffService } from '../staff/service.ts';
import type { LotseServer, LotseSocket } from './context.ts';
import { answerUnhandled, guardSocket, refusal, TokenBucket } from './handle.ts';
import { isLoopback } from '../http/auth.ts';

const checkAuth = TypeCompiler.Compile(HandshakeAuth);

export interface RealtimeDeps {
  devices: DeviceService;
  staff: StaffService;
  /** Payload limit per message; audio frames are the largest legitimate payload. */
  maxMessageBytes?: number;
  /** Per-socket event budget; sockets from the server's own machine are exempt unless `exemptLoopback` is false. */
  socketRate?: Partial<SocketRate>;
}

export interface SocketRate {
  capacity: number;
  perSecond: number;
  exemptLoopback: boolean;
  /** Milliseconds for the refill (default `performance.now`); tests pass a clock they move. */
  clock?: () => number;
}
/** Audio (the counter app sends 96 ms blocks, ~10/s; single 32 ms frames would be 31.25/s) and a busy clerk fit in 40/s; a flood does not. */
export const DEFAULT_SOCKET_RATE: SocketRate = { capacity: 120, perSecond: 40, exemptLoopback: true };

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
      socket.data = { device, staff };
      deps.devices.seen(device.id, socket.handshake.address);
      next();
    } catch (err) {
      app.log.error({ err }, 'socket handshake failed');
      next(refusal('INTERNAL', 'the server could not check this device'));
    }
  });

  const rate = { ...DEFAULT_SOCKET_RATE, ...deps.socketRate };
  io.on('connection', (socket: LotseSocket) => {
    const { device, staff } = socket.data;
    const exempt = rate.exemptLoopback && isLoopback(socket.handshake.address);
    guardSocket(socket, {
      bucket: exempt ? undefined : new TokenBucket(rate.capacity, rate.perSecond, rate.clock),
      staffValid: async () => !!staff?.sessionHash && !!(await deps.staff.bySessionHash(staff.sessionHash)),
      onStaffExpired: () => socket.conn.close(),
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
  // A staff member's sessions ended (password reset or change, account disabled, lock-out): drop the transport
  // only, so the app reconnects, is refused with UNAUTHENTICATED and shows the sign-in again.
  deps.staff.onSessionsEnded = (staffId) => {
    for (const id of io.sockets.adapter.rooms.get(Rooms.staff(staffId)) ?? []) io.sockets.sockets.get(id)?.conn.close();
  };

  // preClose, not onClose: Fastify's own server.close() runs before onClose hooks and would wait forever for the
  // open websockets. Closing the engine first ends them as a lost transport, so clients reconnect by themselves.
  app.addHook('preClose', async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });
  return io;
}
