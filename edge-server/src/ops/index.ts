import fs from 'node:fs';
import { timingSafeEqual, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { DomainError, ErrorBody } from '@lotse/shared';
import type { LotseApp } from '../app.ts';
import { authenticator, isLoopback } from '../http/auth.ts';
import type { DataKey } from '../crypto/fieldCrypto.ts';
import type { SpeechEngines } from '../speech/registry.ts';
import { dialectOf } from '../storage/dialect.ts';
import type { Db } from '../storage/db.ts';
import { BackupJob } from './backupJob.ts';
import { createMetrics } from './metrics.ts';
import { readSchedule, writeSchedule } from './schedule.ts';

export interface OpsOptions {
  db: Db;
  /** Folder whose free space /healthz reports (the data folder). */
  dataDir: string;
  /** The live SQLite file (backups); undefined on PostgreSQL. */
  sqliteFile?: string;
  key: DataKey | KeyObject;
  engines?: SpeechEngines;
  now?: () => Date;
  /** Bearer token a Prometheus scraper sends to /metrics from another machine (LOTSE_METRICS_TOKEN); loopback needs none. */
  metricsToken?: string;
  /** Below this many free bytes the disk check fails (default 200 MB). */
  minFreeBytes?: number;
}

/** A backup older than this makes /healthz and the admin page warn. */
export const BACKUP_STALE_HOURS = 24;

const Schedule = Type.Object({
  folder: Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()]),
  everyHours: Type.Integer({ minimum: 1, maximum: 168 }),
  keep: Type.Integer({ minimum: 1, maximum: 365 }),
}, { additionalProperties: false });
const Backup = Type.Object({ name: Type.String(), createdAt: Type.String(), tickets: Type.Integer(), bytes: Type.Integer(), keyId: Type.String() });
const BackupStatus = Type.Object({
  supported: Type.Boolean(),
  schedule: Schedule,
  last: Type.Union([Backup, Type.Null()]),
  ageHours: Type.Union([Type.Number(), Type.Null()]),
  stale: Type.Boolean(),
  lastError: Type.Union([Type.Object({ at: Type.String(), message: Type.String() }), Type.Null()]),
  running: Type.Boolean(),
});
export type BackupStatusT = Static<typeof BackupStatus>;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 500: ErrorBody };

function tokenMatches(request: FastifyRequest, token: string | undefined): boolean {
  const given = /^Bearer\s+(\S{1,200})$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What the town's IT monitors and the admin's backup section: `/healthz` (database, disk, engines, backup age),
 * `/metrics` (Prometheus), `/api/v1/admin/backup` (schedule, last good backup, run now), and the backup schedule
 * itself. Installed after `buildApp`, before listen; returns what must be stopped at shutdown.
 */
export function installOps(lotse: LotseApp, opts: OpsOptions): { backups: BackupJob; stop: () => void } {
  const now = opts.now ?? (() => new Date());
  const backups = new BackupJob({ db: opts.db, sqliteFile: opts.sqliteFile, key: opts.key, now, onError: (err) => lotse.app.log.error({ err }, 'scheduled backup failed') });
  const metrics = createMetrics(lotse, { db: opts.db, engines: opts.engines, backups, now });
  const authorize = authenticator(lotse.devices, lotse.staff, lotse.integrations.apiKeys);
  const app = lotse.app.withTypeProvider<TypeBoxTypeProvider>();

  const backupStatus = async (): Promise<BackupStatusT> => {
    const state = await backups.state();
    const ageHours = state.last ? (now().getTime() - Date.parse(state.last.createdAt)) / 3_600_000 : null;
    const last = state.last && { name: state.last.name, createdAt: state.last.createdAt, tickets: state.last.tickets, bytes: state.last.bytes, keyId: state.last.keyId };
    return { supported: state.supported, schedule: await readSchedule(opts.db), last, ageHours, stale: state.supported && (ageHours === null || ageHours > BACKUP_STALE_HOURS), lastError: state.lastError, running: state.running };
  };

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const started = performance.now();
    let database: { ok: boolean; dialect: string; ms?: number; error?: string };
    try {
      await opts.db.selectFrom('settings').select('key').limit(1).execute();
      database = { ok: true, dialect: dialectOf(opts.db), ms: Math.round(performance.now() - started) };
    } catch (err) {
      database = { ok: false, dialect: dialectOf(opts.db), error: err instanceof Error ? err.message.slice(0, 200) : 'unreachable' };
    }
    const fsStat = fs.statfsSync(opts.dataDir);
    const freeBytes = fsStat.bavail * fsStat.bsize;
    const disk = { ok: freeBytes >= (opts.minFreeBytes ?? 200 * 1024 * 1024), freeBytes, totalBytes: fsStat.blocks * fsStat.bsize };
    const engines = (opts.engines?.status() ?? []).map((e) => ({ id: e.id, kind: e.kind, installed: e.installed }));
    const b = await backupStatus();
    const backup = b.supported
      ? { ok: !b.stale, lastAt: b.last?.createdAt ?? null, ageHours: b.ageHours === null ? null : Math.round(b.ageHours * 10) / 10, ...(b.lastError ? { lastError: b.lastError.message } : {}) }
      : { ok: true, external: 'pg_dump' };
    const status = !database.ok || !disk.ok ? 'fail' : backup.ok ? 'ok' : 'warn';
    return reply.status(status === 'fail' ? 503 : 200).send({ status, checks: { database, disk, engines, backup } });
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!isLoopback(request.ip) && !tokenMatches(request, opts.metricsToken)) throw new DomainError('UNAUTHENTICATED', 'metrics need the scrape token (LOTSE_METRICS_TOKEN) from other machines');
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });

  app.get('/api/v1/admin/backup', {
    schema: { tags: ['admin'], summary: 'Backup schedule and the last good backup', response: { 200: BackupStatus, ...errors } },
    preHandler: authorize({ staff: ['admin'] }),
  }, () => backupStatus());

  app.put('/api/v1/admin/backup', {
    schema: { tags: ['admin'], summary: 'Set the backup folder, interval and how many to keep', body: Schedule, response: { 200: BackupStatus, ...errors } },
    preHandler: authorize({ staff: ['admin'] }),
  }, async (request) => {
    try {
      await writeSchedule(opts.db, request.body);
    } catch (err) {
      throw new DomainError('BAD_REQUEST', err instanceof Error ? err.message : 'invalid schedule');
    }
    await lotse.trust.audit({ actor: `staff:${request.staff?.id ?? 'unknown'}`, action: 'settings.changed', details: { settings: ['ops.backup'] } });
    return backupStatus();
  });

  app.post('/api/v1/admin/backup/run', {
    schema: { tags: ['admin'], summary: 'Make a backup now', response: { 200: BackupStatus, ...errors } },
    preHandler: authorize({ staff: ['admin'] }),
  }, async () => {
    if (!opts.sqliteFile) throw new DomainError('CONFLICT', 'this server runs on PostgreSQL: back it up with pg_dump (docs/operations.md)');
    if (!(await readSchedule(opts.db)).folder) throw new DomainError('CONFLICT', 'set a backup folder first');
    try {
      await backups.runNow();
    } catch {
      /* reported in lastError */
    }
    return backupStatus();
  });

  backups.start();
  return { backups, stop: () => backups.stop() };
}
