import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../edge-server/src/audit/index.ts';
import { frozenClock, TestServer } from '../helpers/server.ts';

describe('settings and the privacy report', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false });
  });
  afterAll(() => server?.close());

  it('only an admin changes settings; values are range-checked; the audit names the setting, not its value', async () => {
    const change = (token: string, body: unknown) => server.http<{ screenLockMinutes: number; error?: { code: string } }>('POST', '/api/v1/settings', { token, body });
    expect((await change(server.clerkToken, { screenLockMinutes: 10 })).status).toBe(403);
    for (const bad of [{ screenLockMinutes: 0 }, { transcriptKeepDays: 31 }, { screenLockMinutes: 2.5 }, {}, { other: 1 }]) {
      expect((await change(server.adminToken, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    const ok = await change(server.adminToken, { screenLockMinutes: 10 });
    expect(ok.body.screenLockMinutes).toBe(10);
    expect((await server.http<{ screenLockMinutes: number }>('GET', '/api/v1/settings', { token: server.clerkToken })).body.screenLockMinutes).toBe(10);
    const entry = (await listAudit(server.db, { limit: 1 }))[0];
    expect(entry).toMatchObject({ action: 'settings.changed', details: { settings: ['screenLockMinutes'] } });
  });

  it('the admin gets the Art. 30 record with every table, the role matrix and the retention from the running settings', async () => {
    const res = await server.http<{ markdown: string }>('GET', '/api/v1/privacy/report', { token: server.adminToken });
    expect(res.status).toBe(200);
    const md = res.body.markdown;
    for (const part of ['Art. 30', 'audit_log', 'staff_sessions', 'Audio wird nie gespeichert', 'Bildschirmsperre am Schalter nach 10 Minuten', '| counter:callNext |', '| POST /api/v1/devices/pairing-codes |']) {
      expect(md).toContain(part);
    }
    expect(md).not.toContain('Noch nicht beschrieben');
    expect((await server.http('GET', '/api/v1/privacy/report', { token: server.clerkToken })).status).toBe(403);
  });
});
