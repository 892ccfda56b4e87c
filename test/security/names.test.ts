import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { CreateStaffInput, PairingCodeInput, SafeName } from '@lotse/shared';
import { TestServer } from '../helpers/server.ts';

/** Issue 10 "Also": no name field takes control or bidi-override characters (U+202E reverses what follows it). */
const UNSAFE = ['\u0000', '\u0007', '\n', '\u001b', '\u007f', '\u0085', '\u061c', '\u200e', '\u200f', '\u2028', '\u202a', '\u202e', '\u2066', '\u2069', '\ufeff'];
const FINE = ['Platz 1', 'Anmeldung Süd', 'Çağrı Öztürk', 'مكتب ١', 'Кабинет 3', '受付 2', 'Halle 🙂', "O'Brien-Müller"];

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start({ pairDevices: false });
});
afterAll(async () => {
  await server?.close();
});

describe('SafeName', () => {
  it('rejects every control, bidi and separator character and accepts names in every script', () => {
    for (const c of UNSAFE) expect(Value.Check(SafeName(60), `Platz${c}1`), JSON.stringify(c)).toBe(false);
    for (const name of FINE) expect(Value.Check(SafeName(60), name), name).toBe(true);
    for (const c of UNSAFE) expect(Value.Check(PairingCodeInput, { role: 'kiosk', name: `Halle ${c}` })).toBe(false);
    expect(Value.Check(CreateStaffInput, { username: 'anna', displayName: 'Anna \u202eSchmidt', role: 'clerk' })).toBe(false);
  });
});

describe('name fields over HTTP', () => {
  it('a device name or display name with U+202E or NUL is refused with 400; an ordinary one in any script is taken', async () => {
    for (const name of ['Platz \u202e1', 'Platz\u00001']) {
      const device = await server.http('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body: { role: 'kiosk', name } });
      expect(device.status, JSON.stringify(name)).toBe(400);
      const staff = await server.http('POST', '/api/v1/staff', { token: server.adminToken, body: { username: 'mallory', displayName: name, role: 'clerk' } });
      expect(staff.status, JSON.stringify(name)).toBe(400);
    }
    const devices = await server.http('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body: { role: 'kiosk', name: 'مكتب ١' } });
    expect(devices.status).toBe(201);
    const staff = await server.http('POST', '/api/v1/staff', { token: server.adminToken, body: { username: 'cagri', displayName: 'Çağrı Öztürk', role: 'clerk' } });
    expect(staff.status).toBe(201);
  });
});
