import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, DEMO_SERVICES, type Ack, type CallT } from '@lotse/shared';
import { TestServer, call, callOk, newId, type ClientSocket } from '../helpers/server.ts';

const COUNTERS = ['platz-1', 'platz-2', 'platz-3', 'platz-4', 'platz-5'];
const SERVICES = DEMO_SERVICES.map((s) => s.id);

interface Clerk {
  name: string;
  counterId: string;
  callNext(): Promise<Ack<CallT>>;
}

/**
 * Many clerks pressing "call next" at once, over sockets and HTTP: each ticket is called exactly once. One SQLite
 * connection runs their transactions one after the other, so this checks the whole path under load, not the race
 * itself: that is replayed, and fails without the conditional update, in edge-server/src/queue/callRace.test.ts.
 */
describe('concurrent call-next', () => {
  let server: TestServer;
  let kiosks: ClientSocket[];
  const clerks: Clerk[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    await server.db.insertInto('counters').values([
      { id: 'platz-4', name: 'Platz 4', service_ids: '[]', clerk: null, current_ticket_id: null },
      { id: 'platz-5', name: 'Platz 5', service_ids: '[]', clerk: null, current_ticket_id: null },
    ]).execute();
    kiosks = await Promise.all([1, 2, 3, 4].map(async (i) => server.connect('kiosk', { token: (await server.pairDevice('kiosk', `Kiosk ${i}`)).token })));
    for (let i = 0; i < 10; i++) {
      const name = `clerk-${i}`;
      const token = await server.addClerk(name);
      const counterId = COUNTERS[i % COUNTERS.length];
      if (i % 2 === 0) {
        const device = await server.pairDevice('counter', `Counter tablet ${i}`);
        const socket = await server.connect('counter', { token: device.token, staffToken: token });
        await callOk(socket, C2S.counterOpen, { counterId, serviceIds: SERVICES });
        clerks.push({ name, counterId, callNext: () => call(socket, C2S.counterCallNext, { counterId }) });
      } else {
        const open = await server.http('POST', `/api/v1/counters/${counterId}/open`, { token, body: { serviceIds: SERVICES } });
        expect(open.status).toBe(200);
        clerks.push({
          name,
          counterId,
          callNext: async () => {
            const res = await server.http<CallT | { ok: false; error: { code: 'QUEUE_EMPTY'; message: string } }>('POST', `/api/v1/counters/${counterId}/call-next`, { token });
            return res.status === 200 ? { ok: true, data: res.body as CallT } : (res.body as Ack<CallT>);
          },
        });
      }
    }
  });
  afterAll(() => server?.close());

  async function checkIn(n: number): Promise<string[]> {
    const receipts = await Promise.all(
      Array.from({ length: n }, (_, i) => callOk(kiosks[i % kiosks.length], C2S.ticketCreate, { id: newId(), serviceId: SERVICES[i % 3], language: 'de' })),
    );
    return receipts.map((r) => r.ticket.id);
  }

  it('numbers concurrent check-ins without gaps or duplicates per service', async () => {
    const before = (await server.counts()).tickets;
    await checkIn(30);
    const rows = await server.db.selectFrom('tickets').select(['service_id', 'seq', 'number']).execute();
    expect(rows).toHaveLength(before + 30);
    for (const [i, serviceId] of SERVICES.slice(0, 3).entries()) {
      const seqs = rows.filter((r) => r.service_id === serviceId).map((r) => r.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 10 }, (_, k) => k + 1));
      expect(rows.filter((r) => r.service_id === serviceId).map((r) => r.number).sort()[9]).toBe(`${'ABC'[i]}-010`);
    }
    // Drain them so the next test starts from an empty queue.
    for (;;) if (!(await clerks[0].callNext()).ok) break;
  });

  it('10 clerks on 5 counters, sockets and HTTP together: 20 tickets, each called once, then QUEUE_EMPTY for all', async () => {
    const callsBefore = (await server.counts()).calls;
    const ids = await checkIn(20);
    const results = await Promise.all(
      clerks.map(async (clerk) => {
        const got: CallT[] = [];
        for (;;) {
          const ack = await clerk.callNext();
          if (!ack.ok) return { clerk, got, last: ack.error.code };
          got.push(ack.data);
        }
      }),
    );
    const all = results.flatMap((r) => r.got);
    expect(all.map((c) => c.ticketId).sort()).toEqual([...ids].sort());
    expect(new Set(all.map((c) => c.id)).size).toBe(20);
    for (const r of results) {
      expect(r.last).toBe('QUEUE_EMPTY');
      for (const c of r.got) expect(c.counterId).toBe(r.clerk.counterId);
    }
    // More than one clerk did the work (the presses really overlapped).
    expect(results.filter((r) => r.got.length > 0).length).toBeGreaterThan(1);

    const calls = await server.db.selectFrom('calls').select(['ticket_id']).where('recall', '=', 0).execute();
    expect(calls.length).toBe(callsBefore + 20);
    expect(new Set(calls.map((c) => c.ticket_id)).size).toBe(calls.length);
    const waiting = await server.db.selectFrom('tickets').select('id').where('status', '=', 'waiting').execute();
    expect(waiting).toEqual([]);
    const counters = await server.db.selectFrom('counters').select(['id', 'current_ticket_id']).execute();
    const current = counters.map((c) => c.current_ticket_id).filter((id): id is string => id !== null);
    expect(new Set(current).size).toBe(current.length);
  });

  it('a single burst of 30 presses for 20 tickets: exactly 20 calls and 10 QUEUE_EMPTY', async () => {
    const ids = await checkIn(20);
    const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => clerks[i % clerks.length].callNext()));
    const ok = acks.flatMap((a) => (a.ok ? [a.data.ticketId] : []));
    expect(ok.sort()).toEqual([...ids].sort());
    expect(acks.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.error.code))).toEqual(Array(10).fill('QUEUE_EMPTY'));
  });
});
