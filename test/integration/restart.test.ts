import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C, type TicketReceiptT } from '@lotse/shared';
import { TestServer, call, callOk, connected, freePort, newId, nextEvent } from '../helpers/server.ts';

/** Closing and reopening the edge server on the same SQLite file loses nothing, and clients come back by themselves. */
describe('restart on the same file and port', () => {
  let server: TestServer;
  let receipts: TicketReceiptT[];
  let calledNumber: string;

  beforeAll(async () => {
    server = await TestServer.start({ port: await freePort() });
  });
  afterAll(() => server?.close());

  it('keeps tickets, calls, pairings, staff sessions and counter state', async () => {
    const kiosk = await server.connect('kiosk');
    const counter = await server.connect('counter');
    receipts = [];
    for (const serviceId of ['personalausweis', 'personalausweis', 'reisepass'] as const) {
      receipts.push(await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId, language: 'fr' }));
    }
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['personalausweis'] });
    const first = await callOk(counter, C2S.counterCallNext, { counterId: 'platz-1' });
    calledNumber = first.ticketNumber;
    const before = await server.counts();
    kiosk.disconnect();
    counter.disconnect();

    await server.restart();

    expect(await server.counts()).toEqual(before);
    // Device tokens and the clerk's session are still accepted, over sockets and HTTP.
    const kiosk2 = await server.connect('kiosk');
    const counter2 = await server.connect('counter');
    const display2 = await server.connect('display');
    const state = await callOk(counter2, C2S.queueGet, {});
    expect(state.waiting.map((t) => t.number)).toEqual(['A-002', 'B-001']);
    const platz1 = state.counters.find((c) => c.counter.id === 'platz-1');
    expect(platz1).toMatchObject({ serviceIds: ['personalausweis'], clerk: 'Sachbearbeitung (Demo)', current: { number: 'A-001', status: 'called' } });
    const board = await callOk(display2, C2S.displayGet, {});
    expect(board.calls.map((c) => [c.ticketNumber, c.counterId])).toEqual([['A-001', 'platz-1']]);
    expect((await server.http('GET', '/api/v1/devices/me', { token: server.devices.display.token })).status).toBe(200);

    // The counter carries on where it stopped (its desk opens it again after reconnecting, as the app does), and
    // numbering continues instead of restarting.
    await callOk(counter2, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['personalausweis'] });
    expect(await callOk(counter2, C2S.counterRecall, { counterId: 'platz-1' })).toMatchObject({ ticketNumber: 'A-001', recall: true });
    expect((await callOk(counter2, C2S.counterCallNext, { counterId: 'platz-1' })).ticketNumber).toBe('A-002');
    const next = await callOk(kiosk2, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    expect(next.ticket.number).toBe('A-003');
    // Idempotency survives too: a kiosk retrying a pre-restart check-in gets the original ticket.
    const retried = await callOk(kiosk2, C2S.ticketCreate, { id: receipts[2].ticket.id, serviceId: 'reisepass', language: 'fr' });
    expect(retried.ticket).toEqual(receipts[2].ticket);
    expect(calledNumber).toBe('A-001');
    kiosk2.disconnect();
    counter2.disconnect();
    display2.disconnect();
  });

  it('clients reconnect by themselves after the server comes back on the same port and get state again', async () => {
    const display = server.socket({ role: 'display', reconnection: true });
    const counter = server.socket({ role: 'counter', staffToken: server.clerkToken, reconnection: true });
    const kiosk = server.socket({ role: 'kiosk', reconnection: true });
    await Promise.all([connected(display), connected(counter), connected(kiosk)]);
    const firstIds = [display.id, counter.id, kiosk.id];

    const disconnected = Promise.all([display, counter, kiosk].map((s) => new Promise<string>((r) => s.once('disconnect', r))));
    const managerReconnects = Promise.all([display, counter, kiosk].map((s) => new Promise<void>((r) => s.io.once('reconnect', () => r()))));
    const reconnected = Promise.all([display, counter, kiosk].map((s) => new Promise<void>((r) => s.once('connect', () => r()))));
    await server.stop();
    const reasons = await disconnected;
    // A shutdown must look like a lost connection, not like "the server threw you out" (which stops reconnecting).
    for (const reason of reasons) expect(reason).not.toBe('io server disconnect');
    await server.reopen();
    await Promise.all([managerReconnects, reconnected]);
    expect([display.connected, counter.connected, kiosk.connected]).toEqual([true, true, true]);
    expect([display.id, counter.id, kiosk.id]).not.toEqual(firstIds);

    // State again after reconnecting: the display's board and the counter's queue.
    const board = await callOk(display, C2S.displayGet, {});
    expect(board.calls.map((c) => `${c.ticketNumber}${c.recall ? '*' : ''}`)).toEqual(['A-002', 'A-001*', 'A-001']);
    const queue = await callOk(counter, C2S.queueGet, {});
    expect(queue.waiting.map((t) => t.number)).toEqual(['B-001', 'A-003']);

    // Rooms are joined again, so pushes arrive: a new ticket and a call reach the reconnected clients.
    const pushed = nextEvent(display, S2C.callCreated);
    const ticket = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'de' });
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['reisepass'] });
    const called = await callOk(counter, C2S.counterCallNext, { counterId: 'platz-2' });
    expect(called.ticketNumber).toBe('B-001');
    expect((await pushed)[0]).toEqual(called);
    expect(ticket.ticket.number).toBe('B-002');
    const stillWorks = await call(kiosk, C2S.servicesList, {});
    expect(stillWorks.ok).toBe(true);
  });

  it('keeps a device revoked across a restart', async () => {
    const device = await server.pairDevice('kiosk', 'to revoke');
    const revoke = await server.http('POST', `/api/v1/devices/${device.deviceId}/revoke`, { token: server.adminToken });
    expect(revoke.status).toBe(204);
    await server.restart();
    const res = await server.http('GET', '/api/v1/services', { token: device.token });
    expect(res).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
  });
});
