import { C2S } from '@lotse/shared';
import type { LotseSocket } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import type { PrintService } from './service.ts';

/** `ticket:print` from a kiosk: its own printer if it has one, else LOTSE_PRINTER. */
export function registerPrintHandlers(socket: LotseSocket, printing: PrintService, opts: HandleOptions): void {
  handle(socket, C2S.ticketPrint, (p, ctx, s) => {
    const host = s.handshake.headers.host ?? 'localhost';
    return printing.printTicket(p.id, { deviceId: ctx.device.id, origin: `${s.handshake.secure ? 'https' : 'http'}://${host}` });
  }, opts);
}
