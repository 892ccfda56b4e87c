import { C2S, DomainError, Rooms } from '@lotse/shared';
import type { LotseSocket } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import type { QueueService } from './service.ts';

/** Socket handlers of the queue; validation and roles come from the shared specs through `handle`. */
export function registerQueueHandlers(socket: LotseSocket, queue: QueueService, opts: HandleOptions): void {
  handle(socket, C2S.servicesList, () => queue.services(), opts);
  handle(socket, C2S.countersList, () => queue.counters(), opts);
  handle(socket, C2S.ticketCreate, async (p, ctx, s) => {
    const receipt = await queue.createTicket(p, { offlineSince: ctx.offlineSince ? new Date(ctx.offlineSince) : null });
    void s.join(Rooms.ticket(receipt.ticket.id));
    return receipt;
  }, opts);
  handle(socket, C2S.ticketGet, async (p, _ctx, s) => {
    const receipt = await queue.ticketReceipt(p.id);
    void s.join(Rooms.ticket(p.id));
    return receipt;
  }, opts);
  handle(socket, C2S.queueGet, () => queue.snapshot(), opts);
  handle(socket, C2S.displayGet, () => queue.callBoard(), opts);
  handle(socket, C2S.counterOpen, async (p, ctx, s) => {
    const state = await queue.openCounter(p, ctx.staff?.displayName ?? '', ctx.staff?.id);
    await leaveCounterRooms(s);
    // The clerk's device follows its counter's conversation from the moment the counter opens.
    void s.join([Rooms.counter(p.counterId), Rooms.session(p.counterId)]);
    return state;
  }, opts);
  handle(socket, C2S.counterClose, async (p, _ctx, s) => {
    atOwnCounter(s, p.counterId);
    const state = await queue.closeCounter(p.counterId);
    await leaveCounterRooms(s);
    return state;
  }, opts);
  handle(socket, C2S.counterCallNext, async (p, _ctx, s) => queue.callNext(atOwnCounter(s, p.counterId)), opts);
  handle(socket, C2S.counterRecall, async (p, _ctx, s) => queue.recall(atOwnCounter(s, p.counterId)), opts);
  handle(socket, C2S.counterNoShow, async (p, _ctx, s) => queue.noShow(atOwnCounter(s, p.counterId)), opts);
  // counter:finish (with its outcome) and the rest of the clerk's toolset: deskSocket.ts.
}

/** A desk acts for the counter it opened, never for another one (the HTTP API is for staff integrations). */
export function atOwnCounter(socket: LotseSocket, counterId: string): string {
  if (!socket.rooms.has(Rooms.counter(counterId))) throw new DomainError('FORBIDDEN', 'open this counter on this device first');
  return counterId;
}

async function leaveCounterRooms(socket: LotseSocket) {
  for (const room of socket.rooms) if (room.startsWith(Rooms.counter('')) || room.startsWith(Rooms.session(''))) await socket.leave(room);
}
