import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, type DeviceInfoT, type PairedDeviceT } from '@lotse/shared';
import { call, connected, newId, refused, TestServer, type ClientSocket } from '../helpers/server.ts';

/** Budgets that do not refill while the test runs (the bucket clock stands still). */
const RATE = { capacity: 30, perSecond: 1, ticketBurst: 20, ticketsPerMinute: 60, socketsPerDevice: 8, exemptLoopback: false, clock: () => 0 };

describe('per-device socket limits (issue 10, item 6)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ app: { trust: { socketRate: RATE } } });
  });
  afterAll(() => server?.close());

  const limitOf = async (device: PairedDeviceT) => {
    const list = await server.http<DeviceInfoT[]>('GET', '/api/v1/devices', { token: server.adminToken });
    return list.body.find((d) => d.deviceId === device.deviceId)?.limited;
  };
  const codes = (acks: { ok: boolean; error?: { code: string } }[]) => acks.map((a) => (a.ok ? 'ok' : a.error?.code));

  it('one device token holds at most 8 sockets; the 9th handshake is refused with TOO_MANY_CONNECTIONS', async () => {
    const kiosk = await server.pairDevice('kiosk', 'Kiosk viele Tabs');
    const sockets = Array.from({ length: 10 }, () => server.socket({ token: kiosk.token }));
    const outcomes = await Promise.all(sockets.map((s) => connected(s).then(() => 'connected', (e: Error & { data?: { code?: string } }) => e.data?.code)));
    expect(outcomes.filter((o) => o === 'connected').length).toBe(8);
    expect(outcomes.filter((o) => o === 'TOO_MANY_CONNECTIONS').length).toBe(2);
    expect((await limitOf(kiosk))?.kind).toBe('connections');
    // A closed socket frees its place.
    sockets.find((s) => s.connected)?.disconnect();
    const again = server.socket({ token: kiosk.token });
    await connected(again);
    expect((await refused(server.socket({ token: kiosk.token }))).code).toBe('TOO_MANY_CONNECTIONS');
  });

  it('the event budget is the device\'s, shared by all its sockets', async () => {
    const kiosk = await server.pairDevice('kiosk', 'Kiosk Ereignisse');
    const [a, b]: ClientSocket[] = await Promise.all([server.connect('kiosk', { token: kiosk.token }), server.connect('kiosk', { token: kiosk.token })]);
    const acks = await Promise.all([...Array.from({ length: 20 }, () => call(a, C2S.servicesList, {})), ...Array.from({ length: 20 }, () => call(b, C2S.servicesList, {}))]);
    expect(codes(acks).filter((c) => c === 'ok').length).toBe(30);
    expect(codes(acks).filter((c) => c === 'RATE_LIMITED').length).toBe(10);
    expect(await limitOf(kiosk)).toMatchObject({ kind: 'events', count: 10 });
  });

  it('ticket:create draws on the device\'s check-in budget (a burst, then the per-minute rate) across its sockets', async () => {
    const kiosk = await server.pairDevice('kiosk', 'Kiosk Tickets');
    const [a, b] = await Promise.all([server.connect('kiosk', { token: kiosk.token }), server.connect('kiosk', { token: kiosk.token })]);
    const make = (s: ClientSocket) => call(s, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    const acks = await Promise.all([...Array.from({ length: 12 }, () => make(a)), ...Array.from({ length: 12 }, () => make(b))]);
    expect(codes(acks).filter((c) => c === 'ok').length).toBe(20);
    expect(codes(acks).filter((c) => c === 'RATE_LIMITED').length).toBe(4);
    expect(await limitOf(kiosk)).toMatchObject({ kind: 'tickets', count: 4 });
    expect(await server.counts().then((c) => c.tickets)).toBe(20);
  });
});

describe('the HTTP check-in limit shows in the device list too', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ app: { trust: { rateLimits: { exemptLoopback: false, ticketsPerMinute: 3 } } } });
  });
  afterAll(() => server?.close());

  it('the 4th ticket in a minute is refused RATE_LIMITED and the kiosk is marked', async () => {
    const kiosk = server.devices.kiosk;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await server.http('POST', '/api/v1/tickets', { deviceToken: kiosk.token, body: { id: newId(), serviceId: 'personalausweis', language: 'de' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const list = await server.http<DeviceInfoT[]>('GET', '/api/v1/devices', { token: server.adminToken });
    expect(list.body.find((d) => d.deviceId === kiosk.deviceId)?.limited).toMatchObject({ kind: 'tickets', count: 1 });
  });
});
