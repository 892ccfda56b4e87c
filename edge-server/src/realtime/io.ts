import { Server } from 'socket.io';
import type { FastifyInstance } from 'fastify';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { HandshakeAuth, PROTOCOL_VERSION, Rooms, S2C } from '@lotse/shared';
import type { DeviceService } from '../devices/service.ts';
import type { StaffService } from '../staff/service.ts';
import type { QueueService } from '../queue/service.ts';
import type { LotseServer, LotseSocket } from './context.ts';
import { answerUnhandled, guardSocket, refusal, TokenBucket } from './handle.ts';
import { isLoopback } from '../http/auth.ts';

const checkAuth = TypeCompiler.Compile(HandshakeAuth);

export interface RealtimeDeps {
  devices: DeviceService;
  staff: StaffService;
  queue: QueueService;
  /** Payload limit per message; audio frames are the largest legitimate payload. */
  maxMessageBytes?: number;
  /** Per-socket event budget; sockets from the server's own machine are exempt unless `exemptLoopback` is false. */
  socketRate?: Partial<SocketRate>;
}

export interface SocketRate { capacity: number; perSecond: number; exemptLoopback: boolean }
/** Audio frames (10/s) and a busy clerk fit easily; a flood from a compromised tablet does not. */
export const DEFAULT_SOCKET_RATE: SocketRate = { capacity: 120, perSecond: 40, exemptLoopback: true };

/**
 * Attaches Socket.IO to Fastify's HTTP server (our own small plugin: the third-party one is unmaintained),
 * authenticates every handshake and turns queue changes into room broadcasts.
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
      bucket: exempt ? undefined : new TokenBucket(rate.capacity, rate.perSecond),
      staffValid: async () => !!staff?.sessionHash && !!(await deps.staff.bySessionHash(staff.sessionHash)),
      onStaffExpired: () => socket.conn.close(),
    });
    answerUnhandled(socket);
    void socket.join(`device:${device.id}`);
    if (staff) void socket.join(`staff:${staff.id}`);
    if (device.role === 'display') void socket.join(Rooms.displays);
    if (device.role === 'counter' && socket.data.staff) void socket.join(Rooms.counters);
  });

  deps.devices.onRevoked = (deviceId) => {
    io.to(`device:${deviceId}`).emit(S2C.deviceRevoked);
    io.in(`device:${deviceId}`).disconnectSockets(true);
  };
  // A staff member's sessions ended (password reset or change, account disabled, lock-out): drop the transport
  // only, so the app reconnects, is refused with UNAUTHENTICATED and shows the sign-in again.
  deps.staff.onSessionsEnded = (staffId) => {
    for (const id of io.sockets.adapter.rooms.get(`staff:${staffId}`) ?? []) io.sockets.sockets.get(id)?.conn.close();
  };

  deps.queue.events = queueBroadcaster(io, deps.queue, app);
  // preClose, not onClose: Fastify's own server.close() runs before onClose hooks and would wait forever for the
  // open websockets. Closing the engine first ends them as a lost transport, so clients reconnect by themselves.
  app.addHook('preClose', async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });
  return io;
}

/** Queue changes → rooms. Snapshots are coalesced per tick so a burst of changes sends one update. */
function queueBroadcaster(io: LotseServer, queue: QueueService, app: FastifyInstance) {
  let queueDirty = false;
  const dirtyCounters = new Set<string>();
  const dirtyTickets = new Set<string>();
  let scheduled = false;
  // Building a snapshot costs queries; nobody listening (e.g. no counter open) means nothing to build.
  const listening = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  const flush = async () => {
    scheduled = false;
    try {
      if (queueDirty) {
        queueDirty = false;
        if (listening(Rooms.counters)) io.to(Rooms.counters).emit(S2C.queueChanged, await queue.snapshot());
      }
      for (const id of [...dirtyCounters]) {
        dirtyCounters.delete(id);
        if (listening(Rooms.counter(id))) io.to(Rooms.counter(id)).emit(S2C.counterState, await queue.counterState(id));
      }
      for (const id of [...dirtyTickets]) {
        dirtyTickets.delete(id);
        if (listening(Rooms.ticket(id))) io.to(Rooms.ticket(id)).emit(S2C.ticketUpdated, await queue.ticketReceipt(id));
      }
    } catch (err) {
      app.log.error({ err }, 'broadcasting a queue change failed');
    }
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => void flush());
    }
  };
  return {
    callCreated(call: Parameters<QueueService['events']['callCreated']>[0]) {
      io.to(Rooms.displays).to(Rooms.counters).emit(S2C.callCreated, call);
    },
    queueChanged() {
      queueDirty = true;
      schedule();
    },
    counterChanged(id: string) {
      dirtyCounters.add(id);
      schedule();
    },
    ticketChanged(id: string) {
      dirtyTickets.add(id);
      schedule();
    },
  };
}
