import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ApiKeyCreated, ApiKeyCreateInput, ApiKeyList, ApiKeyView, DeliveryQuery, ErrorBody, IntegrationIdParams,
  WebhookCreated, WebhookCreateInput, WebhookDeliveryList, WebhookList, WebhookUpdateInput, WebhookView,
} from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { Integrations } from './index.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const DeliveryParams = Type.Object({ id: Type.String({ pattern: '^msg_[0-9a-f]{32}$' }) }, { additionalProperties: false });

/** Admin routes of API keys and webhooks; none of them is open to an API key (a key cannot make keys). */
export function integrationRoutes(fastify: FastifyInstance, integ: Integrations, authorize: Authorize): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = authorize({ staff: ['admin'] });
  const staffId = (req: { staff?: { id: string } }) => req.staff?.id ?? 'unknown';
  const tags = ['integrations'];

  app.get('/api/v1/integrations/api-keys', {
    schema: { tags, summary: 'API keys with scopes, expiry, address range and last use (never the key itself)', response: { 200: ApiKeyList, ...errors } },
    preHandler: admin,
  }, async () => ({ keys: await integ.apiKeys.list() }));
  app.post('/api/v1/integrations/api-keys', {
    schema: { tags, summary: 'Create an API key; the answer holds the key once, it is stored only as a hash', body: ApiKeyCreateInput, response: { 201: ApiKeyCreated, ...errors } },
    preHandler: admin,
  }, async (req, reply) => reply.status(201).send(await integ.apiKeys.create(req.body, staffId(req))));
  app.post('/api/v1/integrations/api-keys/:id/revoke', {
    schema: { tags, summary: 'Revoke an API key: its next call is refused', params: IntegrationIdParams, response: { 200: ApiKeyView, ...errors } },
    preHandler: admin,
  }, (req) => integ.apiKeys.revoke(req.params.id, staffId(req)));

  app.get('/api/v1/integrations/webhooks', {
    schema: { tags, summary: 'Webhook subscriptions', response: { 200: WebhookList, ...errors } },
    preHandler: admin,
  }, async () => ({ subscriptions: await integ.subscriptions.list() }));
  app.post('/api/v1/integrations/webhooks', {
    schema: { tags, summary: 'Subscribe an https address (or an explicitly allowed http one) to events; the signing secret is shown once', body: WebhookCreateInput, response: { 201: WebhookCreated, ...errors } },
    preHandler: admin,
  }, async (req, reply) => reply.status(201).send(await integ.subscriptions.create(req.body, staffId(req))));
  app.post('/api/v1/integrations/webhooks/:id', {
    schema: { tags, summary: 'Change events, personal-data permission (audited) or pause a subscription', params: IntegrationIdParams, body: WebhookUpdateInput, response: { 200: WebhookView, ...errors } },
    preHandler: admin,
  }, (req) => integ.subscriptions.update(req.params.id, req.body, staffId(req)));
  app.delete('/api/v1/integrations/webhooks/:id', {
    schema: { tags, summary: 'Delete a subscription; its pending deliveries stop', params: IntegrationIdParams, response: { 204: Type.Null(), ...errors } },
    preHandler: admin,
  }, async (req, reply) => {
    await integ.subscriptions.remove(req.params.id, staffId(req));
    return reply.status(204).send(null);
  });
  app.get('/api/v1/integrations/webhooks/deliveries', {
    schema: { tags, summary: 'The latest 200 deliveries; state=dead is the dead-letter list', querystring: DeliveryQuery, response: { 200: WebhookDeliveryList, ...errors } },
    preHandler: admin,
  }, async (req) => ({ deliveries: await integ.outbox.list(req.query.state) }));
  app.post('/api/v1/integrations/webhooks/deliveries/:id/redeliver', {
    schema: { tags, summary: 'Send a dead-letter delivery again (same webhook-id, a fresh retry window)', params: DeliveryParams, response: { 204: Type.Null(), ...errors } },
    preHandler: admin,
  }, async (req, reply) => {
    await integ.outbox.redeliver(req.params.id, staffId(req));
    return reply.status(204).send(null);
  });
}
