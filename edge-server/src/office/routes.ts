import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  BookSlotInput,
  BookSlotResult,
  CounterConfig,
  CounterCreateInput,
  CounterInput,
  DisplayGroup,
  DisplayGroupInput,
  DomainError,
  ErrorBody,
  OpeningHours,
  SafeName,
  Service,
  ServiceConfig,
  ServiceCreateInput,
  ServiceInput,
  ServiceOrderInput,
  ShortId,
  SlotsResult,
  StaffAccount,
} from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { OfficeService } from './service.ts';
import type { SlotService } from './slots.ts';
import type { OfficeAdmin } from './admin.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: ShortId });
const DeviceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z_-]+$' }) });
const StaffParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z]+$' }) });
const Languages = Type.Object({ languages: Type.Array(Type.String({ minLength: 2, maxLength: 12 }), { maxItems: 30, uniqueItems: true }) }, { additionalProperties: false });
const NameMap = Type.Record(Type.String(), Type.String());
const Names = Type.Object({ staff: NameMap, devices: NameMap, services: NameMap, counters: NameMap });
const PublicUrl = Type.Object({ publicUrl: Type.Union([Type.String(), Type.Null()]), phoneReaches: Type.String(), source: Type.Union([Type.Literal('env'), Type.Literal('setting'), Type.Literal('kiosk')]) });

function actorOf(request: FastifyRequest): `staff:${string}` {
  if (!request.staff) throw new DomainError('UNAUTHENTICATED', 'sign in first');
  return `staff:${request.staff.id}`;
}

/** HTTP API + OpenAPI of the office configuration (issue 11): admins change it, devices read what they need. */
export function officeRoutes(fastify: FastifyInstance, deps: { office: OfficeService; slots: SlotService; admin: OfficeAdmin; authorize: Authorize }) {
  const { office, slots, admin: officeAdmin, authorize } = deps;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = authorize({ staff: ['admin'] });
  const tags = ['office'];

  app.get('/api/v1/office/services', { schema: { tags, summary: 'Every service with its configuration and texts, retired ones included (admin)', response: { 200: Type.Array(ServiceConfig), ...errors } }, preHandler: admin }, () => office.services());
  app.post('/api/v1/office/services', {
    schema: { tags, summary: 'Create a service (German name required)', body: ServiceCreateInput, response: { 201: ServiceConfig, ...errors } }, preHandler: admin,
  }, async (request, reply) => reply.status(201).send(await office.createService(request.body, actorOf(request))));
  app.put('/api/v1/office/services/order', {
    schema: { tags, summary: 'Order the services as the kiosk lists them', body: ServiceOrderInput, response: { 200: Type.Array(ServiceConfig), ...errors } }, preHandler: admin,
  }, (request) => office.orderServices(request.body.ids, actorOf(request)));
  app.put('/api/v1/office/services/:id', {
    schema: { tags, summary: 'Change a service and its texts', params: IdParams, body: ServiceInput, response: { 200: ServiceConfig, ...errors } }, preHandler: admin,
  }, (request) => office.updateService(request.params.id, request.body, actorOf(request)));
  for (const [path, active] of [['retire', false], ['restore', true]] as const) {
    app.post(`/api/v1/office/services/:id/${path}`, {
      schema: { tags, summary: active ? 'Offer a retired service again' : 'Retire a service (its tickets and history stay)', params: IdParams, response: { 200: ServiceConfig, ...errors } }, preHandler: admin,
    }, (request) => office.setServiceActive(request.params.id, active, actorOf(request)));
    app.post(`/api/v1/office/counters/:id/${path}`, {
      schema: { tags, summary: active ? 'Use a retired counter again' : 'Retire a counter (refused while open; calls keep it)', params: IdParams, response: { 200: CounterConfig, ...errors } }, preHandler: admin,
    }, (request) => office.setCounterActive(request.params.id, active, actorOf(request)));
  }

  app.get('/api/v1/office/counters', { schema: { tags, summary: 'Counters with spoken name, default services and bound citizen screens (admin)', response: { 200: Type.Array(CounterConfig), ...errors } }, preHandler: admin }, () => office.counters());
  app.post('/api/v1/office/counters', {
    schema: { tags, summary: 'Create a counter', body: CounterCreateInput, response: { 201: CounterConfig, ...errors } }, preHandler: admin,
  }, async (request, reply) => reply.status(201).send(await office.createCounter(request.body, actorOf(request))));
  app.put('/api/v1/office/counters/:id', {
    schema: { tags, summary: 'Change a counter', params: IdParams, body: CounterInput, response: { 200: CounterConfig, ...errors } }, preHandler: admin,
  }, (request) => office.updateCounter(request.params.id, request.body, actorOf(request)));

  app.get('/api/v1/office/display-groups', { schema: { tags, summary: 'Which displays show which counters', response: { 200: Type.Array(DisplayGroup), ...errors } }, preHandler: admin }, () => office.displayGroups());
  app.post('/api/v1/office/display-groups', {
    schema: { tags, summary: 'Create a display group', body: DisplayGroupInput, response: { 201: DisplayGroup, ...errors } }, preHandler: admin,
  }, async (request, reply) => reply.status(201).send(await office.saveDisplayGroup(undefined, request.body, actorOf(request))));
  app.put('/api/v1/office/display-groups/:id', {
    schema: { tags, summary: 'Change a display group', params: IdParams, body: DisplayGroupInput, response: { 200: DisplayGroup, ...errors } }, preHandler: admin,
  }, (request) => office.saveDisplayGroup(request.params.id, request.body, actorOf(request)));
  app.delete('/api/v1/office/display-groups/:id', {
    schema: { tags, summary: 'Delete a display group', params: IdParams, response: { 204: Type.Null(), ...errors } }, preHandler: admin,
  }, async (request, reply) => {
    await office.deleteDisplayGroup(request.params.id, actorOf(request));
    return reply.status(204).send(null);
  });

  // A display shows only its group's counters; a display in no group shows every call.
  app.get('/api/v1/office/display-group', {
    schema: { tags, summary: 'The counters this display shows (null: all)', response: { 200: Type.Object({ counterIds: Type.Union([Type.Array(ShortId), Type.Null()]) }), ...errors } },
    preHandler: authorize({ devices: ['display'] }),
  }, async (request) => ({ counterIds: (await office.displayGroups()).find((g) => request.device && g.deviceIds.includes(request.device.id))?.counterIds ?? null }));

  app.get('/api/v1/office/hours', { schema: { tags, summary: 'Opening hours per weekday and closed days', response: { 200: OpeningHours, ...errors } }, preHandler: admin }, () => office.hours());
  app.put('/api/v1/office/hours', {
    schema: { tags, summary: 'Set opening hours and closed days (replaces both lists)', body: OpeningHours, response: { 200: OpeningHours, ...errors } }, preHandler: admin,
  }, (request) => office.setHours(request.body, actorOf(request)));

  // Public on purpose, like the mobile ticket page that reads it: the names and bring-lists of an office's services.
  app.get('/api/v1/office/service-texts', { schema: { tags, summary: 'The services citizens see, with their texts per language', response: { 200: Type.Array(Service) } } }, () => office.publicServices());

  app.get('/api/v1/office/names', {
    schema: { tags, summary: 'Names of accounts, devices (removed ones too), services and counters by id, for the audit log', response: { 200: Names, ...errors } }, preHandler: admin,
  }, () => officeAdmin.names());

  app.get('/api/v1/office/public-url', {
    schema: { tags, summary: 'The address a phone opens from the ticket QR code', response: { 200: PublicUrl, ...errors } }, preHandler: admin,
  }, () => officeAdmin.publicUrl());

  const kiosk = authorize({ devices: ['kiosk'], staff: ['clerk', 'admin'] });
  app.get('/api/v1/office/services/:id/slots', {
    schema: { tags, summary: 'Whether walk-ins are open, and the next free appointment slots', params: IdParams, response: { 200: SlotsResult, ...errors } }, preHandler: kiosk,
  }, (request) => slotsResult(slots, request.params.id));
  app.post('/api/v1/office/bookings', {
    schema: { tags, summary: 'Book a free slot (idempotent by the client-made ULID); the code is the confirmation', body: BookSlotInput, response: { 201: BookSlotResult, ...errors } }, preHandler: kiosk,
  }, async (request, reply) => reply.status(201).send(await slots.book(request.body, request.device ? `device:${request.device.id}` : actorOf(request))));

  app.put('/api/v1/staff/:id/languages', {
    schema: { tags: ['staff'], summary: 'The languages an account’s holder speaks (catalogue codes)', params: StaffParams, body: Languages, response: { 200: StaffAccount, ...errors } }, preHandler: admin,
  }, (request) => officeAdmin.setStaffLanguages(request.params.id, request.body.languages, actorOf(request)));
  app.post('/api/v1/devices/:id/rename', {
    schema: { tags: ['devices'], summary: 'Rename a paired device', params: DeviceParams, body: Type.Object({ name: SafeName(60) }, { additionalProperties: false }), response: { 204: Type.Null(), ...errors } }, preHandler: admin,
  }, async (request, reply) => {
    await officeAdmin.renameDevice(request.params.id, request.body.name, actorOf(request));
    return reply.status(204).send(null);
  });
  app.post('/api/v1/devices/:id/remove', {
    schema: { tags: ['devices'], summary: 'Take a device off the list (revoked first; the audit keeps it)', params: DeviceParams, response: { 204: Type.Null(), ...errors } }, preHandler: admin,
  }, async (request, reply) => {
    await officeAdmin.removeDevice(request.params.id, actorOf(request));
    return reply.status(204).send(null);
  });
}

export async function slotsResult(slots: SlotService, serviceId: string) {
  const [walkIn, free, takes] = await Promise.all([slots.walkIn(serviceId), slots.freeSlots(serviceId), slots.takesAppointments(serviceId)]);
  return { serviceId, walkIn, appointments: takes, slots: free };
}
