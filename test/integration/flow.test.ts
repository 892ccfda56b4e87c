import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C, officeDay, type CallT } from '@lotse/shared';
import { TestServer, call, callOk, collect, newId, nextEvent, type ClientSocket } from '../helpers/server.ts';

/** Kiosk, display and counter as real socket.io clients against a real server on a SQLite file. */
describe('walking skeleton over sockets: check in → call → display', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  let display: ClientSocket;
  let counter: ClientSocket;

  beforeAll(async () => {
    server = await TestServer.start();
    [kiosk, display, counter] = await Promise.all([server.connect('kiosk'), server.connect('display'), server.connect('counter')]);
  });
  afterAll(() => server?.close());

  it('lists the six demo services to the kiosk and the three counters to the counter', async () => {
    const services = await callOk(kiosk, C2S.servicesList, {});
    expect(services.map((s) => `${s.letter}:${s.id}`)).toEqual([
      'A:personalausweis', 'B:reisepass', 'C:anmeldung', 'D:fuehrungszeugnis', 'E:beglaubigung', 'F:abholung',
    ]);
    const counters = await callOk(counter, C2S.countersList, {});
    expect(counters).toEqual([
      { id: 'platz-1', name: 'Platz 1' }, { id: 'platz-2', name: 'Platz 2' }, { id: 'platz-3', name: 'Platz 3' },
    ]);
  });

  it('kiosk ticket → counter calls next → display gets call:created with number and counter', async () => {
    const first = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'en' });
    expect(first.ticket).toMatchObject({ number: 'A-001', serviceId: 'personalausweis', language: 'en', status: 'waiting', kind: 'walk-in', calledAt: null, counterId: null });
    expect(first.ticket.day).toBe(officeDay(new Date(first.ticket.createdAt)));
    expect(first.ahead).toBe(0);
    expect(first.estimate).toEqual({ minMinutes: 0, maxMinutes: 0 });

    const second = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    expect(second.ticket.number).toBe('A-002');
    expect(second.ahead).toBe(1);
    // No counter open and no history: default 8 min ± 25 %, widened to at least 5 minutes.
    expect(second.estimate).toEqual({ minMinutes: 6, maxMinutes: 11 });

    const opened = await callOk(counter, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['personalausweis'] });
    expect(opened).toMatchObject({ counter: { id: 'platz-2', name: 'Platz 2' }, serviceIds: ['personalausweis'], clerk: 'Sachbearbeitung (Demo)', current: null });

    const onDisplay = nextEvent(display, S2C.callCreated);
    const onCounterState = nextEvent(counter, S2C.counterState, (s) => s.current?.id === first.ticket.id);
    const onTicket = nextEvent(kiosk, S2C.ticketUpdated, (r) => r.ticket.id === first.ticket.id);
    const called = await callOk(counter, C2S.counterCallNext, { counterId: 'platz-2' });
    expect(called).toMatchObject({ ticketId: first.ticket.id, ticketNumber: 'A-001', language: 'en', counterId: 'platz-2', counterName: 'Platz 2', recall: false });

    const [pushed] = await onDisplay;
    expect(pushed).toEqual(called);
    const [state] = await onCounterState;
    expect(state.current).toMatchObject({ id: first.ticket.id, status: 'called', counterId: 'platz-2' });
    const [receipt] = await onTicket;
    expect(receipt.ticket.status).toBe('called');

    const board = await callOk(display, C2S.displayGet, {});
    expect(board.calls[0]).toEqual(called);

    // The other ticket is now first in line.
    const again = await callOk(kiosk, C2S.ticketGet, { id: second.ticket.id });
    expect(again.ahead).toBe(0);
  });

  it('recall sends the same ticket again, marked as recall, to the display', async () => {
    const onDisplay = nextEvent(display, S2C.callCreated);
    const recall = await callOk(counter, C2S.counterRecall, { counterId: 'platz-2' });
    expect(recall).toMatchObject({ ticketNumber: 'A-001', counterId: 'platz-2', recall: true });
    expect((await onDisplay)[0]).toEqual(recall);
    const board = await callOk(display, C2S.displayGet, {});
    expect(board.calls.slice(0, 2).map((c) => [c.ticketNumber, c.recall])).toEqual([['A-001', true], ['A-001', false]]);
  });

  it('finish ends the visit; calling next after a no-show moves on; empty queue says QUEUE_EMPTY', async () => {
    const state = await callOk(counter, C2S.counterFinish, { counterId: 'platz-2' });
    expect(state.current).toBeNull();
    const finished = await server.db.selectFrom('tickets').select(['status', 'finished_at']).where('number', '=', 'A-001').executeTakeFirstOrThrow();
    expect(finished.status).toBe('finished');
    expect(finished.finished_at).not.toBeNull();

    const nothingToRecall = await call(counter, C2S.counterRecall, { counterId: 'platz-2' });
    expect(nothingToRecall).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const nothingToFinish = await call(counter, C2S.counterFinish, { counterId: 'platz-2' });
    expect(nothingToFinish).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const next = await callOk(counter, C2S.counterCallNext, { counterId: 'platz-2' });
    expect(next.ticketNumber).toBe('A-002');
    const afterNoShow = await callOk(counter, C2S.counterNoShow, { counterId: 'platz-2' });
    expect(afterNoShow.current).toBeNull();
    const row = await server.db.selectFrom('tickets').select('status').where('id', '=', next.ticketId).executeTakeFirstOrThrow();
    expect(row.status).toBe('no-show');

    const empty = await call(counter, C2S.counterCallNext, { counterId: 'platz-2' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'QUEUE_EMPTY' } });
  });

  it('ticket:create is idempotent: the same ULID twice gives the same ticket and one row', async () => {
    const id = newId();
    const before = await server.counts();
    const a = await callOk(kiosk, C2S.ticketCreate, { id, serviceId: 'reisepass', language: 'tr' });
    const b = await callOk(kiosk, C2S.ticketCreate, { id, serviceId: 'reisepass', language: 'tr' });
    expect(b.ticket).toEqual(a.ticket);
    expect(a.ticket.number).toBe('B-001');
    const after = await server.counts();
    expect(after.tickets).toBe(before.tickets + 1);
    const rows = await server.db.selectFrom('tickets').select('id').where('id', '=', id).execute();
    expect(rows).toHaveLength(1);
    // A retry racing the first attempt is still one ticket.
    const raceId = newId();
    const raced = await Promise.all([1, 2, 3].map(() => callOk(kiosk, C2S.ticketCreate, { id: raceId, serviceId: 'reisepass', language: 'de' })));
    expect(new Set(raced.map((r) => r.ticket.number))).toEqual(new Set(['B-002']));
    expect((await server.counts()).tickets).toBe(before.tickets + 2);
    // The same id for another service is a conflict, not a second ticket.
    const clash = await call(kiosk, C2S.ticketCreate, { id, serviceId: 'anmeldung', language: 'tr' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await server.counts()).tickets).toBe(before.tickets + 2);
  });

  it('calls in queue order across the services a counter serves, and only those', async () => {
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-3', serviceIds: ['anmeldung', 'beglaubigung'] });
    // Drain what earlier tests left for these services (none expected).
    const made: string[] = [];
    for (const serviceId of ['anmeldung', 'fuehrungszeugnis', 'beglaubigung', 'anmeldung', 'beglaubigung'] as const) {
      const r = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId, language: 'de' });
      made.push(r.ticket.number);
      server.clock.advance(3); // distinct createdAt milliseconds: order by time, not only by id
    }
    expect(made).toEqual(['C-001', 'D-001', 'E-001', 'C-002', 'E-002']);
    const calls: CallT[] = [];
    for (let i = 0; i < 4; i++) calls.push(await callOk(counter, C2S.counterCallNext, { counterId: 'platz-3' }));
    expect(calls.map((c) => c.ticketNumber)).toEqual(['C-001', 'E-001', 'C-002', 'E-002']);
    expect(await call(counter, C2S.counterCallNext, { counterId: 'platz-3' })).toMatchObject({ ok: false, error: { code: 'QUEUE_EMPTY' } });
    // Calling the next one finished the previous visit.
    const statuses = await server.db.selectFrom('tickets').select(['number', 'status']).where('number', 'in', ['C-001', 'E-001', 'C-002', 'E-002', 'D-001']).orderBy('number').execute();
    expect(statuses).toEqual([
      { number: 'C-001', status: 'finished' }, { number: 'C-002', status: 'finished' }, { number: 'D-001', status: 'waiting' },
      { number: 'E-001', status: 'finished' }, { number: 'E-002', status: 'called' },
    ]);
  });

  it('pushes queue snapshots to signed-in counters when a kiosk checks in', async () => {
    const seen = collect(counter, S2C.queueChanged);
    const r = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'abholung', language: 'ar' });
    await expect.poll(() => seen.items.some(([snap]) => snap.waiting.some((t) => t.id === r.ticket.id))).toBe(true);
    seen.stop();
    const snap = await callOk(counter, C2S.queueGet, {});
    expect(snap.waiting.map((t) => t.number)).toEqual(['B-001', 'B-002', 'D-001', 'F-001']);
    expect(snap.counters.find((c) => c.counter.id === 'platz-3')?.current?.number).toBe('E-002');
  });

  it('closing a counter clears its clerk in the state and the database', async () => {
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['reisepass'] });
    const closed = await callOk(counter, C2S.counterClose, { counterId: 'platz-2' });
    expect(closed.clerk).toBeNull();
    const row = await server.db.selectFrom('counters').select('clerk').where('id', '=', 'platz-2').executeTakeFirstOrThrow();
    expect(row.clerk).toBeNull();
  });
});
