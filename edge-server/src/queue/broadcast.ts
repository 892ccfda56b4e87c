import type { FastifyBaseLogger } from 'fastify';
import { Rooms, S2C } from '@lotse/shared';
import type { LotseServer } from '../realtime/context.ts';
import { attachTicketViewers, type TicketViewerNamespace } from '../realtime/ticketViewers.ts';
import type { QueueListener } from './events.ts';
import type { QueueService } from './service.ts';

/**
 * Who hears what of the queue: calls go to displays and counters at once; snapshots, counter states and receipts
 * are coalesced per tick (a burst of changes sends one update) and built only for rooms someone listens in. Sends
 * changes or a bounded view, never the waiting list per change to every device.
 */
export function subscribeQueueBroadcast(io: LotseServer, queue: QueueService, log: FastifyBaseLogger): void {
  queue.subscribe(roomBroadcast(io, queue, log));
  const viewers = attachTicketViewers(io, (ticketId) => queue.ticketReceipt(ticketId), log);
  queue.subscribe(ticketViewerUpdates(viewers, queue, log));
}

/**
 * The counters' waiting list goes out at most this often: under a burst of check-ins (48/s measured) every desk
 * gets a few bounded snapshots a second instead of one per check-in. A change is never lost, only merged.
 */
export const SNAPSHOT_MIN_INTERVAL_MS = 250;

/** Queue changes → rooms of the main namespace (displays, counters, one counter, a kiosk's own ticket). */
export function roomBroadcast(io: LotseServer, queue: QueueService, log: FastifyBaseLogger, minIntervalMs = SNAPSHOT_MIN_INTERVAL_MS): QueueListener {
  let queueDirty = false;
  let lastSnapshotAt = -Infinity;
  let snapshotTimer: NodeJS.Timeout | undefined;
  const dirtyCounters = new Set<string>();
  const dirtyTickets = new Set<string>();
  let scheduled = false;
  // Building a snapshot costs queries; nobody listening (e.g. no counter open) means nothing to build.
  const listening = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  const flush = async () => {
    scheduled = false;
    try {
      const wait = lastSnapshotAt + minIntervalMs - performance.now();
      if (queueDirty && wait > 0) {
        // Sent when the interval is over, with everything that changed until then.
        snapshotTimer ??= setTimeout(() => {
          snapshotTimer = undefined;
          schedule();
        }, wait).unref();
      } else if (queueDirty) {
        queueDirty = false;
        if (listening(Rooms.counters)) {
          lastSnapshotAt = performance.now();
          io.to(Rooms.counters).emit(S2C.queueChanged, await queue.snapshot());
        }
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
      log.error({ err }, 'broadcasting a queue change failed');
    }
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => void flush());
    }
  };
  return (event) => {
    switch (event.type) {
      case 'callCreated':
        io.to(Rooms.displays).to(Rooms.counters).emit(S2C.callCreated, event.call);
        return;
      case 'queueChanged':
        queueDirty = true;
        return schedule();
      case 'counterChanged':
        dirtyCounters.add(event.counterId);
        return schedule();
      case 'ticketChanged':
        dirtyTickets.add(event.ticket.id);
        return schedule();
      case 'servicesChanged':
        return;
    }
  };
}

/**
 * Queue changes → the `/ticket` namespace (phones on the mobile ticket page): the changed ticket itself, and the
 * waiting tickets of every service whose positions or estimates moved. Coalesced per tick; only rooms with a
 * viewer cost a query.
 */
export function ticketViewerUpdates(nsp: TicketViewerNamespace, queue: QueueService, log: FastifyBaseLogger): QueueListener {
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

  return (event) => {
    if (event.type === 'ticketChanged') tickets.add(event.ticket.id);
    else if (event.type === 'servicesChanged') for (const id of event.serviceIds) services.add(id);
    else return;
    schedule();
  };
}
