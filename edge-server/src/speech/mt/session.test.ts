// A conversation at the counter through the real server, translated by the real transformers.js translator on
// generated OPUS-MT models: lines are machine-translated and labelled; a broken model file costs one translation,
// not the conversation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C, type SessionStateT } from '@lotse/shared';
import { callOk, newId, nextEvent, TestServer, type ClientSocket } from '../../../../test/helpers/server.ts';
import { createSpeechEngines, type SpeechEngines } from '../registry.ts';
import { writeTinyTranslationModel } from './tinyModel.ts';

const dir = mkdtempSync(join(tmpdir(), 'lotse-mt-session-'));
const deToTr = join(dir, 'mt', 'opus-mt-de-tr', 'onnx', 'decoder_model_merged_quantized.onnx');

describe('a counter conversation translated by a generated OPUS-MT model', () => {
  let server: TestServer;
  let engines: SpeechEngines;
  let clerk: ClientSocket;
  let session: SessionStateT;

  beforeAll(async () => {
    writeTinyTranslationModel(join(dir, 'mt', 'opus-mt-tr-de'), { family: 'marian', from: 'tr', to: 'de' });
    writeTinyTranslationModel(join(dir, 'mt', 'opus-mt-de-tr'), { family: 'marian', from: 'de', to: 'tr' });
    engines = createSpeechEngines({ modelsDir: dir, warmUp: false });
    server = await TestServer.start({ app: { engines, clerkLanguage: 'de' } });
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'tr' });
    clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['reisepass'] });
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-1' });
    [session] = await opened;
  });

  afterAll(async () => {
    await server?.close();
    await engines?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('translates both ways and labels the lines as machine translation by transformers', async () => {
    expect(session).toMatchObject({ citizenLanguage: 'tr', clerkLanguage: 'de' });
    const citizen = await callOk(clerk, C2S.sessionSay, { sessionId: session.id, speaker: 'citizen', text: 'Sıra numaranız lütfen' });
    expect(citizen).toMatchObject({ translation: 'Ihre Wartenummer bitte', translationKind: 'machine', engine: 'transformers' });
    const said = await callOk(clerk, C2S.sessionSay, { sessionId: session.id, speaker: 'clerk', text: 'Danke' });
    expect(said).toMatchObject({ translation: 'Teşekkürler', translationKind: 'machine', translationLanguage: 'tr' });
  });

  it('a broken model file: that line stays untranslated, the conversation and the other direction carry on', async () => {
    await engines.translators.find((t) => t.id === 'transformers')!.close(); // next request reloads from disk
    const good = readFileSync(deToTr);
    writeFileSync(deToTr, good.subarray(0, 100));
    const broken = await callOk(clerk, C2S.sessionSay, { sessionId: session.id, speaker: 'clerk', text: 'Danke' });
    expect(broken).toMatchObject({ text: 'Danke', translation: null, translationKind: 'none', engine: 'transformers' });
    const other = await callOk(clerk, C2S.sessionSay, { sessionId: session.id, speaker: 'citizen', text: 'Teşekkürler' });
    expect(other).toMatchObject({ translation: 'Danke', translationKind: 'machine' });
    writeFileSync(deToTr, good);
    const fixed = await callOk(clerk, C2S.sessionSay, { sessionId: session.id, speaker: 'clerk', text: 'Danke' });
    expect(fixed).toMatchObject({ translation: 'Teşekkürler', translationKind: 'machine' });
  });
});
