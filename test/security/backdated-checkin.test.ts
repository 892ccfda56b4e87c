import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, type TicketReceiptT } from '@lotse/shared';
import { checkInTime } from '../../edge-server/src/queue/checkInTime.ts';
import { QueueService } from '../../edge-server/src/queue/service.ts';
import { callOk, frozenClock, newId, TestServer, type ClientSocket } from '../helpers/server.ts';
import { waitUntil } from '../helpers/timeouts.ts';

const MIN = 60_000;
const NOON = Date.parse('2026-03-10T11:00:00.000Z'); // 12:00 in Berlin

describe('a back-dated check-in counts only inside the kiosk\'s own offline gap (issue 10, item 7)', () => {
  let server: TestServer;
  let online: ClientSocket;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(NOON), timeZone: 'Europe/Berlin' });
    online = await server.connect('kiosk');
  });
  afterAll(() => server?.close());

  const iso = (ms: number) => new Date(ms).toISOString();
  const checkIn = (socket: ClientSocket, checkedInAt?: string) =>
    callOk(socket, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de', ...(checkedInAt ? { checkedInAt } : {}) });

  it('a connected kiosk claiming an early time gets its arrival time, behind those already waiting', async () => {
    const first = await checkIn(online);
    server.clock.advance(MIN);
    const claimed = await checkIn(online, '2026-03-10T05:00:01.000Z'); // 06:00:01 in Berlin, this morning
    expect(claimed.ticket.createdAt).toBe(server.clock.now().toISOString());
    expect(claimed.ahead).toBe(1);
    expect((await callOk(online, C2S.ticketGet, { id: first.ticket.id })).ahead).toBe(0);
    // The same over HTTP, where no offline gap is known.
    const http = await server.http<TicketReceiptT>('POST', '/api/v1/tickets', {
      deviceToken: server.devices.kiosk.token, body: { id: newId(), serviceId: 'personalausweis', language: 'de', checkedInAt: iso(NOON - 30 * MIN) },
    });
    expect(http.body.ticket.createdAt).toBe(server.clock.now().toISOString());
  });

  it('a kiosk that was offline keeps the places of check-ins made in its gap, and only those', async () => {
    const kiosk = await server.pairDevice('kiosk', 'Kiosk Eingang');
    const first = await server.connect('kiosk', { token: kiosk.token });
    await checkIn(first);
    const wentOffline = server.clock.now().getTime();
    server.clock.advance(5 * MIN);
    first.disconnect();
    await waitUntil('the kiosk\'s last seen is written when its last socket goes', async () => {
      const row = await server.db.selectFrom('devices').select('last_seen_at').where('id', '=', kiosk.deviceId).executeTakeFirstOrThrow();
      return row.last_seen_at === server.clock.now().toISOString();
    });
    const offlineFrom = server.clock.now().getTime();
    server.clock.advance(10 * MIN);
    const meanwhile = await checkIn(online);
    server.clock.advance(5 * MIN);

    const back = await server.connect('kiosk', { token: kiosk.token });
    const inGap = await checkIn(back, iso(offlineFrom + 2 * MIN));
    expect(inGap.ticket.createdAt).toBe(iso(offlineFrom + 2 * MIN));
    expect(inGap.ahead).toBeLessThan((await callOk(online, C2S.ticketGet, { id: meanwhile.ticket.id })).ahead);
    const beforeGap = await checkIn(back, iso(wentOffline - 10 * MIN));
    expect(beforeGap.ticket.createdAt).toBe(server.clock.now().toISOString());
  });

  it('never before the office opened, even inside a long gap', () => {
    const now = new Date('2026-03-10T07:00:00.000Z'); // 08:00 in Berlin
    const rule = { now, timeZone: 'Europe/Berlin', opensAt: '06:00', window: { offlineSince: new Date('2026-03-09T17:00:00.000Z') } };
    expect(checkInTime('2026-03-10T04:59:00.000Z', rule)).toEqual(now); // 05:59 in Berlin
    expect(checkInTime('2026-03-10T05:00:00.000Z', rule).toISOString()).toBe('2026-03-10T05:00:00.000Z');    // The opening time is an operator setting (LOTSE_OFFICE_OPENS): a typo stops the start instead of opening at midnight.
    expect(() => new QueueService({ db: server.db, opensAt: '6 Uhr' })).toThrow(/HH:MM/);
  });
});
