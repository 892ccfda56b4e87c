import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { Type } from '@sinclair/typebox';
import { fail, PROTOCOL_VERSION, type LanguageCode } from '@lotse/shared';
import type { Db } from './storage/db.ts';
import { DeviceService } from './devices/service.ts';
import { deviceRoutes } from './devices/routes.ts';
import { StaffService } from './staff/service.ts';
import { staffRoutes } from './staff/routes.ts';
import { QueueService } from './queue/service.ts';
import { queueRoutes } from './queue/routes.ts';
import { registerQueueHandlers } from './queue/socket.ts';
import { createDesk } from './queue/deskSetup.ts';
import { attachRealtime } from './realtime/io.ts';
import type { LotseServer } from './realtime/context.ts';
import { authenticator } from './http/auth.ts';
import { auditQueueCalls, createTrust, serverOptions, trustRoutes, type Trust, type TrustOptions } from './trust.ts';
import type { SocketRate } from './realtime/io.ts';
import { installErrorHandling } from './http/errors.ts';
import { configuredPublicUrl } from './http/publicUrl.ts';
import { appShellFor, serveApps, type AppMount } from './http/apps.ts';
import { SessionService } from './sessions/service.ts';
import { registerSessionHandlers, sessionEmitter } from './sessions/socket.ts';
import { registerPhrasebookHandlers } from './phrasebook/socket.ts';
import { phrasebookRoutes } from './phrasebook/routes.ts';
import { purgeDueTranscripts } from './sessions/repository.ts';
import type { SpeechEngines } from './speech/registry.ts';
import { engineRoutes } from './speech/routes.ts';
import type { DataKey } from './crypto/fieldCrypto.ts';
import { AppointmentService } from './appointments/service.ts';
import { appointmentRoutes } from './appointments/routes.ts';
import { registerAppointmentHandlers } from './appointments/socket.ts';
import { PrintService } from './printing/service.ts';
import { printRoutes } from './printing/routes.ts';
import { registerPrintHandlers } from './printing/socket.ts';
import { TtsService } from './tts/service.ts';
import { ttsRoutes } from './tts/routes.ts';
import { subscribeQueueBroadcast } from './queue/broadcast.ts';
import { withSafeRequestLog } from './http/requestLog.ts';
import { installOffice, type Office } from './office/index.ts';
import { createIntegrations, integrationRoutes, openapiOptions, subscribeIntegrations, type IntegrationOptions, type Integrations } from './integrations/index.ts';

export interface AppOptions {
  db: Db;
  timeZone?: string;
  now?: () => Date;
  devAutoPair?: boolean;
  /** Repo root holding the built apps; omit in API-only tests. */
  appsDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Trust layer: HTTPS material, rate limits, session limits (defaults are production values). */
  trust?: TrustOptions & { socketRate?: Partial<SocketRate> };
  /** Receives Fastify's request handler when HTTPS is on, for the plain-HTTP side (server.ts). */
  onHttpHandler?: Parameters<typeof serverOptions>[1];
  /** Speech engines, created once by the caller (they own child processes); none: typing and phrasebook only. */
  engines?: SpeechEngines;
  /** Key for transcripts at rest; without one (tests) a random key lives for this process only. */
  dataKey?: DataKey | KeyObject;
  /** The clerks' language (default de). */
  clerkLanguage?: LanguageCode;
  /** Receipt printer `host:port` (default: env LOTSE_PRINTER); a kiosk's own printer setting wins. */
  printer?: string;
  /** Base URL phones open the mobile ticket under (default: env LOTSE_PUBLIC_URL, else the kiosk's address). */
  publicUrl?: string;
  /** `HH:MM` office time before which no replayed offline check-in ranks (default: env LOTSE_OFFICE_OPENS, else 06:00). */
  officeOpensAt?: string;
  /** Printed on tickets (default: env LOTSE_OFFICE_NAME, the `office.name` setting, or "Bürgeramt"). */
  officeName?: string;
  /** Read-aloud engine; default espeak-ng, whose voices are checked once here. */
  tts?: TtsService;
  /** How long one plugin may take to start (Fastify's default 10 s); tests on a busy machine allow more. */
  pluginTimeoutMs?: number;
  /** API keys and webhooks (issue 17): rate per key, delivery loop, timeouts. */
  integrations?: IntegrationOptions;
}

export interface LotseApp {
  app: FastifyInstance;
  io: LotseServer;
  queue: QueueService;
  devices: DeviceService;
  staff: StaffService;
  /** Audit, settings, retention job (domains register purge targets), route table. */
  trust: Trust;
  sessions: SessionService;
  appointments: AppointmentService;
  printing: PrintService;
  tts: TtsService;
  /** Office configuration (issue 11): services, counters, hours, slots. */
  office: Office;
  integrations: Integrations;
}

/** Builds the whole edge server without listening: tests use it with port 0, `server.ts` adds listen and signals. */
export async function buildApp(opts: AppOptions): Promise<LotseApp> {
  const app = Fastify({
    logger: withSafeRequestLog(opts.logger ?? false),
    bodyLimit: 256 * 1024,
    pluginTimeout: opts.pluginTimeoutMs,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    ...serverOptions(opts.trust?.tls, opts.onHttpHandler ?? (() => {})),
  });
  const trust = await createTrust(app, opts.db, opts.now, opts.trust);
  // `queue` is made below; a pairing code is only made once the app runs.
  const devices = new DeviceService({ db: opts.db, now: opts.now, audit: trust.audit, counterExists: async (id) => (await queue.counters()).some((c) => c.id === id) });
  const staff = new StaffService({ db: opts.db, now: opts.now, audit: trust.audit, session: opts.trust?.session });
  const queue = new QueueService({
    db: opts.db,
    now: opts.now,
    timeZone: opts.timeZone,
    opensAt: opts.officeOpensAt ?? (process.env.LOTSE_OFFICE_OPENS || undefined),
    onListenerError: (err, event) => app.log.error({ err, event: event.type }, 'a queue listener failed'),
  });
  const integrations = createIntegrations(app, { db: opts.db, audit: trust.audit, now: opts.now, dataKey: opts.dataKey, options: opts.integrations });
  const authorize = authenticator(devices, staff, integrations.apiKeys);

  // The HTTP check-in limit counts as the device's check-in limit in the admin's device list.
  installErrorHandling(app, { onRateLimited: (request) => request.device && request.routeOptions.url === '/api/v1/tickets' && devices.limitHit(request.device.id, 'tickets') });
  await app.register(fastifySwagger, openapiOptions(opts.publicUrl ?? process.env.LOTSE_PUBLIC_URL, trust.routes));

  app.get('/api/v1/info', {
    schema: { tags: ['meta'], summary: 'Protocol version and switches the apps need before pairing', response: { 200: Type.Object({ protocolVersion: Type.Integer(), devAutoPair: Type.Boolean(), publicUrl: Type.Optional(Type.String({ description: 'Address phones reach this server under (LOTSE_PUBLIC_URL or the setting public.url); the ticket QR code uses it' })) }) } },
  }, async () => ({ protocolVersion: PROTOCOL_VERSION, devAutoPair: opts.devAutoPair ?? false, publicUrl: await configuredPublicUrl(opts.db, opts.publicUrl ?? process.env.LOTSE_PUBLIC_URL) }));
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  deviceRoutes(app, devices, authorize, { devAutoPair: opts.devAutoPair ?? false, audit: trust.audit });
  staffRoutes(app, staff, authorize);
  trustRoutes(app, trust, { db: opts.db, staff, authorize, now: opts.now, tls: opts.trust?.tls, dataKey: opts.dataKey });
  queueRoutes(app, queue, authorize);
  const desk = createDesk(app, { db: opts.db, queue, audit: trust.audit, authorize });
  engineRoutes(app, opts.engines, authorize, trust.audit);
  const appointments = new AppointmentService({ db: opts.db, queue, now: opts.now, timeZone: opts.timeZone, audit: trust.audit });
  const printing = new PrintService({
    db: opts.db,
    queue,
    timeZone: opts.timeZone,
    printer: opts.printer ?? process.env.LOTSE_PRINTER,
    publicUrl: opts.publicUrl ?? process.env.LOTSE_PUBLIC_URL,
    officeName: opts.officeName ?? process.env.LOTSE_OFFICE_NAME,
  });
  const tts = opts.tts ?? new TtsService();
  appointmentRoutes(app, appointments, authorize);
  printRoutes(app, printing, opts.db, authorize);
  ttsRoutes(app, tts, authorize);
  const office = installOffice(app, { db: opts.db, audit: trust.audit, authorize, devices, staff, now: opts.now, timeZone: opts.timeZone, publicUrl: opts.publicUrl ?? process.env.LOTSE_PUBLIC_URL });
  integrationRoutes(app, integrations, authorize);

  let mounts: AppMount[] = [];
  if (opts.appsDir) mounts = await serveApps(app, opts.appsDir);
  app.setNotFoundHandler((request, reply) => {
    if (appShellFor(mounts, request, reply)) return;
    return reply.status(404).send(fail('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  const io = attachRealtime(app, { devices, staff, socketRate: { ticketsPerMinute: trust.rateLimits.ticketsPerMinute, ...opts.trust?.socketRate } });
  const sessions = new SessionService({
    db: opts.db,
    dataKey: opts.dataKey ?? createSecretKey(randomBytes(32)),
    engines: opts.engines,
    emit: sessionEmitter(io),
    now: opts.now,
    clerkLanguage: opts.clerkLanguage,
    keepDays: async () => (await trust.settings.get()).transcriptKeepDays,
  });
  phrasebookRoutes(app, sessions.phrases, authorize);
  trust.retention.register({ name: 'transcripts', purge: (plan) => purgeDueTranscripts(opts.db, plan.transcripts) });
  trust.retention.register({ name: 'webhookDeliveries', purge: (plan) => integrations.outbox.purgeFinished(new Date(plan.now)) });
  // Everyone who follows the queue subscribes here, in this order: rooms and mobile ticket pages, conversations, audit.
  subscribeQueueBroadcast(io, queue, app.log);
  // A call opens the counter's conversation; finishing or no-show ends it (and deletes the text unless kept).
  queue.subscribe((event) => {
    if (event.type === 'callCreated') return sessions.openForCall(event.call);
    if (event.type === 'ticketChanged') return sessions.endForTicket(event.ticket.id, event.ticket.status);
  });
  queue.subscribe(auditQueueCalls(trust.audit));
  subscribeIntegrations(integrations, queue, appointments, sessions);
  const handleOpts = { onUnexpected: (event: string, err: unknown) => app.log.error({ err, event }, 'socket handler failed') };
  office.attach(io, handleOpts);
  io.on('connection', (socket) => {
    registerQueueHandlers(socket, queue, handleOpts);
    desk.register(socket, handleOpts);
    registerSessionHandlers(socket, sessions, handleOpts);
    registerPhrasebookHandlers(socket, sessions, handleOpts);
    registerAppointmentHandlers(socket, appointments, handleOpts);
    registerPrintHandlers(socket, printing, handleOpts);
  });

  return { app, io, queue, devices, staff, trust, sessions, appointments, printing, office, tts, integrations };
}
