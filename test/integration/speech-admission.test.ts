// Admission control end to end: a recognizer that serves one live stream; a second counter asking for the
// microphone is refused at session:capture with the busy notice on both sides, and switched on once the first
// counter frees the slot. The engine is real whisper.cpp with the generated tiny model (deterministic text).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, CONSENT_TEXT_VERSION, S2C, type EngineStatusT, type SessionStateT } from '@lotse/shared';
import { createSpeechEngines, type SpeechEngines } from '../../edge-server/src/speech/registry.ts';
import { buildTinyWhisperModel, TINY_MODEL_TEXT } from '../../edge-server/src/speech/whisper/tinyModel.ts';
import { SPEECH_BUSY_MESSAGE } from '../../edge-server/src/sessions/pipeline.ts';
import { call, callOk, newId, nextEvent, TestServer, type ClientSocket } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

interface Desk {
  clerk: ClientSocket;
  citizen: ClientSocket;
  session: SessionStateT;
}

describe('speech admission: a stream beyond capacity is refused plainly and admitted when a slot frees', () => {
  let server: TestServer;
  let engines: SpeechEngines;
  let modelsDir: string;
  let one: Desk;
  let two: Desk;

  async function openDesk(counterId: string): Promise<Desk> {
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'en' });
    const clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId, serviceIds: ['reisepass'] });
    await callOk(clerk, C2S.sessionGet, { counterId });
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId });
    const [session] = await opened;
    const device = await server.pairDevice('citizen', `Bürgerbildschirm ${counterId}`, counterId);
    const citizen = await server.connect('citizen', { token: device.token });
    await callOk(citizen, C2S.sessionGet, { counterId });
    await callOk(citizen, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: false, textVersion: CONSENT_TEXT_VERSION });
    return { clerk, citizen, session };
  }

  const whisperStatus = async () => {
    const res = await server.http<EngineStatusT[]>('GET', '/api/v1/engines', { token: server.adminToken });
    return res.body.find((e) => e.id === 'whisper');
  };

  beforeAll(async () => {
    modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-admission-'));
    fs.writeFileSync(path.join(modelsDir, 'ggml-tiny-test.bin'), buildTinyWhisperModel());
    engines = createSpeechEngines({ modelsDir, whisperModel: 'ggml-tiny-test.bin', whisper: { streams: 1, partialIntervalMs: 0, supervisor: { threads: 1 } } });
    server = await TestServer.start({ app: { engines } });
    one = await openDesk('platz-1');
    two = await openDesk('platz-2');
  });

  afterAll(async () => {
    await server?.close();
    await engines?.close();
    if (modelsDir) fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  it('admits the first stream, refuses the second with SPEECH_BUSY and tells both sides of that desk', async () => {
    await callOk(one.clerk, C2S.sessionCapture, { sessionId: one.session.id, active: true, speaker: 'clerk' });
    const clerkNotice = nextEvent(two.clerk, S2C.sessionNotice, (n) => n.code === 'SPEECH_BUSY');
    const citizenNotice = nextEvent(two.citizen, S2C.sessionNotice, (n) => n.code === 'SPEECH_BUSY');
    const refused = await call(two.clerk, C2S.sessionCapture, { sessionId: two.session.id, active: true, speaker: 'clerk' });
    expect(refused).toEqual({ ok: false, error: { code: 'SPEECH_BUSY', message: SPEECH_BUSY_MESSAGE } });
    const [[toClerk], [toCitizen]] = await Promise.all([clerkNotice, citizenNotice]);
    expect(toClerk).toEqual({ sessionId: two.session.id, code: 'SPEECH_BUSY', message: SPEECH_BUSY_MESSAGE });
    expect(toCitizen.code).toBe('SPEECH_BUSY');
    // The refused desk's microphone stays off: no stream is accepted and then left to time out.
    expect((await callOk(two.clerk, C2S.sessionGet, { counterId: 'platz-2' }))?.capture.active).toBe(false);
    const audio = await call(two.clerk, C2S.audioFrame, { sessionId: two.session.id, seq: 0, pcm: new Uint8Array(1024) });
    expect(audio).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await whisperStatus()).toMatchObject({ streams: { capacity: 1, inUse: 1, waiting: 1, refusedToday: 1 } });
  });

  it('switches the waiting desk on by itself as soon as the first one frees the slot, and its speech is recognised', async () => {
    const admittedState = nextEvent(two.citizen, S2C.sessionState, (s) => s.id === two.session.id && s.capture.active);
    const admittedNotice = nextEvent(two.clerk, S2C.sessionNotice, (n) => n.code === 'SPEECH_ADMITTED');
    await callOk(one.clerk, C2S.sessionCapture, { sessionId: one.session.id, active: false, speaker: 'clerk' });
    const [[state]] = await Promise.all([admittedState, admittedNotice]);
    expect(state.capture).toEqual({ active: true, speaker: 'clerk' });
    expect(await whisperStatus()).toMatchObject({ streams: { capacity: 1, inUse: 1, waiting: 0, refusedToday: 1 } });

    // Now the first desk is the one beyond capacity.
    const again = await call(one.clerk, C2S.sessionCapture, { sessionId: one.session.id, active: true, speaker: 'clerk' });
    expect(again).toMatchObject({ ok: false, error: { code: 'SPEECH_BUSY' } });

    const final = nextEvent(two.citizen, S2C.captionFinal, () => true, WAIT.speech);
    const pcm = Int16Array.from({ length: 16_000 }, (_, i) => Math.round(8000 * Math.sin(i / 7)));
    for (let at = 0, seq = 0; at < pcm.length; at += 512) {
      await callOk(two.clerk, C2S.audioFrame, { sessionId: two.session.id, seq: seq++, pcm: new Uint8Array(pcm.slice(at, at + 512).buffer) });
    }
    expect(await callOk(two.clerk, C2S.audioEnd, { sessionId: two.session.id })).toEqual({ ended: true });
    const [line] = await final;
    expect(line).toMatchObject({ sessionId: two.session.id, source: 'speech', engine: 'whisper', text: TINY_MODEL_TEXT.trim() });
  });

  it('ending a session frees its slot for the desk in line', async () => {
    const admitted = nextEvent(one.clerk, S2C.sessionState, (s) => s.id === one.session.id && s.capture.active);
    await callOk(two.clerk, C2S.sessionEnd, { sessionId: two.session.id });
    await admitted;
    expect(await whisperStatus()).toMatchObject({ streams: { capacity: 1, inUse: 1, waiting: 0, refusedToday: 2 } });
  });
});
