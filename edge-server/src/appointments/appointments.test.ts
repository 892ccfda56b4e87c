import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, type AppointmentCheckInResultT } from '@lotse/shared';
import { TestServer, call, callOk, newId, type ClientSocket } from '../../../test/helpers/server.ts';

/** Import over HTTP, check-in over the kiosk socket and HTTP, with a clock the test moves; then call order. */
describe('appointments: import, check-in window, priority', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  let counter: ClientSocket;
  // 2026-03-10 is winter time: 10:00 Berlin = 09:00Z.
  let clock = new Date('2026-03-10T07:00:00.000Z');
  const at = (iso: string) => (clock = new Date(iso));

  beforeAll(async () => {
    server = await TestServer.start({ now: () => clock });
    [kiosk, counter] = await Promise.all([server.connect('kiosk'), server.connect('counter')]);
  });
  afterAll(() => server.close());

  const ical = (body: string, token = server.clerkToken) =>
    fetch(`${server.url}/api/v1/appointments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/calendar; charset=utf-8' }, body })
      .then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  const checkIn = (code: string, ticketId = newId()) => callOk(kiosk, C2S.appointmentCheckIn, { code, ticketId, language: 'ar' });

  it('imports JSON (upsert by code) for clerk and admin, refuses kiosks and unknown services', async () => {
    const appointments = [
      { code: 'TERM-0900', serviceId: 'personalausweis', startsAt: '2026-03-10T09:00:00.000Z', durationMinutes: 20 },
      { code: 'late-1', serviceId: 'reisepass', startsAt: '2026-03-10T08:00:00+01:00', durationMinutes: 15, language: 'uk' },
    ];
    expect(await server.http('POST', '/api/v1/appointments', { token: server.clerkToken, body: { appointments } })).toEqual({ status: 200, body: { created: 2, updated: 0, removed: 0 } });
    const moved = [{ ...appointments[1], startsAt: '2026-03-10T07:30:00.000Z' }];
    expect((await server.http('POST', '/api/v1/appointments', { token: server.adminToken, body: { appointments: moved } })).body).toEqual({ created: 0, updated: 1, removed: 0 });
    expect((await server.http('POST', '/api/v1/appointments', { token: server.devices.kiosk.token, body: { appointments } })).status).toBe(403);
    const bad = await server.http<{ error: { code: string; message: string } }>('POST', '/api/v1/appointments', { token: server.clerkToken, body: { appointments: [{ ...appointments[0], serviceId: 'hundesteuer' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('TERM-0900 → "hundesteuer"');
  });

  it('imports iCalendar with folded lines and lists the day for staff', async () => {
    const body = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:ICAL-', ' 1030@termine.example', 'DTSTART;TZID=Europe/Berlin:20260310T103000', 'DURATION:PT30M',
      'CATEGORIES:anmeldung', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    expect(await ical(body)).toEqual({ status: 200, body: { created: 1, updated: 0, removed: 0 } });
    const list = await server.http<{ appointments: { code: string; startsAt: string; ticketId: string | null }[] }>('GET', '/api/v1/appointments?day=2026-03-10', { token: server.clerkToken });
    expect(list.body.appointments.map((a) => [a.code, a.startsAt, a.ticketId])).toEqual([
      ['LATE-1', '2026-03-10T07:30:00.000Z', null], ['TERM-0900', '2026-03-10T09:00:00.000Z', null], ['ICAL-1030', '2026-03-10T09:30:00.000Z', null],
    ]);
    expect((await server.http<{ appointments: unknown[] }>('GET', '/api/v1/appointments?day=2026-03-11', { token: server.clerkToken })).body.appointments).toEqual([]);
    expect((await server.http('GET', '/api/v1/appointments', { token: server.devices.kiosk.token })).status).toBe(403);
  });

  it('refuses a bad iCalendar with 400 and the line', async () => {
    const res = await ical('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:BAD-0001\r\nDTSTART:2026-03-10 10:00\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(res.body)).toContain('line 4: DTSTART');
  });

  it('unknown code → NOT_FOUND; too early → checkInFrom; nothing is created', async () => {
    expect(await call(kiosk, C2S.appointmentCheckIn, { code: 'NOPE-0000', ticketId: newId(), language: 'de' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    at('2026-03-10T08:29:00.000Z'); // 09:29 Berlin, the 10:00 appointment opens at 09:30
    expect(await checkIn('term-0900')).toEqual({ outcome: 'too-early', startsAt: '2026-03-10T09:00:00.000Z', checkInFrom: '2026-03-10T08:30:00.000Z' });
    expect(await server.counts()).toMatchObject({ tickets: 0 });
  });

  it('late (after the 15 min grace) → a walk-in ticket', async () => {
    at('2026-03-10T07:46:00.000Z'); // LATE-1 started 07:30Z
    const late = await checkIn('LATE-1');
    expect(late.outcome).toBe('late');
    if (late.outcome === 'too-early') throw new Error('unreachable');
    expect(late.receipt.ticket).toMatchObject({ kind: 'walk-in', serviceId: 'reisepass', language: 'ar', priorityAt: '2026-03-10T07:46:00.000Z' });
  });

  it('in the window → appointment ticket ranked from its start; retry answers the same; another code entry → already', async () => {
    at('2026-03-10T08:50:00.000Z');
    const w1 = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    at('2026-03-10T09:05:00.000Z');
    const w2 = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    at('2026-03-10T09:08:00.000Z');
    const ticketId = newId();
    const first = await checkIn('TERM-0900', ticketId);
    expect(first.outcome).toBe('checked-in');
    if (first.outcome === 'too-early') throw new Error('unreachable');
    expect(first.receipt.ticket).toMatchObject({ id: ticketId, kind: 'appointment', createdAt: '2026-03-10T09:08:00.000Z', priorityAt: '2026-03-10T09:00:00.000Z' });
    expect(first.receipt.ahead).toBe(1); // W1 came before the booked start, W2 after it
    expect((await callOk(kiosk, C2S.ticketGet, { id: w2.ticket.id })).ahead).toBe(2);

    const retry = await checkIn('TERM-0900', ticketId);
    expect(retry).toMatchObject({ outcome: 'checked-in', receipt: { ticket: { id: ticketId } } });
    const again: AppointmentCheckInResultT = (await server.http<AppointmentCheckInResultT>('POST', '/api/v1/appointments/check-in', {
      token: server.devices.kiosk.token, body: { code: 'term-0900', ticketId: newId(), language: 'de' },
    })).body;
    expect(again).toMatchObject({ outcome: 'already', startsAt: '2026-03-10T09:00:00.000Z', receipt: { ticket: { id: ticketId } } });
    expect(await server.counts()).toMatchObject({ tickets: 4 });

    // The clock jumped hours: the clerk signs in again (staff sessions expire by the same clock).
    counter = await server.connect('counter', { staffToken: (await server.signIn('sachbearbeitung')).token });
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['personalausweis'] });
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await callOk(counter, C2S.counterCallNext, { counterId: 'platz-1' })).ticketId);
    expect(order).toEqual([w1.ticket.id, ticketId, w2.ticket.id]);
  });

  it('refuses a ticket id that another check-in already used instead of linking that ticket', async () => {
    at('2026-03-10T09:20:00.000Z');
    const walkIn = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'de' });
    const res = await call(kiosk, C2S.appointmentCheckIn, { code: 'ICAL-1030', ticketId: walkIn.ticket.id, language: 'de' });
    expect(res.ok ? 'ok' : res.error.code).toBe('CONFLICT');
  });

  it('two kiosks checking in the same code at once: one ticket, the other hears "already"', async () => {
    at('2026-03-10T09:20:00.000Z');
    const other = await server.connect('kiosk');
    const results = await Promise.all([checkIn('ICAL-1030'), callOk(other, C2S.appointmentCheckIn, { code: 'ICAL-1030', ticketId: newId(), language: 'de' })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already', 'checked-in']);
    const ids = results.map((r) => (r.outcome === 'too-early' ? '' : r.receipt.ticket.id));
    expect(ids[0]).toBe(ids[1]);
  });
});
