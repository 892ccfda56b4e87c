import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { io as ioClient, type Socket } from 'socket.io-client';
import { C2S, Namespaces, PROTOCOL_VERSION } from '@lotse/shared';
import { installErrorHandling } from '../../edge-server/src/http/errors.ts';
import { callOk, connected, newId, TestServer } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

describe('clear answers: the /ticket namespace, 403 and 413 (issue 10, also)', () => {
  let server: TestServer;
  let phone: Socket | undefined;
  beforeAll(async () => {
    server = await TestServer.start({ pairDevices: true });
  });
  afterAll(async () => {
    phone?.disconnect();
    await server?.close();
  });

  it('an event sent on the phone\'s /ticket namespace is answered FORBIDDEN, not left without an acknowledgement', async () => {
    const kiosk = await server.connect('kiosk');
    const { ticket } = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    phone = ioClient(`${server.url}${Namespaces.ticket}`, { auth: { protocolVersion: PROTOCOL_VERSION, ticketId: ticket.id }, transports: ['websocket'], reconnection: false, forceNew: true });
    await connected(phone as Parameters<typeof connected>[0]);
    for (const [event, payload] of [['ticket:create', {}], ['counter:callNext', { counterId: 'platz-1' }], ['no-such-event', 1]] as const) {
      const ack: unknown = await phone.timeout(WAIT.event).emitWithAck(event, payload);
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('a body over the limit answers 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await server.http<{ error: { code: string } }>('POST', '/api/v1/auth/login', { rawBody: JSON.stringify({ username: 'admin', password: 'x'.repeat(300 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a 403 raised by a plugin answers FORBIDDEN', async () => {
    const app = Fastify();
    installErrorHandling(app);
    app.get('/static-dotfile', async () => {
      throw Object.assign(new Error('Forbidden'), { statusCode: 403 }); // what @fastify/static's send() raises for a denied dotfile
    });
    const res = await app.inject({ method: 'GET', url: '/static-dotfile' });
    await app.close();
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
