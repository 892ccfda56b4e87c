import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S } from '@lotse/shared';
import { listAudit } from '../../edge-server/src/audit/index.ts';
import { connected, emitRaw, frozenClock, refused, TestServer } from '../helpers/server.ts';

describe('device pairing and revocation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false });
  });
  afterAll(() => server?.close());

  const code = async (role = 'kiosk') =>
    (await server.http<{ code: string; expiresAt: string }>('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body: { role, name: 'Kiosk Test' } })).body;

  it('a pairing code works once, expires after 10 minutes, and the token is 256 bits stored only as a hash', async () => {
    const once = await code();
    expect(Date.parse(once.expiresAt) - server.clock.now().getTime()).toBe(10 * 60_000);
    const paired = await server.http<{ token: string; deviceId: string }>('POST', '/api/v1/devices/pair', { body: { code: once.code } });
    expect(paired.status).toBe(201);
    expect(Buffer.from(paired.body.token, 'base64url')).toHaveLength(32);
    const again = await server.http<{ error: { code: string } }>('POST', '/api/v1/devices/pair', { body: { code: once.code } });
    expect(again.body.error.code).toBe('PAIRING_CODE_INVALID');
    const rows = JSON.stringify(await server.db.selectFrom('devices').selectAll().execute());
    expect(rows).not.toContain(paired.body.token);
    expect(JSON.stringify(await server.db.selectFrom('pairing_codes').selectAll().execute())).not.toContain(once.code);

    const late = await code();
    server.clock.advance(10 * 60_000);
    expect((await server.http<{ error: { code: string } }>('POST', '/api/v1/devices/pair', { body: { code: late.code } })).body.error.code).toBe('PAIRING_CODE_INVALID');
  });

  it('the admin sees role, name, last seen and IP; revocation cuts sockets within 1 s and refuses reconnects and HTTP', async () => {
    server.adminToken = (await server.login('admin', server.passwords.admin)).body.token;
    const kiosk = await server.pairDevice('kiosk', 'Kiosk Eingang');
    const socket = server.socket({ token: kiosk.token, reconnection: true });
    await connected(socket);
    expect((await emitRaw(socket, C2S.servicesList, {})).ok).toBe(true);
    const list = await server.http<{ deviceId: string; role: string; name: string; lastSeenAt: string; lastIp: string }[]>('GET', '/api/v1/devices', { token: server.adminToken });
    expect(list.body.find((d) => d.deviceId === kiosk.deviceId)).toMatchObject({ role: 'kiosk', name: 'Kiosk Eingang', lastIp: '127.0.0.1' });

    const revokedEvent = new Promise<void>((resolve) => socket.once('device:revoked', () => resolve()));
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const refusedAgain = new Promise<string | undefined>((resolve) => socket.io.once('reconnect_attempt', () => socket.once('connect_error', (e: Error & { data?: { code?: string } }) => resolve(e.data?.code))));
    const t0 = performance.now();
    expect((await server.http('POST', `/api/v1/devices/${kiosk.deviceId}/revoke`, { token: server.adminToken })).status).toBe(204);
    await revokedEvent;
    await gone;
    expect(performance.now() - t0).toBeLessThan(1000);
    socket.connect();
    expect(await Promise.race([refusedAgain, refused(server.socket({ token: kiosk.token })).then((r) => r.code)])).toBe('UNAUTHENTICATED');
    expect((await server.http('GET', '/api/v1/devices/me', { token: kiosk.token })).status).toBe(401);
    const audit = (await listAudit(server.db, { limit: 500 })).map((e) => ({ action: e.action, subject: e.subject }));
    expect(audit).toContainEqual({ action: 'device.revoked', subject: kiosk.deviceId });
    expect(audit).toContainEqual({ action: 'device.paired', subject: kiosk.deviceId });
    expect(audit.filter((a) => a.action === 'device.pairingCodeCreated').length).toBeGreaterThanOrEqual(3);
  });
});
