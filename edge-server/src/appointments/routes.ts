import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  DomainError,
  AppointmentCheckInInput,
  AppointmentCheckInResult,
  AppointmentDayQuery,
  AppointmentImport,
  AppointmentImportResult,
  AppointmentList,
  AppointmentFileImportResult,
  AppointmentImportText,
  AppointmentPreview,
  AppointmentSourceInput,
  AppointmentSourceState,
  ErrorBody,
  type AppointmentImportT,
} from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { AppointmentService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** An iCalendar export of a few thousand appointments; larger files are split by the booking system's export. */
const ICAL_LIMIT = 2 * 1024 * 1024;

/** Import (JSON or iCalendar), the day's list for staff, and check-in over HTTP (the kiosk uses the socket). */
export function appointmentRoutes(fastify: FastifyInstance, appointments: AppointmentService, authorize: Authorize) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const staff = authorize({ staff: ['clerk', 'admin'] });

  // Encapsulated, so that only this route accepts text/calendar bodies.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/calendar', { parseAs: 'string', bodyLimit: ICAL_LIMIT }, (_req, body, done) => done(null, body));
    scope.post('/api/v1/appointments', {
      schema: {
        tags: ['appointments'],
        summary: 'Import appointments (upsert by booking code): JSON, or text/calendar VEVENTs',
        description: 'iCalendar: code from X-LOTSE-CODE, the UID before "@", or [CODE] in SUMMARY; DTSTART/DTEND or DURATION (UTC or TZID); service from X-LOTSE-SERVICE or CATEGORIES; optional X-LOTSE-LANGUAGE. STATUS:CANCELLED removes an appointment not yet checked in.',
        body: { content: { 'application/json': { schema: AppointmentImport }, 'text/calendar': { schema: Type.String({ maxLength: ICAL_LIMIT }) } } },
        response: { 200: AppointmentImportResult, ...errors },
      },
      bodyLimit: ICAL_LIMIT,
      preHandler: staff,
    }, (request) => {
      const body: unknown = request.body;
      if (typeof body === 'string') return appointments.importIcal(body);
      // A request without a body (or content type) is not validated by the per-content-type schemas above.
      if (!body || typeof body !== 'object' || !Array.isArray((body as { appointments?: unknown }).appointments)) {
        throw new DomainError('BAD_REQUEST', 'send {"appointments": [...]} as application/json or VEVENTs as text/calendar');
      }
      return appointments.import((body as AppointmentImportT).appointments);
    });
  });

  const admin = authorize({ staff: ['admin'] });
  // The file travels as JSON text, a little larger than the raw file.
  const fileLimit = ICAL_LIMIT + 64 * 1024;
  app.post('/api/v1/appointments/preview', {
    schema: { tags: ['appointments'], summary: 'What a file (iCalendar, CSV or JSON) would import, cancel and refuse, and why; changes nothing', body: AppointmentImportText, response: { 200: AppointmentPreview, ...errors } },
    bodyLimit: fileLimit,
    preHandler: admin,
  }, (request) => appointments.preview(request.body));
  app.post('/api/v1/appointments/import-file', {
    schema: { tags: ['appointments'], summary: 'Import what the preview accepts and apply its cancellations; refused entries are listed, not stored', body: AppointmentImportText, response: { 200: AppointmentFileImportResult, ...errors } },
    bodyLimit: fileLimit,
    preHandler: admin,
  }, (request) => appointments.importFile(request.body, request.staff ? `staff:${request.staff.id}` : 'system'));

  // The pulled source: one per office, checked every minute, pulled at its interval.
  fastify.addHook('onReady', async () => appointments.source.start());
  fastify.addHook('onClose', async () => appointments.source.stop());
  const tags = ['appointments'];
  app.get('/api/v1/appointments/source', {
    schema: { tags, summary: 'The appointment source pulled on a schedule, with its last result and error', response: { 200: AppointmentSourceState, ...errors } },
    preHandler: admin,
  }, async () => ({ source: await appointments.source.get() }));
  app.put('/api/v1/appointments/source', {
    schema: { tags, summary: 'Set the source (https iCalendar or CSV feed; http only when allowed) and its interval', body: AppointmentSourceInput, response: { 200: AppointmentSourceState, ...errors } },
    preHandler: admin,
  }, async (request) => ({ source: await appointments.source.set(request.body, request.staff?.id ?? 'unknown') }));
  app.delete('/api/v1/appointments/source', {
    schema: { tags, summary: 'Stop pulling (imported appointments stay)', response: { 200: AppointmentSourceState, ...errors } },
    preHandler: admin,
  }, async (request) => {
    await appointments.source.remove(request.staff?.id ?? 'unknown');
    return { source: null };
  });
  app.post('/api/v1/appointments/source/pull', {
    schema: { tags, summary: 'Pull the source now (ETag / If-Modified-Since); the answer shows the result or the error', response: { 200: AppointmentSourceState, ...errors } },
    preHandler: admin,
  }, async () => ({ source: await appointments.source.pullNow() }));

  app.get('/api/v1/appointments', {
    schema: { tags: ['appointments'], summary: 'Appointments of an office day (default today) with their check-in', querystring: AppointmentDayQuery, response: { 200: AppointmentList, ...errors } },
    preHandler: staff,
  }, async (request) => ({ appointments: await appointments.list(request.query.day) }));

  app.post('/api/v1/appointments/check-in', {
    schema: { tags: ['appointments'], summary: 'Check in with a booking code (idempotent by ticketId)', body: AppointmentCheckInInput, response: { 200: AppointmentCheckInResult, ...errors } },
    preHandler: authorize({ devices: ['kiosk'], staff: ['clerk', 'admin'] }),
  }, (request) => appointments.checkIn(request.body));
}
