import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C, type CounterConfigT, type ServiceConfigT, type ServiceInputT, type StaffAccountT } from '@lotse/shared';
import { TestServer, call, callOk, frozenClock, newId, nextEvent, type ClientSocket } from '../helpers/server.ts';

// Wednesday 2026-12-09, 10:00 in Berlin.
const clock = frozenClock(Date.parse('2026-12-09T09:00:00Z'));
const base: ServiceInputT = {
  letter: 'K', pictogram: 'certificate', durationMinutes: 20, walkIns: true, appointments: true, dailyCapacity: null, stopMinutesBeforeClose: null,
  texts: {
    de: { name: 'Kfz-Zulassung', description: 'Fahrzeug an- oder ummelden', bring: ['Fahrzeugschein', 'eVB-Nummer'], fee: 'ab 27,00 €' },
    ar: { name: 'تسجيل المركبات', description: 'تسجيل مركبة أو نقل تسجيلها', bring: ['رخصة السيارة'], fee: '' },
  },
};

describe('office configuration over HTTP, pushed to devices (issue 11)', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  const admin = () => ({ token: server.adminToken });
  beforeAll(async () => {
    server = await TestServer.start({ clock });
    kiosk = await server.connect('kiosk');
  });
  afterAll(() => server?.close());

  it('seeds the services with the shipped texts in every language', async () => {
    const res = await server.http<ServiceConfigT[]>('GET', '/api/v1/office/services', admin());
    expect(res.status).toBe(200);
    const pass = res.body.find((s) => s.id === 'reisepass');
    expect(pass).toMatchObject({ letter: 'B', pictogram: 'passport', active: true, walkIns: true, dailyCapacity: null });
    expect(Object.keys(pass?.texts ?? {}).length).toBeGreaterThanOrEqual(19);
    expect(pass?.texts.de?.bring.length).toBeGreaterThan(0);
  });

  it('creates a service with German and Arabic texts; kiosks get it at once; the audit names who and what', async () => {
    const pushed = nextEvent(kiosk, S2C.servicesUpdated, (list) => list.some((s) => s.letter === 'K'));
    const res = await server.http<ServiceConfigT>('POST', '/api/v1/office/services', { ...admin(), body: base });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'kfz-zulassung', letter: 'K', active: true, texts: { ar: { name: 'تسجيل المركبات' } } });
    // An empty Arabic fee is not stored: the kiosk falls back to the German one.
    expect(res.body.texts.ar).toEqual({ name: 'تسجيل المركبات', description: 'تسجيل مركبة أو نقل تسجيلها', bring: ['رخصة السيارة'], fee: '' });
    const [list] = await pushed;
    expect(list.find((s) => s.id === 'kfz-zulassung')?.texts?.ar?.name).toBe('تسجيل المركبات');
    const audit = await server.http<{ actor: string; action: string; subject: string; details: Record<string, unknown> }[]>('GET', '/api/v1/audit?limit=5', admin());
    const entry = audit.body.find((e) => e.action === 'office.serviceCreated');
    expect(entry).toMatchObject({ subject: 'kfz-zulassung', details: { serviceId: 'kfz-zulassung', languages: ['de', 'ar'] } });
    expect(entry?.actor).toMatch(/^staff:/);
    expect(JSON.stringify(audit.body)).not.toContain('Kfz-Zulassung');
  });

  it('refuses what would break numbers or texts, and changes nothing', async () => {
    const noGerman = await server.http('POST', '/api/v1/office/services', { ...admin(), body: { ...base, letter: 'L', texts: { ar: base.texts.ar } } });
    expect(noGerman).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    const sameLetter = await server.http('POST', '/api/v1/office/services', { ...admin(), body: { ...base, texts: { de: { ...base.texts.de, name: 'Anderes' } } } });
    expect(sameLetter).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    const badLanguage = await server.http('POST', '/api/v1/office/services', { ...admin(), body: { ...base, letter: 'L', texts: { ...base.texts, xx: base.texts.ar } } });
    expect(badLanguage.status).toBe(400);
    const asClerk = await server.http('POST', '/api/v1/office/services', { token: server.clerkToken, body: { ...base, letter: 'L' } });
    expect(asClerk.status).toBe(403);
    const all = await server.http<ServiceConfigT[]>('GET', '/api/v1/office/services', admin());
    expect(all.body.map((s) => s.letter)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'K']);
  });

  it('a retired service leaves the kiosk but its waiting ticket stays and can be called', async () => {
    const ticket = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'kfz-zulassung', language: 'ar' });
    const retired = await server.http<ServiceConfigT>('POST', '/api/v1/office/services/kfz-zulassung/retire', admin());
    expect(retired.body.active).toBe(false);
    expect((await call(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'kfz-zulassung', language: 'de' })).ok).toBe(false);
    const counter = await server.connect('counter');
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-3', serviceIds: ['kfz-zulassung'] });
    expect(await callOk(counter, C2S.counterCallNext, { counterId: 'platz-3' })).toMatchObject({ ticketId: ticket.ticket.id, language: 'ar' });
    await callOk(counter, C2S.counterFinish, { counterId: 'platz-3' });
    // A counter in use is not retired under the clerk.
    expect((await server.http('POST', '/api/v1/office/counters/platz-3/retire', admin())).status).toBe(409);
    await callOk(counter, C2S.counterClose, { counterId: 'platz-3' });
    expect((await server.http<ServiceConfigT>('POST', '/api/v1/office/services/kfz-zulassung/restore', admin())).body.active).toBe(true);
  });

  it('counters: create with spoken name and default services, pushed to devices; retired ones leave the lists', async () => {
    const pushed = nextEvent(kiosk, S2C.countersUpdated, (list) => list.some((c) => c.name === 'Schalter B'));
    const made = await server.http<CounterConfigT>('POST', '/api/v1/office/counters', { ...admin(), body: { name: 'Schalter B', spokenName: 'Schalter Be', serviceIds: ['reisepass'] } });
    expect(made).toMatchObject({ status: 201, body: { id: 'schalter-b', active: true, serviceIds: ['reisepass'], boundDevices: [] } });
    expect((await pushed)[0].find((c) => c.id === 'schalter-b')).toEqual({ id: 'schalter-b', name: 'Schalter B', spokenName: 'Schalter Be', defaultServiceIds: ['reisepass'] });
    // The display speaks the counter as the admin set it and shows its name.
    const desk = await server.connect('counter');
    await callOk(desk, C2S.counterOpen, { counterId: 'schalter-b', serviceIds: ['reisepass'] });
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'de' });
    expect(await callOk(desk, C2S.counterCallNext, { counterId: 'schalter-b' })).toMatchObject({ counterName: 'Schalter B', counterSpokenName: 'Schalter Be' });
    const board = await server.http<{ calls: { counterId: string; counterSpokenName?: string }[] }>('GET', '/api/v1/calls', admin());
    expect(board.body.calls.find((c) => c.counterId === 'schalter-b')?.counterSpokenName).toBe('Schalter Be');
    await callOk(desk, C2S.counterFinish, { counterId: 'schalter-b' });
    await callOk(desk, C2S.counterClose, { counterId: 'schalter-b' });
    expect((await server.http('POST', '/api/v1/office/counters/schalter-b/retire', admin())).status).toBe(200);
    const counters = await server.http<{ id: string }[]>('GET', '/api/v1/counters', { token: server.devices.counter.token });
    expect(counters.body.map((c) => c.id)).not.toContain('schalter-b');
    const unknownService = await server.http('PUT', '/api/v1/office/counters/platz-1', { ...admin(), body: { name: 'Platz 1', spokenName: '', serviceIds: ['gibt-es-nicht'] } });
    expect(unknownService.status).toBe(404);
  });

  it('display groups: a display in a group learns its counters, one in none shows all', async () => {
    const display = () => ({ deviceToken: server.devices.display.token });
    expect((await server.http('GET', '/api/v1/office/display-group', display())).body).toEqual({ counterIds: null });
    const made = await server.http<{ id: string }>('POST', '/api/v1/office/display-groups', { ...admin(), body: { name: 'Erdgeschoss', counterIds: ['platz-1'], deviceIds: [server.devices.display.deviceId] } });
    expect(made.status).toBe(201);
    expect((await server.http('GET', '/api/v1/office/display-group', display())).body).toEqual({ counterIds: ['platz-1'] });
    expect((await server.http('GET', '/api/v1/office/display-group', { deviceToken: server.devices.kiosk.token })).status).toBe(403);
    expect((await server.http('POST', '/api/v1/office/display-groups', { ...admin(), body: { name: 'X', counterIds: ['gibt-es-nicht'], deviceIds: [] } })).status).toBe(404);
    expect((await server.http('DELETE', `/api/v1/office/display-groups/${made.body.id}`, admin())).status).toBe(204);
    expect((await server.http('GET', '/api/v1/office/display-group', display())).body).toEqual({ counterIds: null });
  });

  it('stores the languages a staff member speaks and puts them on the session', async () => {
    const accounts = await server.http<StaffAccountT[]>('GET', '/api/v1/staff', admin());
    const clerk = accounts.body.find((a) => a.username === 'sachbearbeitung');
    const set = await server.http<StaffAccountT>('PUT', `/api/v1/staff/${clerk?.id}/languages`, { ...admin(), body: { languages: ['ar', 'tr'] } });
    expect(set).toMatchObject({ status: 200, body: { username: 'sachbearbeitung', languages: ['ar', 'tr'] } });
    expect((await server.http('PUT', `/api/v1/staff/${clerk?.id}/languages`, { ...admin(), body: { languages: ['klingon'] } })).status).toBe(400);
    const session = await server.signIn('sachbearbeitung');
    expect(session.languages).toEqual(['ar', 'tr']);
  });

  it('renames and removes devices; the removed device is cut off and its audit entries stay', async () => {
    const paired = await server.pairDevice('kiosk', 'Testkiosk alt');
    expect((await server.http('POST', `/api/v1/devices/${paired.deviceId}/rename`, { ...admin(), body: { name: 'Kiosk Foyer' } })).status).toBe(204);
    let list = await server.http<{ deviceId: string; name: string }[]>('GET', '/api/v1/devices', admin());
    expect(list.body.find((d) => d.deviceId === paired.deviceId)?.name).toBe('Kiosk Foyer');
    expect((await server.http('POST', `/api/v1/devices/${paired.deviceId}/remove`, admin())).status).toBe(204);
    list = await server.http('GET', '/api/v1/devices', admin());
    expect(list.body.some((d) => d.deviceId === paired.deviceId)).toBe(false);
    expect((await server.http('GET', '/api/v1/services', { token: paired.token })).status).toBe(401);
    const names = await server.http<{ devices: Record<string, string> }>('GET', '/api/v1/office/names', admin());
    expect(names.body.devices[paired.deviceId]).toBe('Kiosk Foyer');
    const audit = await server.http<{ action: string; subject: string }[]>('GET', '/api/v1/audit?limit=10', admin());
    expect(audit.body.filter((e) => e.subject === paired.deviceId).map((e) => e.action)).toEqual(expect.arrayContaining(['device.removed', 'device.revoked', 'device.renamed']));
  });

  it('says what address phones reach', async () => {
    const res = await server.http<{ phoneReaches: string; source: string }>('GET', '/api/v1/office/public-url', admin());
    expect(res.status).toBe(200);
    expect(res.body.phoneReaches).toContain('/kiosk/t/');
  });
});
