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
import { attachRealtime } from './realtime/io.ts';
import type { LotseServer } from './realtime/context.ts';
import { authenticator } from './http/auth.ts';
import { installErrorHandling } from './http/errors.ts';
import { appShellFor, serveApps, type AppMount } from './http/apps.ts';
import { SessionService } from './sessions/service.ts';
import { registerSessionHandlers, sessionEmitter } from './sessions/socket.ts';
import type { SpeechEngines } from './speech/registry.ts';
import type { DataKey } from './crypto/fieldCrypto.ts';

export interface AppOptions {
  db: Db;
  timeZone?: string;
  now?: () => Date;
  devAutoPair?: boolean;
  /** Repo root holding the built apps; omit in API-only tests. */
  appsDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Speech engines, created once by the caller (they own child processes); none: typing and phrasebook only. */
  engines?: SpeechEngines;
  /** Key for transcripts at rest; without one (tests) a random key lives for this process only. */
  dataKey?: DataKey | KeyObject;
  /** The clerks' language (default de). */
  clerkLanguage?: LanguageCode;
}

export interface LotseApp {
  app: FastifyInstance;
  io: LotseServer;
  queue: QueueService;
  devices: DeviceService;
  staff: StaffService;
  sessions: SessionService;
}

/** Builds the whole edge server without listening: tests use it with port 0, `server.ts` adds listen and signals. */
export async function buildApp(opts: AppOptions): Promise<LotseApp> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  const devices = new DeviceService({ db: opts.db, now: opts.now });
  const staff = new StaffService({ db: opts.db, now: opts.now });
  const queue = new QueueService({ db: opts.db, now: opts.now, timeZone: opts.timeZone });
  const authorize = authenticator(devices, staff);

  installErrorHandling(app);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Lotse edge server API', version: `1.0.0 (protocol ${PROTOCOL_VERSION})` },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  app.get('/api/v1/info', {
    schema: { tags: ['meta'], summary: 'Protocol version and switches the apps need before pairing', response: { 200: Type.Object({ protocolVersion: Type.Integer(), devAutoPair: Type.Boolean() }) } },
  }, () => ({ protocolVersion: PROTOCOL_VERSION, devAutoPair: opts.devAutoPair ?? false }));
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  deviceRoutes(app, devices, authorize, { devAutoPair: opts.devAutoPair ?? false });
  staffRoutes(app, staff, authorize);
  queueRoutes(app, queue, authorize);

  let mounts: AppMount[] = [];
  if (opts.appsDir) mounts = await serveApps(app, opts.appsDir);
  app.setNotFoundHandler((request, reply) => {
    if (appShellFor(mounts, request, reply)) return;
    return reply.status(404).send(fail('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  const io = attachRealtime(app, { devices, staff, queue });
  const sessions = new SessionService({
    db: opts.db,
    dataKey: opts.dataKey ?? createSecretKey(randomBytes(32)),
    engines: opts.engines,
    emit: sessionEmitter(io),
    now: opts.now,
    clerkLanguage: opts.clerkLanguage,
  });
  // A call opens the counter's conversation; finishing or no-show ends it (and deletes the text unless kept).
  const broadcast = queue.events;
  queue.events = {
    ...broadcast,
    callCreated(call) {
      broadcast.callCreated(call);
      sessions.openForCall(call).catch((err: unknown) => app.log.error({ err }, 'opening a session failed'));
    },
    ticketChanged(id) {
      broadcast.ticketChanged(id);
      void queue.ticketReceipt(id)
        .then((r) => sessions.endForTicket(id, r.ticket.status))
        .catch((err: unknown) => app.log.error({ err }, 'ending a session failed'));
    },
  };
  const handleOpts = { onUnexpected: (event: string, err: unknown) => app.log.error({ err, event }, 'socket handler failed') };
  io.on('connection', (socket) => {
    registerQueueHandlers(socket, queue, handleOpts);
    registerSessionHandlers(socket, sessions, handleOpts);
  });

  return { app, io, queue, devices, staff, sessions };
}
