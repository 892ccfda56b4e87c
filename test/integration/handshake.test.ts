import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, PROTOCOL_VERSION, S2C, ERROR_CODES } from '@lotse/shared';
import { TestServer, callOk, connected, refused } from '../helpers/server.ts';

/** The socket handshake admits only paired devices speaking our protocol version. */
describe('socket handshake', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server?.close());

  it.each([
    ['no device token', {}, 'UNAUTHENTICATED'],
    ['an unknown device token', { token: 'not-a-paired-device-token' }, 'UNAUTHENTICATED'],
    ['an empty device token', { token: '' }, 'UNAUTHENTICATED'],
    ['an older protocol version', { role: 'kiosk' as const, protocolVersion: PROTOCOL_VERSION - 1 }, 'STALE_CLIENT'],
    ['a newer protocol version', { role: 'display' as const, protocolVersion: PROTOCOL_VERSION + 1 }, 'STALE_CLIENT'],
    ['a paired device with an unknown staff token', { role: 'counter' as const, staffToken: 'expired-or-made-up' }, 'UNAUTHENTICATED'],
    ['an oversize token', { token: 'x'.repeat(5000) }, 'BAD_REQUEST'],
  ])('refuses %s', async (_name, opts, code) => {
    const socket = server.socket(opts);
    const err = await refused(socket);
    expect(err.code).toBe(code);
    expect(ERROR_CODES).toContain(err.code);
    expect(err.message.length).toBeGreaterThan(5);
    expect(socket.connected).toBe(false);
  });

  it('refuses a handshake without protocolVersion, telling the client what is missing', async () => {
    const socket = server.socket({ role: 'kiosk' });
    socket.auth = { deviceToken: server.devices.kiosk.token };
    const err = await refused(socket);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/protocolVersion/);
  });

  it('admits each paired role', async () => {
    for (const role of ['kiosk', 'display', 'counter'] as const) {
      const socket = await server.connect(role);
      expect(socket.connected).toBe(true);
      socket.disconnect();
    }
  });

  it('a revoked device is told and disconnected at once, and cannot come back', async () => {
    const device = await server.pairDevice('display', 'Flurbildschirm');
    const other = await server.connect('display');
    const socket = server.socket({ token: device.token, reconnection: true });
    await connected(socket);
    expect((await callOk(socket, C2S.displayGet, {})).calls).toEqual([]);

    const told = new Promise<void>((resolve) => socket.once(S2C.deviceRevoked, () => resolve()));
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const res = await server.http('POST', `/api/v1/devices/${device.deviceId}/revoke`, { token: server.adminToken });
    expect(res.status).toBe(204);
    await told;
    // "io server disconnect": socket.io-client does not retry on its own after that.
    expect(await gone).toBe('io server disconnect');
    // `active` is false once the client has given up for good: no reconnect is scheduled.
    expect(socket.active).toBe(false);
    expect(socket.connected).toBe(false);
    expect(other.connected).toBe(true);

    const again = server.socket({ token: device.token });
    expect((await refused(again)).code).toBe('UNAUTHENTICATED');
    expect((await server.http('GET', '/api/v1/devices/me', { token: device.token })).status).toBe(401);
    const listed = await server.http<{ deviceId: string; revoked: boolean }[]>('GET', '/api/v1/devices', { token: server.adminToken });
    expect(listed.body.find((d) => d.deviceId === device.deviceId)?.revoked).toBe(true);
    // Revoking twice is a clear 404, not a silent success.
    expect(await server.http('POST', `/api/v1/devices/${device.deviceId}/revoke`, { token: server.adminToken })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('a pairing code works once only', async () => {
    const code = await server.http<{ code: string }>('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body: { role: 'kiosk', name: 'Eingang' } });
    expect(code.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const first = await server.http<{ role: string; token: string }>('POST', '/api/v1/devices/pair', { body: { code: code.body.code.toLowerCase() } });
    expect(first.status).toBe(201);
    expect(first.body.role).toBe('kiosk');
    const second = await server.http('POST', '/api/v1/devices/pair', { body: { code: code.body.code } });
    expect(second).toMatchObject({ status: 400, body: { ok: false, error: { code: 'PAIRING_CODE_INVALID' } } });
    const socket = await server.connect('kiosk', { token: first.body.token });
    expect(socket.connected).toBe(true);
  });
});
