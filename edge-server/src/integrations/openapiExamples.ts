import type { TSchema } from '@sinclair/typebox';
import {
  ApiKeyCreated, ApiKeyCreateInput, AppointmentCheckInInput, AppointmentImport, AppointmentImportResult, AppointmentImportText,
  AppointmentPreview, CreateTicketInput, TicketReceipt, WebhookCreateInput,
} from '@lotse/shared';

/**
 * Examples for the operations an integrator calls first, each with the schema it must satisfy (a test checks
 * every example against it, so an example cannot drift from the contract).
 */
export interface OperationExample {
  route: string;
  request?: { schema: TSchema; value: unknown };
  response?: { status: number; schema: TSchema; value: unknown };
}

const ticket = {
  id: '01JNV6Q2M8K3ZB4C5D6E7F8G9H', number: 'B-017', serviceId: 'reisepass', language: 'uk', kind: 'walk-in', status: 'waiting',
  day: '2026-03-10', createdAt: '2026-03-10T08:41:07.000Z', calledAt: null, finishedAt: null, counterId: null,
};

export const OPERATION_EXAMPLES: readonly OperationExample[] = [
  {
    route: 'POST /api/v1/tickets',
    request: { schema: CreateTicketInput, value: { id: ticket.id, serviceId: 'reisepass', language: 'uk' } },
    response: { status: 201, schema: TicketReceipt, value: { ticket, ahead: 4, estimate: { minMinutes: 20, maxMinutes: 35 } } },
  },
  {
    route: 'POST /api/v1/appointments',
    request: { schema: AppointmentImport, value: { appointments: [{ code: 'AB12-CD34', serviceId: 'reisepass', startsAt: '2026-03-11T09:00:00.000Z', durationMinutes: 20 }] } },
    response: { status: 200, schema: AppointmentImportResult, value: { created: 1, updated: 0, removed: 0 } },
  },
  { route: 'POST /api/v1/appointments/check-in', request: { schema: AppointmentCheckInInput, value: { code: 'AB12-CD34', ticketId: ticket.id, language: 'uk' } } },
  {
    route: 'POST /api/v1/appointments/preview',
    request: { schema: AppointmentImportText, value: { format: 'csv', text: 'code;service;start;duration\nAB12-CD34;reisepass;11.03.2026 10:00;20\n' } },
    response: {
      status: 200, schema: AppointmentPreview,
      value: { accepted: [{ code: 'AB12-CD34', serviceId: 'reisepass', startsAt: '2026-03-11T09:00:00.000Z', durationMinutes: 20 }], cancelled: [], refused: [] },
    },
  },
  {
    route: 'POST /api/v1/integrations/api-keys',
    request: { schema: ApiKeyCreateInput, value: { name: 'tevis-sync', scopes: ['queue:read', 'appointments:write'], allowedCidrs: ['10.20.0.0/16'] } },
    response: {
      status: 201, schema: ApiKeyCreated,
      value: {
        token: `lotse_${'x'.repeat(43)}`,
        key: {
          id: '01JNV6Q2M8K3ZB4C5D6E7F8G9J', name: 'tevis-sync', scopes: ['queue:read', 'appointments:write'], prefix: 'lotse_xxxxxx', createdAt: '2026-03-10T08:00:00.000Z',
          expiresAt: null, allowedCidrs: ['10.20.0.0/16'], lastUsedAt: null, lastUsedIp: null, revokedAt: null,
        },
      },
    },
  },
  { route: 'POST /api/v1/integrations/webhooks', request: { schema: WebhookCreateInput, value: { name: 'fachverfahren', url: 'https://fv.stadt.example/lotse', events: ['ticket.created', 'ticket.finished'] } } },
];
