import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { C2S, type Ack } from '@lotse/shared';
import { TestServer, call, callOk, newId, type ClientSocket } from '../helpers/server.ts';

/**
 * The clerk's toolset with two clerks at two counters acting on one ticket at once: exactly one wins, the other
 * gets CONFLICT, and the ticket ends where the winner put it. Each action's guard is the status condition of one
 * UPDATE (edge-server/src/queue/deskRepository.ts `claim`); without it both clerks "win" and these tests fail.
 */
describe('clerk desk: park, transfer, call a number, call a no-show again, outcome', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  let one: ClientSocket;
  let two: ClientSocket;
  const SERVICES = ['personalausweis', 'reisepass'];

  beforeAll(async () => {
    server = await TestServer.start();
    kiosk = await server.connect('kiosk');
    one = await server.connect('counter');
    const secondClerk = await server.addClerk('zweite');
    two = await server.connect('counter', { token: (await server.pairDevice('counter', 'Platz 2 Tablet')).token, staffToken: secondClerk });
    await callOk(one, C2S.counterOpen, { counterId: 'platz-1', serviceIds: SERVICES });
    await callOk(two, C2S.counterOpen, { counterId: 'platz-2', serviceIds: SERVICES });
  });
  afterAll(() => server?.close());

  beforeEach(async () => {
    // Every test starts with an empty queue and two idle counters.
    await server.db.updateTable('tickets').set({ status: 'finished' }).where('status', 'in', ['waiting', 'called', 'parked', 'no-show']).execute();
    await server.db.updateTable('counters').set({ current_ticket_id: null }).execute();
  });

  const checkIn = async (serviceId = 'personalausweis', language: 'de' | 'ar' | 'uk' = 'de') =>
    (await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId, language })).ticket;
  const ticketRow = (id: string) => server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const callRows = async (id: string) => (await server.db.selectFrom('calls').select('counter_id').where('ticket_id', '=', id).execute()).map((r) => r.counter_id);

  function onlyOneWins<T>(results: Ack<T>[]): { winner: number } {
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    const loser = results.find((r) => !r.ok);
    expect(loser && !loser.ok && loser.error.code).toBe('CONFLICT');
    return { winner: results.findIndex((r) => r.ok) };
  }

  it('call a specific number: both clerks call A-xxx at once, one gets it, with the reason in the audit', async () => {
    await checkIn();
    const wanted = await checkIn();
    const results = await Promise.all([
      call(one, C2S.counterCallTicket, { counterId: 'platz-1', number: wanted.number, reason: 'accessibility' }),
      call(two, C2S.counterCallTicket, { counterId: 'platz-2', number: wanted.number.replace('-0', ''), reason: 'urgent' }),
    ]);
    const { winner } = onlyOneWins(results);
    const counterId = ['platz-1', 'platz-2'][winner];
    expect(await ticketRow(wanted.id)).toMatchObject({ status: 'called', counter_id: counterId });
    expect(await callRows(wanted.id)).toEqual([counterId]);
    // The audit is written after the change commits (a listener): poll for it.
    const audited = () => server.db.selectFrom('audit_log').select(['action', 'details', 'actor']).where('subject', '=', wanted.id).where('action', '=', 'ticket.calledOutOfOrder').execute();
    await expect.poll(async () => (await audited()).length).toBe(1);
    const audit = await audited();
    expect(JSON.parse(audit[0].details)).toMatchObject({ counterId, reason: winner === 0 ? 'accessibility' : 'urgent' });
    expect(audit[0].actor).toMatch(/^staff:/);
  });

  it('park and take back: two clerks take back one parked ticket at once, one wins; the parked list shows it until then', async () => {
    const t = await checkIn();
    await callOk(one, C2S.counterCallNext, { counterId: 'platz-1' });
    const parked = await callOk(one, C2S.counterPark, { counterId: 'platz-1' });
    expect(parked.current).toBeNull();
    const snap = await callOk(two, C2S.queueGet, {});
    expect(snap.parked?.map((p) => p.number)).toEqual([t.number]);
    expect(snap.marks?.[t.id]).toMatchObject({ fromCounterId: 'platz-1' });
    expect(snap.waiting.map((w) => w.id)).not.toContain(t.id);
    // Parking twice, or a ticket already taken back, is refused.
    expect((await call(one, C2S.counterPark, { counterId: 'platz-1' })).ok).toBe(false);

    const results = await Promise.all([
      call(one, C2S.counterResume, { counterId: 'platz-1', number: t.number }),
      call(two, C2S.counterResume, { counterId: 'platz-2', number: t.number }),
    ]);
    const { winner } = onlyOneWins(results);
    expect(await ticketRow(t.id)).toMatchObject({ status: 'called', counter_id: ['platz-1', 'platz-2'][winner], parked_at: null });
    expect((await callOk(one, C2S.queueGet, {})).parked).toEqual([]);
  });

  it('a parked ticket: one clerk transfers it while another takes it back — one wins', async () => {
    const t = await checkIn();
    await callOk(one, C2S.counterCallTicket, { counterId: 'platz-1', number: t.number, reason: 'other' });
    await callOk(one, C2S.counterPark, { counterId: 'platz-1' });
    const results = await Promise.all([
      call(one, C2S.counterTransfer, { counterId: 'platz-1', number: t.number, serviceId: 'reisepass', position: 'keep' }),
      call(two, C2S.counterResume, { counterId: 'platz-2', number: t.number }),
    ]);
    const { winner } = onlyOneWins<unknown>(results);
    const row = await ticketRow(t.id);
    expect(row).toMatchObject(winner === 0 ? { status: 'waiting', service_id: 'reisepass' } : { status: 'called', counter_id: 'platz-2', service_id: 'personalausweis' });
  });

  it('a no-show is called again within the window by one of two clerks, and not after the window', async () => {
    const t = await checkIn();
    await callOk(one, C2S.counterCallNext, { counterId: 'platz-1' });
    await callOk(one, C2S.counterNoShow, { counterId: 'platz-1' });
    const results = await Promise.all([
      call(one, C2S.counterRecallNoShow, { counterId: 'platz-1', number: t.number }),
      call(two, C2S.counterRecallNoShow, { counterId: 'platz-2', number: t.number }),
    ]);
    const { winner } = onlyOneWins(results);
    expect(await ticketRow(t.id)).toMatchObject({ status: 'called', counter_id: ['platz-1', 'platz-2'][winner], finished_at: null });

    const late = await checkIn();
    await callOk(one, C2S.counterCallTicket, { counterId: 'platz-1', number: late.number, reason: 'other' });
    await callOk(one, C2S.counterNoShow, { counterId: 'platz-1' });
    server.clock.advance(16 * 60_000); // the default window is 15 minutes
    const refused = await call(two, C2S.counterRecallNoShow, { counterId: 'platz-2', number: late.number });
    expect(refused.ok || refused.error.code).toBe('CONFLICT');
    expect(await ticketRow(late.id)).toMatchObject({ status: 'no-show' });
  });

  it('transfer to a counter with a note: only that desk calls it, and its desk sees the note; the note goes when the visit ends', async () => {
    const earlier = await checkIn('reisepass');
    const t = await checkIn('personalausweis', 'uk');
    await callOk(one, C2S.counterCallTicket, { counterId: 'platz-1', number: t.number, reason: 'other' });
    const state = await callOk(one, C2S.counterTransfer, { counterId: 'platz-1', targetCounterId: 'platz-2', note: 'Braucht Meldebescheinigung', position: 'front' });
    expect(state.current).toBeNull();
    const snap = await callOk(two, C2S.queueGet, {});
    expect(snap.marks?.[t.id]).toMatchObject({ targetCounterId: 'platz-2', fromCounterId: 'platz-1', note: 'Braucht Meldebescheinigung' });
    expect(snap.waiting.find((w) => w.id === t.id)).toMatchObject({ number: t.number, language: 'uk', status: 'waiting' });
    // Platz 1 does not get it; Platz 2 gets it first (front), before the earlier check-in.
    expect((await callOk(one, C2S.counterCallNext, { counterId: 'platz-1' })).ticketId).toBe(earlier.id);
    expect((await callOk(two, C2S.counterCallNext, { counterId: 'platz-2' })).ticketId).toBe(t.id);
    await callOk(two, C2S.counterFinish, { counterId: 'platz-2', outcome: 'documents-missing' });
    expect(await ticketRow(t.id)).toMatchObject({ status: 'finished', outcome: 'documents-missing', note: null });
  });

  it('transfer keeping the place: the ticket ranks by its original check-in time in the new service', async () => {
    const first = await checkIn('personalausweis');
    const passport = await checkIn('reisepass');
    await callOk(one, C2S.counterCallTicket, { counterId: 'platz-1', number: first.number, reason: 'other' });
    await callOk(one, C2S.counterTransfer, { counterId: 'platz-1', serviceId: 'reisepass', position: 'keep' });
    const waiting = (await callOk(two, C2S.queueGet, {})).waiting.filter((w) => w.serviceId === 'reisepass').map((w) => w.number);
    expect(waiting).toEqual([first.number, passport.number]);
  });

  it('finish records an outcome from the office list and refuses one that is not on it', async () => {
    const t = await checkIn();
    await callOk(one, C2S.counterCallNext, { counterId: 'platz-1' });
    const bad = await call(one, C2S.counterFinish, { counterId: 'platz-1', outcome: 'gibt-es-nicht' });
    expect(bad.ok || bad.error.code).toBe('BAD_REQUEST');
    await callOk(one, C2S.counterFinish, { counterId: 'platz-1', outcome: 'another-appointment' });
    expect(await ticketRow(t.id)).toMatchObject({ status: 'finished', outcome: 'another-appointment' });
    const finished = () => server.db.selectFrom('audit_log').select('details').where('subject', '=', t.id).where('action', '=', 'ticket.finished').executeTakeFirst();
    await expect.poll(async () => JSON.parse((await finished())?.details ?? '{}')).toMatchObject({ outcome: 'another-appointment', counterId: 'platz-1' });
  });

  it('the HTTP API offers the same actions with the same rules (park, resume, call-ticket, transfer, finish)', async () => {
    const token = server.clerkToken;
    const t = await checkIn();
    expect((await server.http('POST', '/api/v1/counters/platz-3/call-ticket', { token, body: { number: t.number, reason: 'appointment' } })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-3/park', { token })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-3/resume', { token, body: { number: t.number } })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-3/park', { token })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-2/resume', { token, body: { number: 'Z-999' } })).status).toBe(404);
    expect((await server.http('POST', '/api/v1/counters/platz-3/transfer', { token, body: { number: t.number, position: 'sideways' } })).status).toBe(400);
    expect((await server.http('POST', '/api/v1/counters/platz-3/transfer', { token, body: { number: t.number, position: 'keep', note: 'x'.repeat(201) } })).status).toBe(400);
    expect((await server.http('POST', '/api/v1/counters/platz-3/transfer', { token, body: { number: t.number, position: 'keep', note: 'Foto' } })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-3/resume', { token, body: { number: t.number } })).status).toBe(409);
    expect((await server.http('POST', '/api/v1/counters/platz-3/call-ticket', { token, body: { number: t.number, reason: 'appointment' } })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-3/finish', { token, body: { outcome: 'done' } })).status).toBe(200);
    expect((await server.http('POST', '/api/v1/counters/platz-3/park', { token: server.devices.kiosk.token })).status).toBe(403);
    expect((await server.http('GET', '/api/v1/clerk-settings', { token })).body).toMatchObject({ noShowRecallMinutes: 15 });
    expect((await server.http('POST', '/api/v1/clerk-settings', { token, body: { noShowRecallMinutes: 5 } })).status).toBe(403);
  });
});
