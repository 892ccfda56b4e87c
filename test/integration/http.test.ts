import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C, type CallBoardT, type CallT, type CounterStateT, type QueueSnapshotT, type ServiceT, type TicketReceiptT } from '@lotse/shared';
import { TestServer, newId, nextEvent, repoRoot } from '../helpers/server.ts';

/** The same queue operations over `/api/v1`, as an integrator would use them. */
describe('HTTP API /api/v1', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server?.close());

  it('serves the OpenAPI document with every queue, device and auth path', async () => {
    const res = await server.http<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = res.body.paths;
    const expected: [string, string][] = [
      ['/api/v1/services', 'get'], ['/api/v1/counters', 'get'], ['/api/v1/tickets', 'post'], ['/api/v1/tickets/{id}', 'get'],
      ['/api/v1/queue', 'get'], ['/api/v1/calls', 'get'], ['/api/v1/counters/{id}', 'get'], ['/api/v1/counters/{id}/open', 'post'],
      ['/api/v1/counters/{id}/close', 'post'], ['/api/v1/counters/{id}/call-next', 'post'], ['/api/v1/counters/{id}/recall', 'post'],
      ['/api/v1/counters/{id}/no-show', 'post'], ['/api/v1/counters/{id}/finish', 'post'], ['/api/v1/devices/pairing-codes', 'post'],
      ['/api/v1/devices/pair', 'post'], ['/api/v1/auth/login', 'post'], ['/api/v1/info', 'get'],
    ];
    for (const [p, method] of expected) expect(paths[p]?.[method], `${method.toUpperCase()} ${p}`).toBeDefined();
    const createTicket = paths['/api/v1/tickets'].post as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
    expect(createTicket.requestBody.content['application/json'].schema.required.sort()).toEqual(['id', 'language', 'serviceId']);
  });

  it('GET /services and /counters with a device token', async () => {
    const services = await server.http<ServiceT[]>('GET', '/api/v1/services', { token: server.devices.kiosk.token });
    expect(services.status).toBe(200);
    expect(services.body).toHaveLength(6);
    expect(services.body[2]).toMatchObject({ id: 'anmeldung', letter: 'C', name: 'Anmeldung / Ummeldung Wohnsitz', active: true, pictogram: 'house' });
    // The office's texts come along (issue 11): the seed took them from the shipped resources.
    const shipped = (lang: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, `shared/src/i18n/locales/${lang}/services.json`), 'utf8')).anmeldung;
    expect(services.body[2].texts?.ar?.name).toBe(shipped('ar').name);
    expect(services.body[2].texts?.de?.bring).toEqual(shipped('de').bring);
    const counters = await server.http('GET', '/api/v1/counters', { token: server.devices.counter.token });
    expect(counters).toEqual({ status: 200, body: [{ id: 'platz-1', name: 'Platz 1' }, { id: 'platz-2', name: 'Platz 2' }, { id: 'platz-3', name: 'Platz 3' }] });
    // A display reads calls only.
    expect((await server.http('GET', '/api/v1/counters', { token: server.devices.display.token })).status).toBe(403);
    expect((await server.http('GET', '/api/v1/services', { token: server.devices.display.token })).status).toBe(403);
  });

  it('POST /tickets creates (201), is idempotent by ULID, and GET /tickets/:id reads it back without a token', async () => {
    const id = newId();
    const body = { id, serviceId: 'fuehrungszeugnis', language: 'uk' };
    const a = await server.http<TicketReceiptT>('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body });
    expect(a.status).toBe(201);
    expect(a.body.ticket).toMatchObject({ id, number: 'D-001', status: 'waiting', language: 'uk' });
    const b = await server.http<TicketReceiptT>('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body });
    expect(b.status).toBe(201);
    expect(b.body.ticket).toEqual(a.body.ticket);
    expect((await server.counts()).tickets).toBe(1);
    const read = await server.http<TicketReceiptT>('GET', `/api/v1/tickets/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.ticket.number).toBe('D-001');
    const missing = await server.http('GET', `/api/v1/tickets/${newId()}`);
    expect(missing).toMatchObject({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } });
  });

  it('a clerk opens a counter, calls next, recalls, finishes, marks no-show and closes over HTTP; displays get the push', async () => {
    const token = server.clerkToken;
    const display = await server.connect('display');
    const second = await server.http<TicketReceiptT>('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body: { id: newId(), serviceId: 'fuehrungszeugnis', language: 'de' } });
    expect(second.body.ticket.number).toBe('D-002');
    expect(second.body.ahead).toBe(1);

    const open = await server.http<CounterStateT>('POST', '/api/v1/counters/platz-1/open', { token, body: { serviceIds: ['fuehrungszeugnis'] } });
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ counter: { id: 'platz-1' }, serviceIds: ['fuehrungszeugnis'], clerk: 'Sachbearbeitung (Demo)', current: null });

    const pushed = nextEvent(display, S2C.callCreated);
    const called = await server.http<CallT>('POST', '/api/v1/counters/platz-1/call-next', { token });
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ ticketNumber: 'D-001', counterId: 'platz-1', counterName: 'Platz 1', language: 'uk', recall: false });
    expect((await pushed)[0]).toEqual(called.body);

    const recall = await server.http<CallT>('POST', '/api/v1/counters/platz-1/recall', { token });
    expect(recall.body).toMatchObject({ ticketNumber: 'D-001', recall: true });

    const state = await server.http<CounterStateT>('GET', '/api/v1/counters/platz-1', { token });
    expect(state.body.current).toMatchObject({ number: 'D-001', status: 'called' });

    const finish = await server.http<CounterStateT>('POST', '/api/v1/counters/platz-1/finish', { token });
    expect(finish.status).toBe(200);
    expect(finish.body.current).toBeNull();

    expect((await server.http<CallT>('POST', '/api/v1/counters/platz-1/call-next', { token })).body.ticketNumber).toBe('D-002');
    const noShow = await server.http<CounterStateT>('POST', '/api/v1/counters/platz-1/no-show', { token });
    expect(noShow.status).toBe(200);
    expect(noShow.body.current).toBeNull();

    const empty = await server.http('POST', '/api/v1/counters/platz-1/call-next', { token });
    expect(empty).toMatchObject({ status: 409, body: { ok: false, error: { code: 'QUEUE_EMPTY' } } });
    const noCurrent = await server.http('POST', '/api/v1/counters/platz-1/finish', { token });
    expect(noCurrent).toMatchObject({ status: 409, body: { ok: false, error: { code: 'CONFLICT' } } });

    const board = await server.http<CallBoardT>('GET', '/api/v1/calls', { token: server.devices.display.token });
    expect(board.body.calls.map((c) => `${c.ticketNumber}${c.recall ? '*' : ''}`)).toEqual(['D-002', 'D-001*', 'D-001']);

    const closed = await server.http<CounterStateT>('POST', '/api/v1/counters/platz-1/close', { token });
    expect(closed.body.clerk).toBeNull();
    const rows = await server.db.selectFrom('tickets').select(['number', 'status']).orderBy('number').execute();
    expect(rows).toEqual([{ number: 'D-001', status: 'finished' }, { number: 'D-002', status: 'no-show' }]);
  });

  it('GET /queue lists waiting tickets in order and every counter', async () => {
    const ids = [newId(), newId()];
    await server.http('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body: { id: ids[0], serviceId: 'abholung', language: 'de' } });
    await server.http('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body: { id: ids[1], serviceId: 'reisepass', language: 'de' } });
    const q = await server.http<QueueSnapshotT>('GET', '/api/v1/queue', { token: server.clerkToken });
    expect(q.status).toBe(200);
    expect(q.body.waiting.map((t) => t.id)).toEqual(ids);
    expect(q.body.counters.map((c) => c.counter.id)).toEqual(['platz-1', 'platz-2', 'platz-3']);
  });

  it('unknown counter and unknown service give 404; an HTTP and a socket call see the same state', async () => {
    expect(await server.http('POST', '/api/v1/counters/platz-9/call-next', { token: server.clerkToken })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await server.http('POST', '/api/v1/counters/platz-2/open', { token: server.clerkToken, body: { serviceIds: ['gibt-es-nicht'] } })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await server.http('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body: { id: newId(), serviceId: 'gibt-es-nicht', language: 'de' } })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const counter = await server.connect('counter');
    const ack = await new Promise<unknown>((resolve) => counter.emit(C2S.queueGet, {}, resolve));
    const http = await server.http<QueueSnapshotT>('GET', '/api/v1/queue', { token: server.clerkToken });
    expect(ack).toEqual({ ok: true, data: http.body });
  });
});
