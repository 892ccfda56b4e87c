import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/db.ts';
import type { Audit } from '../audit/auditor.ts';
import type { DataKey } from '../crypto/fieldCrypto.ts';
import type { QueueService } from '../queue/service.ts';
import type { AppointmentService } from '../appointments/service.ts';
import { ApiKeyService } from './apiKeys.ts';
import { Subscriptions } from './subscriptions.ts';
import { Outbox } from './outbox.ts';
import { appointmentWebhooks, queueWebhooks, sessionWebhooks } from './listeners.ts';
import type { SessionService } from '../sessions/service.ts';

export interface IntegrationOptions {
  /** Calls per API key per minute (default 120). */
  apiKeyPerMinute?: number;
  /** Webhook delivery loop period (default 2 s); 0: the test runs `outbox.deliverDue()` itself. */
  deliveryIntervalMs?: number;
  webhookTimeoutMs?: number;
  retryWindowMs?: number;
}

export interface Integrations {
  apiKeys: ApiKeyService;
  subscriptions: Subscriptions;
  outbox: Outbox;
}

export interface IntegrationDeps {
  db: Db;
  audit: Audit;
  now?: () => Date;
  dataKey?: DataKey | KeyObject;
  options?: IntegrationOptions;
}

/**
 * API keys, webhook subscriptions and the outbox (issue 17). Call before routes are declared: the hook that audits
 * every API-key call by the key's name must see every route.
 */
export function createIntegrations(app: FastifyInstance, deps: IntegrationDeps): Integrations {
  const now = deps.now ?? (() => new Date());
  const o = deps.options ?? {};
  const apiKeys = new ApiKeyService({ db: deps.db, audit: deps.audit, now, perMinute: o.apiKeyPerMinute });
  const subscriptions = new Subscriptions(deps.db, deps.dataKey ?? createSecretKey(randomBytes(32)), deps.audit, now);
  const outbox = new Outbox({
    db: deps.db, subscriptions, audit: deps.audit, now, intervalMs: o.deliveryIntervalMs, timeoutMs: o.webhookTimeoutMs, retryWindowMs: o.retryWindowMs,
    onError: (err) => app.log.error({ err }, 'webhook delivery pass failed'),
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.apiKey) await apiKeys.recordCall(request.apiKey, request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
  });
  app.addHook('onReady', async () => outbox.start());
  app.addHook('onClose', async () => outbox.stop());
  return { apiKeys, subscriptions, outbox };
}

/** Webhooks follow the queue, appointment check-ins and conversations as listeners, like the audit does. */
export function subscribeIntegrations(integ: Integrations, queue: QueueService, appointments: AppointmentService, sessions: SessionService): void {
  queue.subscribe(queueWebhooks(integ.outbox));
  appointments.subscribe(appointmentWebhooks(integ.outbox));
  sessions.subscribe(sessionWebhooks(integ.outbox));
}

export { integrationRoutes } from './routes.ts';
export { openapiOptions } from './openapi.ts';
