import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, CONSENT_TEXT_VERSION, S2C, type SessionStateT } from '@lotse/shared';
import { findPhrase, renderPhrase } from '@lotse/shared/phrasebook';
import { callOk, collect, emitRaw, newId, nextEvent, TestServer, type ClientSocket } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

/** Issue 18: phrase lines of both sides through the session line path, with slots and honest review status. */
describe('phrasebook lines in a session', () => {
  let server: TestServer;
  let clerk: ClientSocket;
  let citizen: ClientSocket;
  let session: SessionStateT;

  beforeAll(async () => {
    server = await TestServer.start();
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'ar' });
    clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['personalausweis'] });
    await callOk(clerk, C2S.sessionGet, { counterId: 'platz-1' });
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-1' });
    [session] = await opened;
    const device = await server.pairDevice('citizen', 'Bürgerbildschirm 1', 'platz-1');
    citizen = await server.connect('citizen', { token: device.token });
    await callOk(citizen, C2S.sessionGet, { counterId: 'platz-1' });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('a clerk phrase with slots reaches the citizen rendered in Arabic, labelled as drafted', async () => {
    await callOk(citizen, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: false, textVersion: CONSENT_TEXT_VERSION });
    const seen = nextEvent(citizen, S2C.captionFinal);
    const slots = { date: '2026-12-08', time: '10:30' };
    const line = await callOk(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'appointments-come-back', slots });
    expect(line).toMatchObject({ speaker: 'clerk', source: 'phrase', language: 'de', translationLanguage: 'ar', translationKind: 'drafted', phraseId: 'appointments-come-back', engine: 'phrasebook' });
    expect(line.review).toBeUndefined();
    expect(line.text).toBe('Kommen Sie bitte am Dienstag, 8. Dezember 2026 um 10:30 Uhr wieder.');
    expect(line.translation).toBe(renderPhrase(findPhrase('appointments-come-back')!, 'ar', slots));
    expect(line.translation).toContain('١٠:٣٠');
    const [final] = await seen;
    expect(final.translation).toBe(line.translation);
  });

  it('a document slot takes its name from the reviewed service texts; a counter slot the counter’s name', async () => {
    const doc = await callOk(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'documents-missing-item', slots: { document: 'personalausweis:1' } });
    expect(doc.text).toBe('Es fehlt noch: Ein aktuelles biometrisches Passfoto.');
    expect(doc.translation).not.toMatch(/[{}]/);
    const counter = await callOk(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'waiting-go-to-counter', slots: { counter: 'platz-1' } });
    expect(counter.text).toMatch(/^Bitte gehen Sie zu: .+\.$/);
  });

  it('refuses wrong slot values, a missing one, and an unknown phrase, and stores nothing for them', async () => {
    const before = (await server.db.selectFrom('transcript_lines' as never).selectAll().execute()).length;
    for (const slots of [{ date: '2026-13-01', time: '10:30' }, { date: '2026-12-08' }, { date: '2026-12-08', time: '10:30', note: 'frei' }]) {
      expect(await emitRaw(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'appointments-come-back', slots })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await emitRaw(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'documents-missing-item', slots: { document: 'personalausweis:9' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await emitRaw(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'no-such-phrase' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await emitRaw(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'fees-amount', slots: { amount: 'viel' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await server.db.selectFrom('transcript_lines' as never).selectAll().execute()).length).toBe(before);
  });

  it('the citizen’s quick reply reaches the clerk as its German counterpart, kind and review status kept', async () => {
    const seen = nextEvent(clerk, S2C.captionFinal);
    const line = await callOk(citizen, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'replies-not-understood', speaker: 'citizen' });
    expect(line).toMatchObject({ speaker: 'citizen', source: 'phrase', language: 'ar', text: 'لا أفهم.', translationLanguage: 'de', translation: 'Ich verstehe das nicht.', translationKind: 'drafted' });
    expect((await seen)[0].translation).toBe('Ich verstehe das nicht.');
    const stored = await callOk(clerk, C2S.sessionGet, { counterId: 'platz-1' });
    expect(stored?.lines.at(-1)).toMatchObject({ phraseId: 'replies-not-understood', translationKind: 'drafted' });
  });

  it('"I need an interpreter" tells the desk at once', async () => {
    const notices = collect(clerk, S2C.sessionNotice);
    await callOk(citizen, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'replies-interpreter', speaker: 'citizen' });
    await expect.poll(() => notices.items.map(([n]) => n.code), { timeout: WAIT.event }).toContain('INTERPRETER_REQUESTED');
    notices.stop();
  });

  it('a citizen screen speaks only as the citizen, and only citizen phrases; a clerk phrase is not the citizen’s', async () => {
    expect(await emitRaw(citizen, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'greeting-hello' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await emitRaw(citizen, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'greeting-hello', speaker: 'citizen' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await emitRaw(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'replies-yes' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('counts each use for the ticket’s service: the clerk’s phrasebook:get orders suggestions by it', async () => {
    const book = await callOk(clerk, C2S.phrasebookGet, { sessionId: session.id });
    expect(book.uses['appointments-come-back']).toBe(1);
    expect(book.uses['replies-not-understood']).toBe(1);
    expect(book.phrases).toEqual([]);
    const forCitizen = await callOk(citizen, C2S.phrasebookGet, { sessionId: session.id });
    expect(forCitizen.uses).toEqual({});
  });
});
