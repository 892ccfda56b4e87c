import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S } from '@lotse/shared';
import { TestServer, call, callOk, newId, type ClientSocket } from '../helpers/server.ts';

/**
 * Calling by language: call-next prefers the clerk's languages within the office's fairness bound, and "ask a
 * colleague" lets the visit wait for a signed-in clerk who speaks its language; of two who accept at once one gets
 * it (the guard is `help_language is not null` in deskRepository.ts claim).
 */
describe('clerk desk: calling by language and asking a colleague', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  const desks: Record<string, ClientSocket> = {};

  async function desk(username: string, languages: string[], counterId: string): Promise<ClientSocket> {
    const token = username === 'sachbearbeitung' ? server.clerkToken : await server.addClerk(username);
    await server.db.updateTable('staff').set({ languages: JSON.stringify(languages) }).where('username', '=', username).execute();
    const device = await server.pairDevice('counter', `Tablet ${counterId}`);
    const socket = await server.connect('counter', { token: device.token, staffToken: token });
    await callOk(socket, C2S.counterOpen, { counterId, serviceIds: ['personalausweis'] });
    return socket;
  }

  beforeAll(async () => {
    server = await TestServer.start();
    await server.db.insertInto('counters').values({ id: 'platz-4', name: 'Platz 4', service_ids: '[]', clerk: null, current_ticket_id: null }).execute();
    kiosk = await server.connect('kiosk');
    desks.a = await desk('sachbearbeitung', ['de'], 'platz-1');
    desks.b = await desk('zweite', ['de', 'ar'], 'platz-2');
    desks.c = await desk('dritte', ['ar', 'fa'], 'platz-3');
    desks.d = await desk('vierte', ['uk'], 'platz-4');
  });
  afterAll(() => server?.close());

  const checkIn = async (language: 'de' | 'ar' | 'uk') =>
    (await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language })).ticket;
  const drain = async () => {
    await server.db.updateTable('tickets').set({ status: 'finished', help_language: null }).where('status', 'in', ['waiting', 'called']).execute();
    await server.db.updateTable('counters').set({ current_ticket_id: null }).execute();
  };

  it('ask a colleague: the visit waits for an Arabic speaker, call-next skips it, two accept at once and one wins', async () => {
    await drain();
    const t = await checkIn('ar');
    await callOk(desks.a, C2S.counterCallNext, { counterId: 'platz-1' });
    const state = await callOk(desks.a, C2S.counterAskColleague, { counterId: 'platz-1' });
    expect(state.current).toBeNull();
    const snap = await callOk(desks.b, C2S.queueGet, {});
    expect(snap.marks?.[t.id]).toMatchObject({ helpLanguage: 'ar', fromCounterId: 'platz-1' });
    // Plain call-next does not take it: it is for a colleague who speaks Arabic.
    expect((await call(desks.d, C2S.counterCallNext, { counterId: 'platz-4' })).ok).toBe(false);
    const refused = await call(desks.d, C2S.counterAcceptHelp, { counterId: 'platz-4', number: t.number });
    expect(refused.ok || refused.error.code).toBe('FORBIDDEN');

    const results = await Promise.all([
      call(desks.b, C2S.counterAcceptHelp, { counterId: 'platz-2', number: t.number }),
      call(desks.c, C2S.counterAcceptHelp, { counterId: 'platz-3', number: t.number }),
    ]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    const loser = results.find((r) => !r.ok);
    expect(loser && !loser.ok && loser.error.code).toBe('CONFLICT');
    const winner = ['platz-2', 'platz-3'][results.findIndex((r) => r.ok)];
    const row = await server.db.selectFrom('tickets').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'called', counter_id: winner, help_language: null, number: t.number, language: 'ar' });
    const calls = await server.db.selectFrom('calls').select('counter_id').where('ticket_id', '=', t.id).orderBy('called_at').execute();
    expect(calls.map((c) => c.counter_id)).toEqual(['platz-1', winner]);
    // "Accept" takes only a ticket a colleague asked help for, never one that simply waits.
    const plain = await checkIn('ar');
    const notAsked = await call(desks.c, C2S.counterAcceptHelp, { counterId: 'platz-3', number: plain.number });
    expect(notAsked.ok || notAsked.error.code).toBe('CONFLICT');
  });

  it('asking for German, or when no colleague speaks the language, is refused and the visit stays', async () => {
    await drain();
    const de = await checkIn('de');
    await callOk(desks.a, C2S.counterCallNext, { counterId: 'platz-1' });
    expect((await call(desks.a, C2S.counterAskColleague, { counterId: 'platz-1' })).ok).toBe(false);
    await callOk(desks.a, C2S.counterFinish, { counterId: 'platz-1' });
    const uk = await checkIn('uk');
    await callOk(desks.b, C2S.counterCallNext, { counterId: 'platz-2' });
    await callOk(desks.d, C2S.counterClose, { counterId: 'platz-4' });
    const none = await call(desks.b, C2S.counterAskColleague, { counterId: 'platz-2' });
    expect(none.ok || none.error.code).toBe('CONFLICT');
    expect((await callOk(desks.b, C2S.queueGet, {})).counters.find((c) => c.counter.id === 'platz-2')?.current?.id).toBe(uk.id);
    expect(de.number).not.toBe(uk.number);
    await callOk(desks.d, C2S.counterOpen, { counterId: 'platz-4', serviceIds: ['personalausweis'] });
  });

  it('call-next prefers the clerk’s language while the oldest ticket has waited less than the bound, then plain order', async () => {
    await drain();
    const admin = await server.http('POST', '/api/v1/clerk-settings', { token: server.adminToken, body: { preferClerkLanguages: true, languageFairnessMinutes: 10 } });
    expect(admin.status).toBe(200);
    const de1 = await checkIn('de');
    const ar1 = await checkIn('ar');
    expect((await callOk(desks.b, C2S.counterCallNext, { counterId: 'platz-2' })).ticketId).toBe(ar1.id);
    // A German-only clerk gets plain order.
    const ar2 = await checkIn('ar');
    server.clock.advance(11 * 60_000);
    // de1 has now waited 11 minutes: nobody overtakes it any more, not even for a speaker of Arabic.
    expect((await callOk(desks.c, C2S.counterCallNext, { counterId: 'platz-3' })).ticketId).toBe(de1.id);
    expect((await callOk(desks.b, C2S.counterCallNext, { counterId: 'platz-2' })).ticketId).toBe(ar2.id);
    await server.http('POST', '/api/v1/clerk-settings', { token: server.adminToken, body: { preferClerkLanguages: false } });
  });
});
