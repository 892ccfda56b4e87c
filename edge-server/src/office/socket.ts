import { C2S, S2C } from '@lotse/shared';
import type { LotseServer, LotseSocket } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import { Namespaces } from '@lotse/shared';
import type { OfficeService } from './service.ts';
import type { SlotService } from './slots.ts';
import { slotsResult } from './routes.ts';

/** `office:slots` and `office:book` from kiosks (issue 11); validation and roles through `handle`. */
export function registerOfficeHandlers(socket: LotseSocket, slots: SlotService, opts: HandleOptions): void {
  handle(socket, C2S.officeSlots, (p) => slotsResult(slots, p.serviceId), opts);
  handle(socket, C2S.officeBook, (p, ctx) => slots.book(p, `device:${ctx.device.id}`), opts);
}

/**
 * Pushes configuration changes at once: services (with texts) to every paired device and every phone on a
 * mobile ticket page, counters to every paired device. Bursts within one tick send once.
 */
export function subscribeOfficeBroadcast(io: LotseServer, office: OfficeService, onError: (err: unknown) => void): void {
  const dirty = new Set<'services' | 'counters'>();
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    const what = [...dirty];
    dirty.clear();
    try {
      if (what.includes('services')) {
        const services = await office.publicServices();
        io.emit(S2C.servicesUpdated, services);
        io.of(Namespaces.ticket).emit(S2C.servicesUpdated, services);
      }
      if (what.includes('counters')) io.emit(S2C.countersUpdated, await office.publicCounters());
    } catch (err) {
      onError(err);
    }
  };
  office.subscribe((event) => {
    if (event.type === 'hoursChanged') return;
    dirty.add(event.type === 'servicesChanged' ? 'services' : 'counters');
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => void flush());
    }
  });
}
