import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { C2S, CONSENT_TEXT_VERSION, S2C, type SessionStateT } from '@lotse/shared';
import { call, callOk, collect, newId, nextEvent, TestServer, type ClientSocket } from '../helpers/server.ts';
import { hashToken, randomToken } from '../../edge-server/src/security/password.ts';

const errorCode = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'ok' : ack.error?.code);

describe('a citizen screen is bound to one counter (issue 10, item 3)', () => {
  let server: TestServer;
  let clerk: ClientSocket;
  let session: SessionStateT;

  beforeAll(async () => {
    server = await TestServer.start();
    const kiosk = await server.connect('kiosk');
    for (const serviceId of ['reisepass', 'anmeldung']) await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId, language: 'en' });
    clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['reisepass'] });
    await callOk(clerk, C2S.sessionGet, { counterId: 'platz-1' });
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-1' });
    [session] = await opened;
  });
  afterAll(() => server?.close());

  const pairingCode = (body: object) => server.http<{ ok?: false; error?: { code: string }; counterId?: string }>('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body });
  const citizenOf = async (counterId: string, name = `Bürgerbildschirm ${counterId}`) => server.connect('citizen', { token: (await server.pairDevice('citizen', name, counterId)).token });

  it('the admin must choose an existing counter for a citizen screen, and only for one', async () => {
    expect((await pairingCode({ role: 'citizen', name: 'Bürgerbildschirm' })).body.error?.code).toBe('BAD_REQUEST');
    expect((await pairingCode({ role: 'citizen', name: 'Bürgerbildschirm', counterId: 'platz-99' })).body.error?.code).toBe('NOT_FOUND');
    expect((await pairingCode({ role: 'kiosk', name: 'Kiosk', counterId: 'platz-1' })).body.error?.code).toBe('BAD_REQUEST');
    const made = await pairingCode({ role: 'citizen', name: 'Bürgerbildschirm Platz 2', counterId: 'platz-2' });
    expect(made.status).toBe(201);
    expect(made.body.counterId).toBe('platz-2');
    // The code carries the counter to the device: the device and the admin's list both name it.
    const paired = await server.http<{ counterId?: string; token: string; deviceId: string }>('POST', '/api/v1/devices/pair', { body: { code: (made.body as unknown as { code: string }).code } });
    expect(paired.body.counterId).toBe('platz-2');
    const me = await server.http<{ counterId?: string }>('GET', '/api/v1/devices/me', { token: paired.body.token });
    expect(me.body.counterId).toBe('platz-2');
    const list = await server.http<{ deviceId: string; counterId?: string | null }[]>('GET', '/api/v1/devices', { token: server.adminToken });
    expect(list.body.find((d) => d.deviceId === paired.body.deviceId)?.counterId).toBe('platz-2');
  });

  it('a screen bound to another counter can neither follow nor act in this counter’s session', async () => {
    const other = await citizenOf('platz-2');
    expect(errorCode(await call(other, C2S.sessionGet, { counterId: 'platz-1' }))).toBe('FORBIDDEN');
    const attempts = [
      call(other, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: true, textVersion: CONSENT_TEXT_VERSION }),
      call(other, C2S.sessionSay, { sessionId: session.id, speaker: 'citizen', text: 'hello' }),
      call(other, C2S.sessionCapture, { sessionId: session.id, active: true, speaker: 'citizen' }),
      call(other, C2S.sessionSetLanguage, { sessionId: session.id, language: 'ar' }),
      call(other, C2S.audioFrame, { sessionId: session.id, seq: 1, pcm: new Uint8Array(640) }),
    ];
    expect((await Promise.all(attempts)).map(errorCode)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect((await callOk(clerk, C2S.sessionGet, { counterId: 'platz-1' }))?.consent.status).toBe('pending');
  });

  it('a citizen screen paired before screens were bound follows no counter until it is paired again', async () => {
    const token = randomToken();
    const at = new Date().toISOString();
    await server.db.insertInto('devices').values({ id: ulid(), role: 'citizen', name: 'alt', token_hash: hashToken(token), paired_at: at, last_seen_at: at, revoked_at: null, counter_id: null }).execute();
    const old = await server.connect('citizen', { token });
    const ack = await call(old, C2S.sessionGet, { counterId: 'platz-1' });
    expect(ack.ok ? 'ok' : ack.error.message).toMatch(/pair it again/);
  });

  it('consent is accepted only for the consent text the screens show now', async () => {
    const own = await citizenOf('platz-1', 'Altes Tablet');
    await callOk(own, C2S.sessionGet, { counterId: 'platz-1' });
    const stale = await call(own, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: true, textVersion: '2020-01-1' });
    expect(errorCode(stale)).toBe('CONSENT_TEXT_OUTDATED');
    expect((await callOk(clerk, C2S.sessionGet, { counterId: 'platz-1' }))?.consent.status).toBe('pending');
    own.close();
  });

  it('what the clerk typed before consent reaches only the screen that answered; other screens see the lines after consent', async () => {
    const tablet = await citizenOf('platz-1', 'Bürgertablet');
    const second = await citizenOf('platz-1', 'Zweiter Bildschirm');
    await callOk(tablet, C2S.sessionGet, { counterId: 'platz-1' });
    await callOk(second, C2S.sessionGet, { counterId: 'platz-1' });
    const tabletLines = collect(tablet, S2C.captionFinal);
    const secondLines = collect(second, S2C.captionFinal);

    const before = await callOk(clerk, C2S.sessionSay, { sessionId: session.id, speaker: 'clerk', text: 'Ihre Adresse bitte' });
    // Nobody has answered yet: no citizen screen shows it, live or on asking.
    expect((await callOk(tablet, C2S.sessionGet, { counterId: 'platz-1' }))?.lines).toEqual([]);

    const owned = nextEvent(tablet, S2C.sessionState, (s) => s.consent.status === 'given');
    const shared = nextEvent(second, S2C.sessionState, (s) => s.consent.status === 'given');
    await callOk(tablet, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: false, textVersion: CONSENT_TEXT_VERSION });
    expect((await owned)[0].lines.map((l) => l.id)).toEqual([before.id]);
    expect((await shared)[0].lines).toEqual([]);

    const after = await callOk(clerk, C2S.sessionSay, { sessionId: session.id, speaker: 'clerk', text: 'Danke' });
    await nextEvent(second, S2C.captionFinal, (l) => l.id === after.id);
    expect(secondLines.items.map(([l]) => l.id)).toEqual([after.id]);
    expect(tabletLines.items.map(([l]) => l.id)).toEqual([after.id]);
    expect((await callOk(second, C2S.sessionGet, { counterId: 'platz-1' }))?.lines.map((l) => l.id)).toEqual([after.id]);
    expect((await callOk(tablet, C2S.sessionGet, { counterId: 'platz-1' }))?.lines.map((l) => l.id)).toEqual([before.id, after.id]);

    // The screen that answered acts for the citizen; another screen of the same counter cannot take over.
    expect(errorCode(await call(second, C2S.sessionConsent, { sessionId: session.id, decision: 'withdrawn', keep: false, textVersion: CONSENT_TEXT_VERSION }))).toBe('FORBIDDEN');
    expect(errorCode(await call(second, C2S.sessionSay, { sessionId: session.id, speaker: 'citizen', text: 'hallo' }))).toBe('FORBIDDEN');
    expect(errorCode(await call(tablet, C2S.sessionSay, { sessionId: session.id, speaker: 'citizen', text: 'hello' }))).toBe('ok');
    tabletLines.stop();
    secondLines.stop();
  });

  it('after a restart the lines before consent stay with the screen that answered', async () => {
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'en' });
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-3', serviceIds: ['anmeldung'] });
    const opened = nextEvent(clerk, S2C.sessionState, (s) => s.counterId === 'platz-3');
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-3' });
    const [third] = await opened;
    const tabletDevice = await server.pairDevice('citizen', 'Tablet 3', 'platz-3');
    const tablet = await server.connect('citizen', { token: tabletDevice.token });
    await callOk(tablet, C2S.sessionGet, { counterId: 'platz-3' });
    const before = await callOk(clerk, C2S.sessionSay, { sessionId: third.id, speaker: 'clerk', text: 'Vorab' });
    await callOk(tablet, C2S.sessionConsent, { sessionId: third.id, decision: 'given', keep: false, textVersion: CONSENT_TEXT_VERSION });

    await server.restart();
    const again = await server.connect('citizen', { token: tabletDevice.token });
    expect((await callOk(again, C2S.sessionGet, { counterId: 'platz-3' }))?.lines.map((l) => l.id)).toEqual([before.id]);
    const stranger = await citizenOf('platz-3', 'Neu 3');
    expect((await callOk(stranger, C2S.sessionGet, { counterId: 'platz-3' }))?.lines).toEqual([]);
  });
});
