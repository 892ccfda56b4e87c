import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S } from '@lotse/shared';
import { runCli } from '../../edge-server/src/main/auditCli.ts';
import { listAudit } from '../../edge-server/src/audit/index.ts';
import { connected, emitRaw, frozenClock, TestServer } from '../helpers/server.ts';
import { pollUntil, WAIT } from '../helpers/timeouts.ts';

const DAY = 86_400_000;

describe('audit log and retention, wired into the running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false });
  });
  afterAll(() => server?.close());

  it('audits calls with ticket and counter ids only', async () => {
    const kiosk = server.socket({ token: (await server.pairDevice('kiosk')).token });
    const counter = server.socket({ token: (await server.pairDevice('counter')).token, staffToken: server.clerkToken });
    await Promise.all([connected(kiosk), connected(counter)]);
    const ticket = await emitRaw(kiosk, C2S.ticketCreate, { id: ulid(), serviceId: 'reisepass', language: 'tr' });
    expect(ticket.ok).toBe(true);
    expect((await emitRaw(counter, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['reisepass'] })).ok).toBe(true);
    const call = await emitRaw(counter, C2S.counterCallNext, { counterId: 'platz-1' });
    expect(call.ok).toBe(true);
    expect((await emitRaw(counter, C2S.counterRecall, { counterId: 'platz-1' })).ok).toBe(true);
    // The queue's audit entries are written after the acknowledgement: wait until both are there.
    const entries = await pollUntil('the call and the recall in the audit log', () => listAudit(server.db, { limit: 20 }),
      (list) => ['ticket.called', 'ticket.recalled'].every((action) => list.some((e) => e.action === action)), WAIT.write);
    const called = entries.find((e) => e.action === 'ticket.called');
    expect(called).toMatchObject({ actor: 'system', details: { counterId: 'platz-1', recall: false } });
    expect(entries.some((e) => e.action === 'ticket.recalled')).toBe(true);
  });

  it('GET /api/v1/audit lists entries for the admin only; verify is OK and audited', async () => {
    const list = await server.http<{ seq: number; action: string }[]>('GET', '/api/v1/audit?limit=5', { token: server.adminToken });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(5);
    expect(list.body[0].seq).toBeGreaterThan(list.body[4].seq);
    expect((await server.http('GET', '/api/v1/audit', { token: server.clerkToken })).status).toBe(403);
    const verify = await server.http<{ ok: boolean; count: number }>('POST', '/api/v1/audit/verify', { token: server.adminToken });
    expect(verify.body.ok).toBe(true);
    expect((await listAudit(server.db, { limit: 1 }))[0].action).toBe('audit.verified');
  });

  it('a row edited in the SQLite file (trigger dropped first) is named exactly by verify, in the API and the CLI', async () => {
    const file = path.join(server.dir, 'lotse.sqlite');
    const raw = new SQLite(file);
    const target = raw.prepare(`select seq from audit_log where action = 'auth.signIn' order by seq limit 1 offset 1`).get() as { seq: number };
    raw.exec('drop trigger audit_log_no_update');
    raw.prepare(`update audit_log set details = '{"role":"admin"}' where seq = ?`).run(target.seq);
    raw.close();
    const verify = await server.http<{ ok: boolean; firstBrokenSeq: number }>('POST', '/api/v1/audit/verify', { token: server.adminToken });
    expect(verify.body).toMatchObject({ ok: false, firstBrokenSeq: target.seq });
    const cli = await runCli(['verify', '--db', file]);
    expect(cli.code).toBe(1);
    expect(cli.text).toContain(`BROKEN at entry ${target.seq}:`);
  });

  it('the retention job deletes exactly what is due when the clock moves, and audits the counts', async () => {
    const { db, lotse, clock } = server;
    // A stand-in target beside the real ones (the real transcript target is tested in transcript-retention.test.ts).
    await sql`create table fake_transcripts (id text primary key, ended_at text, kept integer not null)`.execute(db);
    const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();
    await sql`insert into fake_transcripts values ('open', null, 0), ('ended-no-consent', ${at(-60_000)}, 0), ('kept-29d', ${at(-29 * DAY)}, 1), ('kept-31d', ${at(-31 * DAY)}, 1), ('ends-later', ${at(DAY)}, 0)`.execute(db);
    lotse.trust.retention.register({
      name: 'fakeTranscripts',
      async purge(plan) {
        const res = await sql`delete from fake_transcripts where (kept = 0 and ended_at <= ${plan.transcripts.withoutConsentEndedAtOrBefore}) or (kept = 1 and ended_at <= ${plan.transcripts.withConsentEndedAtOrBefore})`.execute(db);
        return Number(res.numAffectedRows ?? 0);
      },
    });
    const sessionsBefore = (await db.selectFrom('staff_sessions').selectAll().execute()).length;
    expect(sessionsBefore).toBeGreaterThan(0);

    const first = await lotse.trust.retention.runOnce();
    expect(first.counts).toEqual({ staffSessions: 0, pairingCodes: 0, ticketPersonalFields: 0, transcripts: 0, webhookDeliveries: 0, fakeTranscripts: 2 });
    const left = (await sql<{ id: string }>`select id from fake_transcripts order by id`.execute(db)).rows.map((r) => r.id);
    expect(left).toEqual(['ends-later', 'kept-29d', 'open']);
    const audited = (await listAudit(db, { limit: 1 }))[0];
    expect(audited).toMatchObject({ action: 'retention.purged', actor: 'system', details: { counts: { fakeTranscripts: 2 }, count: 2 } });
    expect(JSON.stringify(audited)).not.toContain('ended-no-consent');

    // Two days on: every idle session, the used/expired pairing codes (> 1 day) and the 29-day transcript (now 31).
    clock.advance(2 * DAY);
    const codes = (await db.selectFrom('pairing_codes').selectAll().execute()).length;
    const second = await lotse.trust.retention.runOnce();
    expect(second.counts).toEqual({ staffSessions: sessionsBefore, pairingCodes: codes, ticketPersonalFields: 0, transcripts: 0, webhookDeliveries: 0, fakeTranscripts: 2 });
    expect((await db.selectFrom('staff_sessions').selectAll().execute())).toHaveLength(0);
    expect((await listAudit(db, { limit: 1 }))[0].details).toMatchObject({ counts: { staffSessions: sessionsBefore, pairingCodes: codes, fakeTranscripts: 2 } });

    // Nothing left to do: no new audit entry.
    const head = (await listAudit(db, { limit: 1 }))[0].seq;
    expect((await lotse.trust.retention.runOnce()).counts.fakeTranscripts).toBe(0);
    expect((await listAudit(db, { limit: 1 }))[0].seq).toBe(head);
  });
});
