import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Call,
  CallBoard,
  Counter,
  CounterState,
  CreateTicketInput,
  ErrorBody,
  QueueSnapshot,
  Service,
  ShortId,
  TicketReceipt,
  Ulid,
  type CallT,
  type CounterStateT,
} from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { QueueService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const CounterParams = Type.Object({ id: ShortId });
const OpenBody = Type.Object({ serviceIds: Type.Array(ShortId, { minItems: 1, maxItems: 50, uniqueItems: true }) }, { additionalProperties: false });

/** The HTTP API for the same operations the sockets offer, for integrators and outside tests. */
export function queueRoutes(fastify: FastifyInstance, queue: QueueService, authorize: Authorize) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const anyone = authorize({ devices: ['kiosk', 'counter', 'citizen'], staff: ['clerk', 'admin'] });
  const clerk = authorize({ staff: ['clerk', 'admin'] });

  app.get('/api/v1/services', { schema: { tags: ['queue'], summary: 'Services of this office', response: { 200: Type.Array(Service), ...errors } }, preHandler: anyone }, () => queue.services());
  app.get('/api/v1/counters', { schema: { tags: ['queue'], summary: 'Counters of this office', response: { 200: Type.Array(Counter), ...errors } }, preHandler: anyone }, () => queue.counters());

  app.post('/api/v1/tickets', {
    schema: { tags: ['queue'], summary: 'Check in (idempotent by the client-made ULID)', body: CreateTicketInput, response: { 201: TicketReceipt, ...errors } },
    preHandler: authorize({ devices: ['kiosk'], staff: ['clerk', 'admin'] }),
    // Over HTTP nobody knows an offline gap: a back-dated checkedInAt counts only within the grace (checkInTime.ts).
  }, async (request, reply) => reply.status(201).send(await queue.createTicket(request.body, { offlineSince: null })));

  // Public on purpose: the mobile ticket page knows only the ticket's unguessable id.
  app.get('/api/v1/tickets/:id', {
    schema: { tags: ['queue'], summary: 'A ticket with its position and estimate', params: Type.Object({ id: Ulid }), response: { 200: TicketReceipt, ...errors } },
  }, (request) => queue.ticketReceipt(request.params.id));

  app.get('/api/v1/queue', { schema: { tags: ['queue'], summary: 'Waiting tickets and counters', response: { 200: QueueSnapshot, ...errors } }, preHandler: clerk }, () => queue.snapshot());
  app.get('/api/v1/calls', {
    schema: { tags: ['queue'], summary: 'The most recent calls (what the display shows)', response: { 200: CallBoard, ...errors } },
    preHandler: authorize({ devices: ['display', 'counter'], staff: ['clerk', 'admin'] }),
  }, () => queue.callBoard());

  app.get('/api/v1/counters/:id', {
    schema: { tags: ['counters'], summary: 'A counter with its current ticket', params: CounterParams, response: { 200: CounterState, ...errors } },
    preHandler: clerk,
  }, (request) => queue.counterState(request.params.id));

  app.post('/api/v1/counters/:id/open', {
    schema: { tags: ['counters'], summary: 'Open a counter for a set of services', params: CounterParams, body: OpenBody, response: { 200: CounterState, ...errors } },
    preHandler: clerk,
  }, (request) => queue.openCounter({ counterId: request.params.id, serviceIds: request.body.serviceIds }, request.staff?.displayName ?? '', request.staff?.id));

  // Overloads keep each action's result paired with the schema that documents it.
  type Action = {
    (path: string, summary: string, run: (id: string) => Promise<CallT>, response: typeof Call): void;
    (path: string, summary: string, run: (id: string) => Promise<CounterStateT>, response: typeof CounterState): void;
  };
  const action: Action = (path: string, summary: string, run: (id: string) => Promise<CallT | CounterStateT>, response: typeof Call | typeof CounterState) =>
    void app.post(`/api/v1/counters/:id/${path}`, {
      schema: { tags: ['counters'], summary, params: CounterParams, response: { 200: response, ...errors } },
      preHandler: clerk,
    }, (request) => run(request.params.id));

  action('close', 'Close the counter', (id) => queue.closeCounter(id), CounterState);
  action('call-next', 'Call the oldest waiting ticket of the counter’s services', (id) => queue.callNext(id), Call);
  action('recall', 'Call the current ticket again', (id) => queue.recall(id), Call);
  action('no-show', 'Mark the current ticket as not shown up', (id) => queue.noShow(id), CounterState);
  // finish (with an outcome) and the clerk's other actions: deskRoutes.ts.
}
