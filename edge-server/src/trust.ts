import https from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, PrivacyReportView } from '@lotse/shared';
import type { Db } from './storage/db.ts';
import { createAuditor, type Audit } from './audit/auditor.ts';
import { auditRoutes } from './audit/routes.ts';
import type { DataKey } from './crypto/fieldCrypto.ts';
import { installHardening, DEFAULT_RATE_LIMITS, type RateLimits, type RouteAccess } from './http/hardening.ts';
import type { Authorize } from './http/auth.ts';
import { tlsRoutes, type TlsRuntime } from './tls/routes.ts';
import { RetentionJob, coreTargets } from './privacy/retentionJob.ts';
import { collectPrivacyFacts } from './privacy/facts.ts';
import { privacyReportMarkdown } from './privacy/markdown.ts';
import type { QueueListener } from './queue/events.ts';
import type { SessionPolicy, StaffService } from './staff/service.ts';
import { DEFAULT_LOCKOUT } from './security/lockout.ts';
import { SettingsService, settingsRoutes } from './security/settings.ts';

/** Options of the trust layer (issue 5); every one has a production default. */
export interface TrustOptions {
  tls?: TlsRuntime;
  rateLimits?: Partial<RateLimits>;
  session?: Partial<SessionPolicy>;
  /** Retention job period (default 15 minutes); the job runs only after `retention.start()` (server.ts). */
  retentionIntervalMs?: number;
}

export interface Trust {
  audit: Audit;
  settings: SettingsService;
  /** Domains add their purge targets here (`register({ name, purge(plan) })`). */
  retention: RetentionJob;
  /** Every route with its access, filled while routes are declared. */
  routes: RouteAccess[];
  rateLimits: RateLimits;
}

/** Fastify server options: HTTPS with the LAN certificate when TLS is on; `handler` is kept for the HTTP side. */
export function serverOptions(tls: TlsRuntime | undefined, keep: (handler: (req: IncomingMessage, res: ServerResponse) => void) => void) {
  if (!tls) return {};
  const serverFactory: FastifyServerFactory = (handler) => {
    keep(handler);
    // Fastify's types assume node:http; an https.Server is the same API for everything Fastify uses.
    return https.createServer({ key: tls.material.key, cert: tls.material.cert, minVersion: 'TLSv1.2' }, handler) as unknown as Server;
  };
  return { serverFactory };
}

/** Call before any route is declared: hardening hooks must see every route. */
export async function createTrust(app: FastifyInstance, db: Db, now: (() => Date) | undefined, opts: TrustOptions = {}): Promise<Trust> {
  const routes = await installHardening(app, { rateLimits: opts.rateLimits, hsts: Boolean(opts.tls) });
  const audit = createAuditor(db, { now, onError: (err, e) => app.log.error({ err, action: e.action }, 'audit append failed') });
  const settings = new SettingsService(db, audit);
  const retention = new RetentionJob({
    settings: () => settings.get(),
    now,
    audit,
    intervalMs: opts.retentionIntervalMs,
    onError: (err, target) => app.log.error({ err, target }, 'retention purge failed'),
  });
  app.addHook('onClose', async () => retention.stop());
  return { audit, settings, retention, routes, rateLimits: { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits } };
}

export interface TrustRouteDeps {
  db: Db;
  staff: StaffService;
  authorize: Authorize;
  now?: () => Date;
  tls?: TlsRuntime;
  dataKey?: DataKey | KeyObject;
}

/** Settings, audit, TLS and privacy routes, and the core retention targets. */
export function trustRoutes(app: FastifyInstance, trust: Trust, deps: TrustRouteDeps): void {
  const { db, staff, authorize } = deps;
  settingsRoutes(app, trust.settings, authorize);
  auditRoutes(app, db, authorize, trust.audit);
  tlsRoutes(app, authorize, deps.tls);
  for (const target of coreTargets(db, () => staff.purgeExpiredSessions())) trust.retention.register(target);

  const key = deps.dataKey && 'keyId' in deps.dataKey ? { source: deps.dataKey.source, keyId: deps.dataKey.keyId } : { source: 'ephemeral', keyId: '–' };
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/v1/privacy/report', {
    schema: { tags: ['privacy'], summary: 'Record of processing (Art. 30) and DPIA facts from the running configuration (admin)', response: { 200: PrivacyReportView, 401: ErrorBody, 403: ErrorBody } },
    preHandler: authorize({ staff: ['admin'] }),
  }, async () => {
    const facts = await collectPrivacyFacts({
      db,
      now: deps.now ?? (() => new Date()),
      settings: () => trust.settings.get(),
      routes: trust.routes,
      dataKey: key,
      tls: deps.tls ? { enabled: true, fingerprint: deps.tls.material.caFingerprintSha256 } : { enabled: false },
      retentionTargets: trust.retention.names(),
      sessionPolicy: staff.policy,
      lockout: DEFAULT_LOCKOUT,
      rateLimits: trust.rateLimits,
    });
    return { generatedAt: facts.generatedAt, markdown: privacyReportMarkdown(facts) };
  });
}

/** Calls are audited (ticket and counter ids only). */
export function auditQueueCalls(audit: Audit): QueueListener {
  return (event) => {
    if (event.type !== 'callCreated') return;
    const { call } = event;
    void audit({
      actor: 'system',
      action: call.recall ? 'ticket.recalled' : 'ticket.called',
      subject: call.ticketId,
      details: { counterId: call.counterId, recall: call.recall },
    });
  };
}
