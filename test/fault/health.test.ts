import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S } from '@lotse/shared';
import { callOk, frozenClock, newId, TestServer } from '../helpers/server.ts';
import { BackupJob } from '../../edge-server/src/ops/backupJob.ts';
import { listBackups } from '../../edge-server/src/ops/backup.ts';
import { writeSchedule } from '../../edge-server/src/ops/schedule.ts';

type Health = { status: string; checks: { database: { ok: boolean; dialect: string }; disk: { ok: boolean; freeBytes: number }; engines: unknown[]; backup: { ok: boolean; lastAt: string | null; ageHours: number | null } } };
type BackupStatus = { supported: boolean; stale: boolean; ageHours: number | null; last: { name: string; tickets: number } | null; schedule: { folder: string | null; everyHours: number; keep: number } };

/** What the town's IT monitors: /healthz, /metrics, and the admin's backup schedule and its warning. */
describe('health, metrics and the backup schedule', () => {
  let server: TestServer;
  const clock = frozenClock(Date.parse('2026-12-02T08:00:00Z'));
  let folder: string;

  beforeAll(async () => {
    server = await TestServer.start({ ops: true, clock });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-backups-'));
  });
  afterAll(async () => {
    await server?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('/healthz: database and disk fine, no backup yet is a warning, a fresh one is ok, one older than a day warns again', async () => {
    const first = await server.http<Health>('GET', '/healthz');
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('warn');
    expect(first.body.checks.database).toMatchObject({ ok: true, dialect: server.dialect });
    expect(first.body.checks.disk.ok).toBe(true);
    expect(first.body.checks.backup).toMatchObject({ ok: false, lastAt: null });

    const set = await server.http<BackupStatus>('PUT', '/api/v1/admin/backup', { token: server.adminToken, body: { folder, everyHours: 24, keep: 3 } });
    expect(set.status).toBe(200);
    const ran = await server.http<BackupStatus>('POST', '/api/v1/admin/backup/run', { token: server.adminToken });
    expect(ran.status).toBe(200);
    expect(ran.body).toMatchObject({ supported: true, stale: false, ageHours: 0, schedule: { folder, everyHours: 24, keep: 3 } });
    expect((await server.http<Health>('GET', '/healthz')).body.status).toBe('ok');

    clock.advance(25 * 3_600_000);
    const late = await server.http<Health>('GET', '/healthz');
    expect(late.body.status).toBe('warn');
    expect(late.body.checks.backup).toMatchObject({ ok: false, ageHours: 25 });
    // A day later the admin signs in again (sessions end after 30 idle minutes).
    server.adminToken = (await server.signIn('admin')).token;
    server.clerkToken = (await server.signIn('sachbearbeitung')).token;
    const status = await server.http<BackupStatus>('GET', '/api/v1/admin/backup', { token: server.adminToken });
    expect(status.body).toMatchObject({ stale: true, ageHours: 25 });
  });

  it('the backup routes are the admin\'s only, and a relative folder is refused without change', async () => {
    expect((await server.http('GET', '/api/v1/admin/backup')).status).toBe(401);
    expect((await server.http('GET', '/api/v1/admin/backup', { token: server.clerkToken })).status).toBe(403);
    expect((await server.http('POST', '/api/v1/admin/backup/run', { token: server.clerkToken })).status).toBe(403);
    const bad = await server.http<{ error: { code: string; message: string } }>('PUT', '/api/v1/admin/backup', { token: server.adminToken, body: { folder: 'usb/backups', everyHours: 24, keep: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/absolute path/);
    expect((await server.http<BackupStatus>('GET', '/api/v1/admin/backup', { token: server.adminToken })).body.schedule.folder).toBe(folder);
  });

  it('the schedule makes a backup when the newest is as old as the interval, not before', async () => {
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-sched-'));
    try {
      await writeSchedule(server.db, { folder: target, everyHours: 6, keep: 2 });
      const job = new BackupJob({ db: server.db, sqliteFile: server.file, key: server.dataKey, now: clock.now });
      expect(await job.runIfDue()).toBeDefined();
      clock.advance(5 * 3_600_000);
      expect(await job.runIfDue()).toBeUndefined();
      clock.advance(3_600_000);
      expect(await job.runIfDue()).toBeDefined();
      clock.advance(6 * 3_600_000);
      await job.runIfDue();
      expect(listBackups(target)).toHaveLength(2);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
      await writeSchedule(server.db, { folder, everyHours: 24, keep: 3 });
    }
  });

  it('/metrics: sockets per role, tickets waiting, check-in latency and the event loop, in Prometheus text', async () => {
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'de' });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^lotse_sockets\{role="kiosk"\} 1$/m);
    expect(text).toMatch(/^lotse_queue_waiting 1$/m);
    expect(text).toMatch(/^lotse_checkin_seconds_count 1$/m);
    expect(text).toMatch(/^lotse_backup_age_seconds \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    kiosk.disconnect();
  });

  it('a database that stopped answering fails /healthz', async () => {
    await server.db.destroy();
    const res = await server.http<Health>('GET', '/healthz');
    // 503 from the check itself, or 500 when a request hook before it already needed the database.
    expect(res.status).toBeGreaterThanOrEqual(500);
    if (res.status === 503) expect(res.body).toMatchObject({ status: 'fail', checks: { database: { ok: false } } });
  });
});
