import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { WebhookDeliveryT } from '@lotse/shared';
import { frozenClock, TestServer, type Clock } from '../helpers/server.ts';

const DAY = 86_400_000;

describe('webhook deliveries are deleted on schedule (GDPR Art. 5(1)(e))', () => {
  let server: TestServer;
  let clock: Clock;
  let receiver: http.Server;
  const deliveries = async () =>
    (await server.http<{ deliveries: WebhookDeliveryT[] }>('GET', '/api/v1/integrations/webhooks/deliveries', { token: server.adminToken })).body.deliveries;
  // Read from the table: the admin's sign-in has long expired on the moved clock.
  const rows = () => server.db.selectFrom('webhook_outbox').select(['state', 'delivered_at']).orderBy('created_at').execute();
  const checkIn = () => server.http('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body: { id: ulid(), serviceId: 'reisepass', language: 'uk' } });

  beforeAll(async () => {
    clock = frozenClock(Date.parse('2026-03-10T09:00:00Z'));
    server = await TestServer.start({ clock, app: { integrations: { deliveryIntervalMs: 0, webhookTimeoutMs: 500 } } });
    receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
    const res = await server.http('POST', '/api/v1/integrations/webhooks', { token: server.adminToken, body: { name: 'akte', url, events: ['ticket.created'], allowHttp: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    receiver?.closeAllConnections();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it('keeps a delivered notice 7 days, then the retention run deletes it and counts it in the audit', async () => {
    await checkIn();
    await server.lotse.integrations.outbox.deliverDue();
    expect((await deliveries()).map((d) => d.state)).toEqual(['delivered']);

    clock.advance(6 * DAY);
    await checkIn();
    await server.lotse.integrations.outbox.deliverDue();
    let run = await server.lotse.trust.retention.runOnce();
    expect(run.counts.webhookDeliveries).toBe(0);

    clock.advance(1.5 * DAY);
    run = await server.lotse.trust.retention.runOnce();
    // The first notice is past its 7 days; the second, 1.5 days old, stays.
    expect(run.counts.webhookDeliveries).toBe(1);
    expect(await rows()).toEqual([{ state: 'delivered', delivered_at: new Date(Date.parse('2026-03-16T09:00:00Z')).toISOString() }]);
  });
});
