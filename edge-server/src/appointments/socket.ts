import { C2S, Rooms } from '@lotse/shared';
import type { LotseSocket } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import type { AppointmentService } from './service.ts';

/** `appointment:checkIn` from kiosks; validation and roles through `handle` and the shared spec. */
export function registerAppointmentHandlers(socket: LotseSocket, appointments: AppointmentService, opts: HandleOptions): void {
  handle(socket, C2S.appointmentCheckIn, async (p, _ctx, s) => {
    const result = await appointments.checkIn(p);
    // Like ticket:create: the kiosk follows its ticket while it shows it.
    if (result.outcome !== 'too-early') void s.join(Rooms.ticket(result.receipt.ticket.id));
    return result;
  }, opts);
}
