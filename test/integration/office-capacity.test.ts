import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, type OpeningHoursT, type ServiceConfigT } from '@lotse/shared';
import { TestServer, call, callOk, frozenClock, newId, type ClientSocket } from '../helpers/server.ts';

// Wednesday 2026-12-09, 10:00 in Berlin (CET, UTC+1).
const clock = frozenClock(Date.parse('2026-12-09T09:00:00Z'));
const weekdays: OpeningHoursT['weekdays'] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' }));

describe('walk-in capacity, opening hours and slots at the kiosk (issue 11)', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  let kiosk2: ClientSocket;
  const admin = () => ({ token: server.adminToken });
  const configure = async (id: string, patch: Partial<ServiceConfigT>) => {
    const all = await server.http<ServiceConfigT[]>('GET', '/api/v1/office/services', admin());
    const s = all.body.find((x) => x.id === id) as ServiceConfigT;
    const { letter, pictogram, durationMinutes, walkIns, appointments, dailyCapacity, stopMinutesBeforeClose, texts } = { ...s, ...patch };
    const res = await server.http('PUT', `/api/v1/office/services/${id}`, { ...admin(), body: { letter, pictogram, durationMinutes, walkIns, appointments, dailyCapacity, stopMinutesBeforeClose, texts } });
    expect(res.status).toBe(200);
  };
  beforeAll(async () => {
    server = await TestServer.start({ clock });
    kiosk = await server.connect('kiosk');
    kiosk2 = await server.connect('kiosk', { token: (await server.pairDevice('kiosk', 'Kiosk 2')).token });
    expect((await server.http('PUT', '/api/v1/office/hours', { ...admin(), body: { weekdays, closedDays: [{ day: '2026-12-25', label: '1. Weihnachtstag' }] } })).status).toBe(200);
  });
  afterAll(() => server?.close());

  it('gives walk-in tickets up to the daily capacity, then refuses with WALK_IN_CLOSED and offers slots', async () => {
    await configure('reisepass', { dailyCapacity: 2 });
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'ar' });
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'de' });
    const third = await call(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'ar' });
    expect(third).toMatchObject({ ok: false, error: { code: 'WALK_IN_CLOSED' } });
    // A kiosk replaying an offline check-in: that citizen already holds a number and keeps it.
    const replayed = await call(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'de', checkedInAt: new Date(clock.now().getTime() - 60_000).toISOString() });
    expect(replayed.ok).toBe(true);
    const slots = await callOk(kiosk, C2S.officeSlots, { serviceId: 'reisepass' });
    expect(slots.walkIn).toEqual({ open: false, reason: 'capacity' });
    expect(slots.appointments).toBe(true);
    // Every 10 minutes from 08:00, starting at least 15 minutes from now (10:00): 10:20 is the first.
    expect(slots.slots.slice(0, 2).map((s) => s.startsAt)).toEqual(['2026-12-09T09:20:00.000Z', '2026-12-09T09:30:00.000Z']);
    expect(slots.slots).toHaveLength(6);
    // Other services still take walk-ins.
    expect((await callOk(kiosk, C2S.officeSlots, { serviceId: 'anmeldung' })).walkIn).toEqual({ open: true });
  });

  it('books a slot once (a retry returns the same code), refuses it to the next citizen, and the code checks in', async () => {
    const startsAt = '2026-12-09T09:20:00.000Z';
    const id = newId();
    const booked = await callOk(kiosk, C2S.officeBook, { id, serviceId: 'reisepass', startsAt, language: 'ar' });
    expect(booked).toMatchObject({ serviceId: 'reisepass', startsAt, durationMinutes: 10 });
    expect(booked.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await callOk(kiosk, C2S.officeBook, { id, serviceId: 'reisepass', startsAt, language: 'ar' })).toEqual(booked);
    const other = await call(kiosk2, C2S.officeBook, { id: newId(), serviceId: 'reisepass', startsAt, language: 'de' });
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const after = await callOk(kiosk, C2S.officeSlots, { serviceId: 'reisepass' });
    expect(after.slots.map((s) => s.startsAt)).not.toContain(startsAt);
    // Capacity is for walk-ins: the booked citizen checks in with the code though walk-ins are closed.
    const checkIn = await callOk(kiosk, C2S.appointmentCheckIn, { code: booked.code, ticketId: newId(), language: 'ar' });
    expect(checkIn.outcome).not.toBe('too-early');
    if (checkIn.outcome !== 'too-early') expect(checkIn.receipt.ticket).toMatchObject({ kind: 'appointment', language: 'ar', serviceId: 'reisepass' });
  });

  it('two kiosks drawing the last place at once: exactly one gets it', async () => {
    await configure('beglaubigung', { dailyCapacity: 1 });
    const tries = await Promise.all([kiosk, kiosk2, kiosk, kiosk2, kiosk, kiosk2].map((k) => call(k, C2S.ticketCreate, { id: newId(), serviceId: 'beglaubigung', language: 'de' })));
    expect(tries.filter((r) => r.ok)).toHaveLength(1);
    expect(tries.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array(5).fill('WALK_IN_CLOSED'));
  });

  it('stops N minutes before closing, and refuses on a closed day with slots on the next open day', async () => {
    await configure('anmeldung', { stopMinutesBeforeClose: 30 });
    clock.advance((7 * 60 + 29) * 60_000); // 17:29
    expect((await call(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'de' })).ok).toBe(true);
    clock.advance(60_000); // 17:30
    expect(await call(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'de' })).toMatchObject({ ok: false, error: { code: 'WALK_IN_CLOSED' } });
    expect((await callOk(kiosk, C2S.officeSlots, { serviceId: 'anmeldung' })).walkIn).toEqual({ open: false, reason: 'closing' });
    // Friday 2026-12-25 is a closed day: 10:00 that morning.
    clock.advance(Date.parse('2026-12-25T09:00:00Z') - clock.now().getTime());
    const closed = await callOk(kiosk, C2S.officeSlots, { serviceId: 'fuehrungszeugnis' });
    expect(closed.walkIn).toEqual({ open: false, reason: 'closed' });
    // The next open day is Monday 2026-12-28 (Saturday and Sunday have no hours): 08:00 CET.
    expect(closed.slots[0].startsAt).toBe('2026-12-28T07:00:00.000Z');
    expect((await call(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'fuehrungszeugnis', language: 'de' })).ok).toBe(false);
  });

  it('a service without appointments offers no slots', async () => {
    server.adminToken = (await server.signIn('admin')).token; // the clock moved past the session's life
    await configure('abholung', { appointments: false });
    const res = await callOk(kiosk, C2S.officeSlots, { serviceId: 'abholung' });
    expect(res).toMatchObject({ appointments: false, slots: [] });
  });
});
