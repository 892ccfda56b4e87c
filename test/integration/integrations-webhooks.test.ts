import http from 'node:http';
import type net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { WebhookCreatedT, WebhookDeliveryT } from '@lotse/shared';
import { verify } from '../../edge-server/src/integrations/signing.ts';
import { backoffMs } from '../../edge-server/src/integrations/outbox.ts';
import { frozenClock, TestServer, type Clock } from '../helpers/server.ts';
import { pollUntil } from '../helpers/timeouts.ts';

/** A real receiver on a free loopback port; each request is answered by the next planned reply (then 200). */
interface Received { path: string; headers: http.IncomingHttpHeaders; body: string }
type Reply = number | 'hang' | 'redirect';
async function receiver() {
  const got: Received[] = [];
  const plan: Reply[] = [];
  const hanging = new Set<http.ServerResponse>();
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      const next = plan.shift() ?? 200;
      if (next === 'hang') return void hanging.add(res);
      if (next === 'redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
      res.writeHead(next).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    got, plan, url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((r) => {
      for (const res of hanging) res.destroy();
      srv.closeAllConnections();
      srv.close(() => r());
    }),
  };
}

describe('webhooks: signed, retried with backoff, kept across a restart, dead-lettered, never redirected', () => {
  let server: TestServer;
  let clock: Clock;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let sub: WebhookCreatedT;
  const deliveries = async (state?: string) =>
    (await server.http<{ deliveries: WebhookDeliveryT[] }>('GET', `/api/v1/integrations/webhooks/deliveries${state ? `?state=${state}` : ''}`, { token: server.adminToken })).body.deliveries;
  const checkIn = async () => {
    const res = await server.http<{ ticket: { id: string } }>('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body: { id: ulid(), serviceId: 'fuehrungszeugnis', language: 'uk' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const deliver = () => server.lotse.integrations.outbox.deliverDue();

  beforeAll(async () => {
    clock = frozenClock(Date.parse('2026-03-10T09:00:00Z'));
    server = await TestServer.start({ clock, app: { integrations: { deliveryIntervalMs: 0, webhookTimeoutMs: 500 } } });
    rx = await receiver();
    const res = await server.http<WebhookCreatedT>('POST', '/api/v1/integrations/webhooks', {
      token: server.adminToken, body: { name: 'fachverfahren', url: rx.url, events: ['ticket.created', 'ticket.called', 'ticket.finished'], allowHttp: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    sub = res.body;
  });
  afterEach(async () => {
    rx.got.length = 0;
    rx.plan.length = 0;
    await server.db.deleteFrom('webhook_outbox').execute();
  });
  afterAll(async () => {
    await rx?.close();
    await server?.close();
  });

  it('refuses plain http unless allowed, other protocols, and credentials in the address', async () => {
    for (const [url, allowHttp] of [[rx.url, false], ['ftp://127.0.0.1/x', true], ['https://user:pw@example.org/x', false]] as const) {
      const res = await server.http('POST', '/api/v1/integrations/webhooks', { token: server.adminToken, body: { name: 'refused', url, events: ['ticket.created'], allowHttp } });
      expect(res.status, url).toBe(400);
    }
  });

  it('a check-in is delivered signed (Standard Webhooks headers), without personal data, and the signature verifies', async () => {
    const ticket = await checkIn();
    expect(await deliver()).toBe(1);
    expect(rx.got).toHaveLength(1);
    const [req] = rx.got;
    const headers = { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']) };
    expect(headers.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(verify(sub.secret, headers, req.body, Math.floor(clock.now().getTime() / 1000))).toBe(true);
    expect(verify(sub.secret, headers, req.body.replace('fuehrungszeugnis', 'reisepass'), Math.floor(clock.now().getTime() / 1000))).toBe(false);
    const payload = JSON.parse(req.body) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'ticket.created', data: { ticketId: ticket.ticket.id, serviceId: 'fuehrungszeugnis' } });
    expect(payload.data).not.toHaveProperty('language');
    expect((await deliveries('delivered')).map((d) => d.id)).toEqual([headers.id]);
  });

  it('retries after a 500 and a timeout with backoff, with the same webhook-id, until it is taken', async () => {
    rx.plan.push(500, 'hang');
    await checkIn();
    await deliver();
    const [first] = await deliveries();
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 });
    expect(await deliver()).toBe(0); // not due yet
    clock.advance(backoffMs(1));
    await deliver();
    expect((await deliveries())[0]).toMatchObject({ state: 'pending', attempts: 2, lastError: expect.stringContaining('no answer') });
    clock.advance(backoffMs(2));
    await deliver();
    expect((await deliveries())[0]).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(new Set(rx.got.map((r) => r.headers['webhook-id']))).toEqual(new Set([first.id]));
    expect(rx.got).toHaveLength(3);
  });

  it('a restart in the middle keeps the outbox: the delivery goes out afterwards with the same id', async () => {
    rx.plan.push(500);
    await checkIn();
    await deliver();
    const [before] = await deliveries();
    expect(before.state).toBe('pending');
    await server.restart();
    clock.advance(backoffMs(1));
    await server.lotse.integrations.outbox.deliverDue();
    const [after] = await deliveries();
    expect(after).toMatchObject({ id: before.id, state: 'delivered', attempts: 2 });
  });

  it('a redirect is not followed (and counts as a failure)', async () => {
    rx.plan.push('redirect');
    await checkIn();
    await deliver();
    expect(rx.got.map((r) => r.path)).toEqual(['/hook']);
    expect((await deliveries())[0]).toMatchObject({ state: 'pending', lastStatus: 302, lastError: expect.stringContaining('redirect') });
  });

  it('nothing goes to an address that is no longer allowed (http permission withdrawn in the database)', async () => {
    await server.db.updateTable('webhook_subscriptions').set({ allow_http: 0 }).where('id', '=', sub.subscription.id).execute();
    try {
      await checkIn();
      await deliver();
      expect(rx.got).toEqual([]);
      expect((await deliveries())[0]).toMatchObject({ state: 'dead', lastError: expect.stringContaining('address refused') });
    } finally {
      await server.db.updateTable('webhook_subscriptions').set({ allow_http: 1 }).where('id', '=', sub.subscription.id).execute();
    }
  });

  it('call, finish and the end of the conversation are delivered once each; language only where personal data is allowed (audited)', async () => {
    const personal = await server.http<WebhookCreatedT>('POST', '/api/v1/integrations/webhooks', {
      token: server.adminToken, body: { name: 'with-personal', url: rx.url, events: ['ticket.called', 'session.ended'], allowHttp: true, allowPersonalData: true },
    });
    const token = server.clerkToken;
    await checkIn();
    expect((await server.http('POST', '/api/v1/counters/platz-1/open', { token, body: { serviceIds: ['fuehrungszeugnis'] } })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-1/call-next', { token })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-1/finish', { token })).status).toBe(200);
    await pollUntil('the conversation to end', () => server.db.selectFrom('webhook_outbox').select('id').where('event', '=', 'session.ended').execute(), (r) => r.length === 1);
    await deliver();
    await deliver();
    const byType = rx.got.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(byType.map((p) => p.type).sort()).toEqual(['session.ended', 'ticket.called', 'ticket.called', 'ticket.created', 'ticket.finished']);
    expect(byType.find((p) => p.type === 'session.ended')?.data).toMatchObject({ counterId: 'platz-1', transcriptKept: false });
    const calls = byType.filter((p) => p.type === 'ticket.called');
    expect(calls.filter((p) => p.data.language === 'uk')).toHaveLength(1);
    expect(JSON.stringify(byType)).not.toMatch(/"(text|lines|translation|source)"/);
    const audit = await server.db.selectFrom('audit_log').select('details').where('subject', '=', personal.body.subscription.id).execute();
    expect(JSON.parse(audit[0].details)).toMatchObject({ integration: 'with-personal', personalData: true });
    await server.http('DELETE', `/api/v1/integrations/webhooks/${personal.body.subscription.id}`, { token: server.adminToken });
  });
  it('after the retry window (24 h, injected clock) the delivery is dead, listed, and "send again" delivers it', async () => {
    const start = clock.now().getTime();
    await checkIn();
    let attempts = 0;
    for (;;) {
      rx.plan.push(503);
      await deliver();
      attempts += 1;
      const [d] = await server.lotse.integrations.outbox.list();
      if (d.state === 'dead') break;
      expect(attempts).toBeLessThan(60);
      clock.advance(backoffMs(d.attempts));
    }
    expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(24 * 3_600_000);
    // A day later the admin's session has ended by idle time: sign in again, as the admin would.
    server.adminToken = (await server.signIn('admin')).token;
    const dead = await deliveries('dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts, lastStatus: 503 });
    const again = await server.http('POST', `/api/v1/integrations/webhooks/deliveries/${dead[0].id}/redeliver`, { token: server.adminToken });
    expect(again.status).toBe(204);
    await deliver();
    expect((await deliveries())[0]).toMatchObject({ id: dead[0].id, state: 'delivered' });
    const audit = await server.db.selectFrom('audit_log').select('action').where('subject', '=', dead[0].id).execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.deadLettered', 'webhook.redelivered']);
  });
});
