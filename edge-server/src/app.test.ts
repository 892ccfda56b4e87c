import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C } from '@lotse/shared';
import { callOk, newId, nextEvent, TestServer, type ClientSocket } from '../../test/helpers/server.ts';

/** The queue's listeners as `app.ts` subscribes them: conversations follow calls, calls are audited. */
describe('queue listeners of the app', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  let clerk: ClientSocket;
  const counterId = 'platz-2';

  beforeAll(async () => {
    server = await TestServer.start();
    [kiosk, clerk] = await Promise.all([server.connect('kiosk'), server.connect('counter')]);
    await callOk(clerk, C2S.counterOpen, { counterId, serviceIds: ['anmeldung'] });
  });
  afterAll(async () => server?.close());

  const callOne = async (language: 'en' | 'ar') => {
    const receipt = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language });
    const opened = nextEvent(clerk, S2C.sessionState, (s) => s.ticketId === receipt.ticket.id);
    await callOk(clerk, C2S.counterCallNext, { counterId });
    const [session] = await opened;
    return { ticketId: receipt.ticket.id, session };
  };

  it('a call opens the conversation in the ticket language; a recall keeps it; finishing ends it', async () => {
    const { ticketId, session } = await callOne('en');
    expect(session).toMatchObject({ counterId, ticketId, citizenLanguage: 'en' });
    await callOk(clerk, C2S.counterRecall, { counterId });
    expect((await callOk(clerk, C2S.sessionGet, { counterId }))?.id).toBe(session.id);
    const closed = nextEvent(clerk, S2C.sessionClosed, (c) => c.sessionId === session.id);
    await callOk(clerk, C2S.counterFinish, { counterId });
    expect((await closed)[0]).toEqual({ counterId, sessionId: session.id });
  });

  it('a no-show ends the conversation too', async () => {
    const { session } = await callOne('ar');
    const closed = nextEvent(clerk, S2C.sessionClosed, (c) => c.sessionId === session.id);
    await callOk(clerk, C2S.counterNoShow, { counterId });
    expect((await closed)[0].sessionId).toBe(session.id);
  });

  it('every call and recall is audited with ticket and counter only', async () => {
    const { ticketId } = await callOne('en');
    await callOk(clerk, C2S.counterRecall, { counterId });
    const rows = () => server.db.selectFrom('audit_log').select(['action', 'subject', 'details']).where('subject', '=', ticketId).execute();
    await expect.poll(async () => (await rows()).map((r) => r.action)).toEqual(['ticket.called', 'ticket.recalled']);
    expect(JSON.parse((await rows())[1].details)).toEqual({ counterId, recall: true });
  });
});
