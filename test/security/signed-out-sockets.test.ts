import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, Rooms, S2C } from '@lotse/shared';
import { call, callOk, collect, frozenClock, newId, nextEvent, TestServer, type ClientSocket } from '../helpers/server.ts';

const MIN = 60_000;

describe('a signed-out counter gets no more staff data (issue 10, item 2)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), app: { trust: { session: { sweepMs: 50 } } } });
  });
  afterAll(() => server?.close());

  const inStaffRooms = (socket: ClientSocket) => {
    const rooms = server.lotse.io.sockets.adapter.rooms;
    return [Rooms.counters, Rooms.counter('platz-1'), Rooms.session('platz-1')].filter((r) => rooms.get(r)?.has(socket.id ?? ''));
  };

  it('logout cuts every socket of that session at once: told, out of the rooms, no queue:changed after', async () => {
    const clerk = (await server.signIn('sachbearbeitung')).token;
    const counter = await server.connect('counter', { staffToken: clerk });
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['personalausweis'] });
    const observer = await server.connect('counter', { token: (await server.pairDevice('counter')).token, staffToken: await server.addClerk('beobachter') });
    expect(inStaffRooms(counter).length).toBe(3);

    const told = nextEvent(counter, S2C.staffSignedOut);
    expect((await server.http('POST', '/api/v1/auth/logout', { token: clerk })).status).toBe(204);
    expect((await told)[0]).toEqual({ reason: 'signedOut' });
    expect(inStaffRooms(counter)).toEqual([]);

    const seen = collect(counter, S2C.queueChanged);
    const kiosk = await server.connect('kiosk');
    const observed = nextEvent(observer, S2C.queueChanged);
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    await observed; // the other counter got it, so the signed-out one would have by now
    seen.stop();
    expect(seen.items).toEqual([]);
    expect((await call(counter, C2S.queueGet, {})).ok).toBe(false);
  });

  it('an idle session is ended by the sweep without any request, and its socket is cut', async () => {
    const clerk = await server.addClerk('leerlauf');
    const counter = await server.connect('counter', { staffToken: clerk });
    const told = nextEvent(counter, S2C.staffSignedOut);
    server.clock.advance(31 * MIN);
    expect((await told)[0]).toEqual({ reason: 'expired' });
    expect(server.lotse.io.sockets.adapter.rooms.get(Rooms.counters)?.has(counter.id ?? '') ?? false).toBe(false);
    const ack = await call(counter, C2S.queueGet, {});
    expect(ack.ok ? 'ok' : ack.error.code).toBe('UNAUTHENTICATED');
  });

  it('a busy session still ends after 10 hours: the sweep cuts its socket although it was never idle', async () => {
    const clerk = await server.addClerk('dauerbetrieb');
    const counter = await server.connect('counter', { staffToken: clerk });
    const told = nextEvent(counter, S2C.staffSignedOut);
    let hours = 0;
    // HTTP activity every 20 minutes keeps it from idling; it is refused once the 10 hours are up.
    while ((await server.http('GET', '/api/v1/auth/me', { token: clerk })).status === 200) {
      server.clock.advance(20 * MIN);
      hours += 1 / 3;
      expect(hours).toBeLessThan(11);
    }
    expect((await told)[0]).toEqual({ reason: 'expired' });
  });
});
