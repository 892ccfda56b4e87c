import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, CONSENT_TEXT_VERSION, S2C, type SessionStateT } from '@lotse/shared';
import { createSpeechEngines, type SpeechEngines } from '../../edge-server/src/speech/registry.ts';
import { synthesizeSpeech } from '../../edge-server/src/speech/synth.ts';
import { callOk, collect, emitRaw, newId, nextEvent, TestServer, type ClientSocket } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

/** 32 ms frames, as the browser's VAD sends them. */
function frames(pcm: Int16Array, samples = 512): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < pcm.length; i += samples) out.push(new Uint8Array(pcm.slice(i, i + samples).buffer));
  return out;
}

describe('live conversation: consent, speech, transcript and translation', () => {
  let server: TestServer;
  let engines: SpeechEngines;
  let clerk: ClientSocket;
  let citizen: ClientSocket;
  let session: SessionStateT;
  let speech: Int16Array;

  beforeAll(async () => {
    engines = createSpeechEngines({ modelsDir: fs.mkdtempSync('/tmp/lotse-no-models-') });
    // Engines here: PocketSphinx (English) and Apertium (eng→spa). So the citizen speaks English and the
    // desk works in Spanish: the real engines run end to end.
    server = await TestServer.start({ app: { engines, clerkLanguage: 'es' } });
    speech = await synthesizeSpeech('good morning I would like to apply for a new passport', 'en-us');
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'en' });
    clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['reisepass'] });
    expect(await callOk(clerk, C2S.sessionGet, { counterId: 'platz-1' })).toBeNull();
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-1' });
    [session] = await opened;
    const citizenDevice = await server.pairDevice('citizen', 'Bürgerbildschirm 1', 'platz-1');
    citizen = await server.connect('citizen', { token: citizenDevice.token });
    expect((await callOk(citizen, C2S.sessionGet, { counterId: 'platz-1' }))?.id).toBe(session.id);
  });

  afterAll(async () => {
    await server?.close();
    await engines?.close();
  });

  it('opens a session in the ticket’s language with consent pending and says which engines exist', () => {
    expect(session.citizenLanguage).toBe('en');
    expect(session.clerkLanguage).toBe('es');
    expect(session.consent.status).toBe('pending');
    expect(session.engines).toMatchObject({ citizenSpeech: true, toClerk: true });
  });

  it('refuses audio before consent, and capture too', async () => {
    const pcm = frames(speech)[0];
    const ack = await emitRaw(clerk, C2S.audioFrame, { sessionId: session.id, seq: 0, pcm });
    expect(ack).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
    const capture = await emitRaw(clerk, C2S.sessionCapture, { sessionId: session.id, active: true, speaker: 'citizen' });
    expect(capture).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
  });

  it('refuses malformed and oversize frames', async () => {
    await callOk(citizen, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: false, textVersion: CONSENT_TEXT_VERSION });
    await callOk(clerk, C2S.sessionCapture, { sessionId: session.id, active: true, speaker: 'citizen' });
    const odd = await emitRaw(clerk, C2S.audioFrame, { sessionId: session.id, seq: 1, pcm: new Uint8Array(3) });
    expect(odd).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const big = await emitRaw(clerk, C2S.audioFrame, { sessionId: session.id, seq: 2, pcm: new Uint8Array(40_000) });
    expect(big).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const notBinary = await emitRaw(clerk, C2S.audioFrame, { sessionId: session.id, seq: 3, pcm: 'AAAA' });
    expect(notBinary).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses frames from a device that does not belong to the session', async () => {
    const stranger = await server.connect('counter');
    await callOk(stranger, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['reisepass'] });
    const ack = await emitRaw(stranger, C2S.audioFrame, { sessionId: session.id, seq: 0, pcm: frames(speech)[0] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Nor can another desk follow (read) this counter's conversation.
    const follow = await emitRaw(stranger, C2S.sessionGet, { counterId: 'platz-1' });
    expect(follow).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('streams speech: partials first, then the final line recognised and machine-translated on both sides', async () => {
    const clerkPartials = collect(clerk, S2C.captionPartial);
    const citizenFinal = nextEvent(citizen, S2C.captionFinal, () => true, WAIT.speech);
    const clerkFinal = nextEvent(clerk, S2C.captionFinal, () => true, WAIT.speech);
    const firstPartial = nextEvent(clerk, S2C.captionPartial, () => true, WAIT.speech);
    let seq = 0;
    // Real time, as the microphone delivers it: partials come from re-decoding the audio heard so far.
    for (const frame of frames(speech)) {
      await callOk(clerk, C2S.audioFrame, { sessionId: session.id, seq: seq++, pcm: frame });
      await new Promise((r) => setTimeout(r, 32));
    }
    await firstPartial;
    await callOk(clerk, C2S.audioEnd, { sessionId: session.id });
    const [[line], [same]] = await Promise.all([citizenFinal, clerkFinal]);
    expect(same.id).toBe(line.id);
    expect(line).toMatchObject({ speaker: 'citizen', source: 'speech', language: 'en', translationLanguage: 'es', translationKind: 'machine' });
    expect(line.text.length).toBeGreaterThan(0);
    expect(typeof line.translation).toBe('string');
    expect(line.translation?.trim().length).toBeGreaterThan(0);
    expect(line.translation).not.toBe(line.text);
    // Partials arrive while audio streams (pocketsphinx re-decodes the audio so far), before the final.
    expect(clerkPartials.items.length).toBeGreaterThan(0);
  });

  it('a typed line and a phrasebook line are labelled', async () => {
    const typed = await callOk(citizen, C2S.sessionSay, { sessionId: session.id, speaker: 'citizen', text: 'good morning' });
    expect(typed).toMatchObject({ source: 'typed', translationKind: 'machine', language: 'en', translationLanguage: 'es' });
    const phrase = await callOk(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'greeting-hello' });
    // Shipped translations are drafted until a named reviewer checks them (issue 18).
    expect(phrase).toMatchObject({ source: 'phrase', translationKind: 'drafted', language: 'es', translationLanguage: 'en', phraseId: 'greeting-hello' });
    const forged = await emitRaw(citizen, C2S.sessionSay, { sessionId: session.id, speaker: 'clerk', text: 'hi' });
    expect(forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('ending without consent to keep deletes the transcript at once; the database holds no transcript text', async () => {
    const before = await server.db.selectFrom('transcript_lines' as never).selectAll().execute();
    expect(before.length).toBeGreaterThan(0);
    const raw = fs.readFileSync(server.file).toString('latin1') + (fs.existsSync(`${server.file}-wal`) ? fs.readFileSync(`${server.file}-wal`).toString('latin1') : '');
    expect(raw).not.toContain('good morning');
    const ended = await callOk(clerk, C2S.sessionEnd, { sessionId: session.id });
    expect(ended.endedAt).not.toBeNull();
    const after = await server.db.selectFrom('transcript_lines' as never).selectAll().execute();
    expect(after).toEqual([]);
    const files = fs.readdirSync(server.dir);
    expect(files.filter((f) => /\.(wav|raw|pcm|ogg|webm)$/i.test(f))).toEqual([]);
  });
});
