import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, ErrorBody, TicketPrintResult, Ulid } from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { Db } from '../storage/db.ts';
import { parsePrinterAddress } from './printer.ts';
import { PRINT_SETTINGS, type PrintService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const PrinterBody = Type.Object(
  { address: Type.Union([Type.String({ minLength: 1, maxLength: 260, description: 'host:port of the ESC/POS printer' }), Type.Null()]) },
  { additionalProperties: false },
);

export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Printing a ticket over HTTP (the kiosk uses `ticket:print`), and the admin's per-kiosk printer setting. */
export function printRoutes(fastify: FastifyInstance, printing: PrintService, db: Db, authorize: Authorize) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/api/v1/tickets/:id/print', {
    schema: { tags: ['queue'], summary: 'Print a ticket on the receipt printer (ESC/POS over TCP)', params: Type.Object({ id: Ulid }), response: { 200: TicketPrintResult, ...errors } },
    preHandler: authorize({ devices: ['kiosk'], staff: ['clerk', 'admin'] }),
  }, (request) => printing.printTicket(request.params.id, { deviceId: request.device?.role === 'kiosk' ? request.device.id : undefined, origin: requestOrigin(request) }));

  app.put('/api/v1/printers/:deviceId', {
    schema: { tags: ['devices'], summary: 'Set (or clear with null) the receipt printer beside a kiosk', params: Type.Object({ deviceId: Ulid }), body: PrinterBody, response: { 200: PrinterBody, ...errors } },
    preHandler: authorize({ staff: ['admin'] }),
  }, async (request) => {
    const { deviceId } = request.params;
    const { address } = request.body;
    const device = await db.selectFrom('devices').select(['id', 'role']).where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
    if (!device) throw new DomainError('NOT_FOUND', `no paired device ${deviceId}`);
    if (device.role !== 'kiosk') throw new DomainError('BAD_REQUEST', `device ${deviceId} is a ${device.role}, not a kiosk`);
    const key = PRINT_SETTINGS.devicePrinter(deviceId);
    if (address === null) {
      await db.deleteFrom('settings').where('key', '=', key).execute();
      return { address: null };
    }
    if (!parsePrinterAddress(address)) throw new DomainError('BAD_REQUEST', `printer address "${address.slice(0, 60)}" is not host:port`);
    await db.insertInto('settings').values({ key, value: address.trim() }).onConflict((oc) => oc.column('key').doUpdateSet({ value: address.trim() })).execute();
    return { address: address.trim() };
  });
}
