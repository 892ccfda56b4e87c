import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TObject } from '@sinclair/typebox';
import {
  Call,
  ClerkSettings,
  ClerkSettingsUpdate,
  CounterAcceptHelpInput,
  CounterCallTicketInput,
  CounterFinishInput,
  CounterRecallNoShowInput,
  CounterResumeInput,
  CounterState,
  CounterTransferInput,
  ErrorBody,
  ShortId,
} from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { DeskActions } from './desk.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const CounterParams = Type.Object({ id: ShortId });
/** The socket payload without its `counterId`, which the path carries. */
const bodyOf = <T extends TObject>(schema: T) => Type.Omit(schema, ['counterId'], { additionalProperties: false });

/** The clerk's toolset over HTTP, with the schemas and roles of the socket events (deskSocket.ts). */
export function deskRoutes(fastify: FastifyInstance, desk: DeskActions, authorize: Authorize) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const clerk = authorize({ staff: ['clerk', 'admin'] });
  const schema = (summary: string, body: TObject | undefined, response: typeof Call | typeof CounterState) =>
    ({ tags: ['counters'], summary, params: CounterParams, ...(body ? { body } : {}), response: { 200: response, ...errors } });
  const staffId = (request: { staff?: { id: string } }) => ({ staffId: request.staff?.id ?? null });

  app.post('/api/v1/counters/:id/finish', {
    schema: schema('Finish the current ticket, optionally with an outcome from the office list', bodyOf(CounterFinishInput), CounterState),
    // The body is optional (integrations finished without one before outcomes existed).
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
    preHandler: clerk,
  }, (request) => desk.finish(request.params.id, (request.body as { outcome?: string } | undefined)?.outcome, staffId(request)));
  app.post('/api/v1/counters/:id/park', {
    schema: schema('Park the current ticket (the citizen fetches a document)', undefined, CounterState),
    preHandler: clerk,
  }, (request) => desk.park(request.params.id, staffId(request)));
  app.post('/api/v1/counters/:id/resume', {
    schema: schema('Take a parked ticket back to this counter and call it again', bodyOf(CounterResumeInput), Call),
    preHandler: clerk,
  }, (request) => desk.resume(request.params.id, (request.body as { number: string }).number, staffId(request)));
  app.post('/api/v1/counters/:id/transfer', {
    schema: schema('Transfer the current (or a parked) ticket to a service or counter, with a note', bodyOf(CounterTransferInput), CounterState),
    preHandler: clerk,
  }, (request) => desk.transfer({ ...(request.body as object as Parameters<DeskActions['transfer']>[0]), counterId: request.params.id }, staffId(request)));
  app.post('/api/v1/counters/:id/call-ticket', {
    schema: schema('Call a waiting ticket out of order (reason code audited)', bodyOf(CounterCallTicketInput), Call),
    preHandler: clerk,
  }, (request) => {
    const body = request.body as { number: string; reason: Parameters<DeskActions['callTicket']>[2] };
    return desk.callTicket(request.params.id, body.number, body.reason, staffId(request));
  });
  app.post('/api/v1/counters/:id/recall-no-show', {
    schema: schema('Call a no-show again within the office window', bodyOf(CounterRecallNoShowInput), Call),
    preHandler: clerk,
  }, (request) => desk.recallNoShow(request.params.id, (request.body as { number: string }).number, staffId(request)));

  app.post('/api/v1/counters/:id/ask-colleague', {
    schema: schema('Let the current visit wait for a signed-in colleague who speaks its language', undefined, CounterState),
    preHandler: clerk,
  }, (request) => desk.askColleague(request.params.id, staffId(request)));
  app.post('/api/v1/counters/:id/accept-help', {
    schema: schema('Take a visit a colleague asked help for (the clerk must speak its language)', bodyOf(CounterAcceptHelpInput), Call),
    preHandler: clerk,
  }, (request) => desk.acceptHelp(request.params.id, (request.body as { number: string }).number, staffId(request)));

  app.get('/api/v1/clerk-settings', {
    schema: { tags: ['settings'], summary: 'The desk settings: no-show window, outcomes, language preference', response: { 200: ClerkSettings, ...errors } },
    preHandler: clerk,
  }, () => desk.settings.get());
  app.post('/api/v1/clerk-settings', {
    schema: { tags: ['settings'], summary: 'Change the desk settings (admin; audited by setting name)', body: ClerkSettingsUpdate, response: { 200: ClerkSettings, ...errors } },
    preHandler: authorize({ staff: ['admin'] }),
  }, (request) => desk.settings.update(request.body, `staff:${request.staff?.id ?? 'unknown'}`));
}
