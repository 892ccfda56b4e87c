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

  app.get('/api/v1/appointments', {
    schema: { tags: ['appointments'], summary: 'Appointments of an office day (default today) with their check-in', querystring: AppointmentDayQuery, response: { 200: AppointmentList, ...errors } },
    preHandler: staff,
  }, async (request) => ({ appointments: await appointments.list(request.query.day) }));

  app.post('/api/v1/appointments/check-in', {
    schema: { tags: ['appointments'], summary: 'Check in with a booking code (idempotent by ticketId)', body: AppointmentCheckInInput, response: { 200: AppointmentCheckInResult, ...errors } },
    preHandler: authorize({ devices: ['kiosk'], staff: ['clerk', 'admin'] }),
  }, (request) => appointments.checkIn(request.body));
}
