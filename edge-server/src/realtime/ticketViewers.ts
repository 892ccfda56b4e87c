import type { FastifyBaseLogger } from 'fastify';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  DomainError,
  PROTOCOL_VERSION,
  Rooms,
  S2C,
  TICKET_VIEWER_NAMESPACE,
  TicketViewerAuth,
} from '@lotse/shared';
import type { QueueEvents, QueueService } from '../queue/service.ts';
import type { LotseServer } from './context.ts';
import { refusal } from './handle.ts';

const checkAuth = TypeCompiler.Compile(TicketViewerAuth);

/** Socket.IO types a namespace like the server; viewers only ever receive `ticket:updated` and send nothing. */
export type TicketViewerNamespace = ReturnType<LotseServer['of']>;

/**
 * The mobile ticket page: a citizen's phone is no paired device and has no account, it only knows the ticket's
 * unguessable id (the QR code). It connects to the `/ticket` namespace with `{ protocolVersion, ticketId }`,
 * gets the receipt at once and again whenever its ticket or its position changes (including the call with the
 * counter's name). It can send nothing. Nothing about the phone is stored.
 */
export function attachTicketViewers(io: LotseServer, queue: QueueService, log: FastifyBaseLogger): TicketViewerNamespace {
  const nsp: TicketViewerNamespace = io.of(TICKET_VIEWER_NAMESPACE);

  nsp.use(async (socket, next) => {
    const auth: unknown = socket.handshake.auth;
    if (!checkAuth.Check(auth)) return next(refusal('BAD_REQUEST', 'handshake auth must carry protocolVersion and a ticketId (ULID)'));
    if (auth.protocolVersion !== PROTOCOL_VERSION) {
      return next(refusal('STALE_CLIENT', `this page speaks protocol ${auth.protocolVersion}, the server ${PROTOCOL_VERSION}: please reload`));
    }
    try {
      await queue.ticketReceipt(auth.ticketId);
      next();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NOT_FOUND') return next(refusal('NOT_FOUND', 'this ticket does not exist (any more)'));
      log.error({ err }, 'ticket viewer handshake failed');
      next(refusal('INTERNAL', 'the server could not look up this ticket'));
    }
  });

  nsp.on('connection', (socket) => {
    const auth: unknown = socket.handshake.auth;
    if (!checkAuth.Check(auth)) return void socket.disconnect(true); // checked in `use` already
    const { ticketId } = auth;
    void socket.join(Rooms.ticket(ticketId));
    // The first receipt right away, so the page needs no extra request after a reconnect.
    queue.ticketReceipt(ticketId).then(
      (receipt) => socket.emit(S2C.ticketUpdated, receipt),
      (err: unknown) => log.error({ err }, 'sending a ticket receipt failed'),
    );
  });
  return nsp;
}

/**
 * Wraps the queue's events so that changes also reach the `/ticket` namespace: the changed ticket itself, and the
 * waiting tickets of every service whose positions or estimates moved. Coalesced per tick; only rooms with a
 * viewer cost a query.
 */
export function withTicketViewers(inner: QueueEvents, nsp: TicketViewerNamespace, queue: QueueService, log: FastifyBaseLogger): QueueEvents {
  const tickets = new Set<string>();
  const services = new Set<string>();
  let scheduled = false;
  const watched = (id: string) => (nsp.adapter.rooms.get(Rooms.ticket(id))?.size ?? 0) > 0;

  const flush = async () => {
    scheduled = false;
    const ids = new Set([...tickets].filter(watched));
    tickets.clear();
    const serviceIds = [...services];
    services.clear();
    try {
      // A service's waiting receipts come from three queries, however many phones follow its tickets.
      if (nsp.adapter.rooms.size > 0) {
        for (const serviceId of serviceIds) {
          for (const receipt of await queue.waitingReceipts(serviceId)) {
            const id = receipt.ticket.id;
            if (!watched(id)) continue;
            nsp.to(Rooms.ticket(id)).emit(S2C.ticketUpdated, receipt);
            ids.delete(id);
          }
        }
      }
      for (const id of ids) nsp.to(Rooms.ticket(id)).emit(S2C.ticketUpdated, await queue.ticketReceipt(id));
    } catch (err) {
      log.error({ err }, 'updating mobile ticket pages failed');
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  };

  return {
    callCreated: (call) => inner.callCreated(call),
    queueChanged: () => inner.queueChanged(),
    counterChanged: (id) => inner.counterChanged(id),
    ticketChanged(id) {
      inner.ticketChanged(id);
      tickets.add(id);
      schedule();
    },
    servicesChanged(ids) {
      inner.servicesChanged?.(ids);
      for (const id of ids) services.add(id);
      schedule();
    },
  };
}
