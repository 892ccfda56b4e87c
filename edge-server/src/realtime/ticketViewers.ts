import type { FastifyBaseLogger } from 'fastify';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  DomainError,
  fail,
  type Ack,
  PROTOCOL_VERSION,
  Rooms,
  S2C,
  Namespaces,
  TicketViewerAuth,
  type TicketReceiptT,
} from '@lotse/shared';
import type { LotseServer } from './context.ts';
import { refusal } from './handle.ts';

const checkAuth = TypeCompiler.Compile(TicketViewerAuth);

/** Socket.IO types a namespace like the server; viewers only ever receive `ticket:updated` and send nothing. */
export type TicketViewerNamespace = ReturnType<LotseServer['of']>;

/** Looks up a ticket's receipt; rejects with a NOT_FOUND DomainError for an unknown ticket. */
export type ReceiptLookup = (ticketId: string) => Promise<TicketReceiptT>;

/**
 * The mobile ticket page's transport: a citizen's phone is no paired device and has no account, it only knows the
 * ticket's unguessable id (the QR code). It connects to the `/ticket` namespace with `{ protocolVersion, ticketId }`,
 * joins its ticket's room and gets the receipt at once; the queue's broadcast (`queue/broadcast.ts`) sends the
 * later ones. It can send nothing (every event is answered FORBIDDEN). Nothing about the phone is stored.
 */
export function attachTicketViewers(io: LotseServer, receipt: ReceiptLookup, log: FastifyBaseLogger): TicketViewerNamespace {
  const nsp: TicketViewerNamespace = io.of(Namespaces.ticket);

  nsp.use(async (socket, next) => {
    const auth: unknown = socket.handshake.auth;
    if (!checkAuth.Check(auth)) return next(refusal('BAD_REQUEST', 'handshake auth must carry protocolVersion and a ticketId (ULID)'));
    if (auth.protocolVersion !== PROTOCOL_VERSION) {
      return next(refusal('STALE_CLIENT', `this page speaks protocol ${auth.protocolVersion}, the server ${PROTOCOL_VERSION}: please reload`));
    }
    try {
      await receipt(auth.ticketId);
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
    // The page sends nothing; whatever arrives with an acknowledgement is answered, so no client waits in vain.
    socket.onAny((...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack === 'function') (ack as (a: Ack<never>) => void)(fail('FORBIDDEN', 'the ticket page only receives its ticket\'s updates; it sends nothing'));
    });
    void socket.join(Rooms.ticket(ticketId));
    // The first receipt right away, so the page needs no extra request after a reconnect.
    receipt(ticketId).then(
      (receipt) => socket.emit(S2C.ticketUpdated, receipt),
      (err: unknown) => log.error({ err }, 'sending a ticket receipt failed'),
    );
  });
  return nsp;
}
