import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../../../test/helpers/server.ts';
import { hasVoice, installedVoices } from './espeak.ts';
import { TtsService } from './service.ts';

/** Real espeak-ng: WAV bodies for languages with a voice, NO_ENGINE for those without. */
describe('GET /api/v1/tts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.close());

  const tts = async (query: string, token = server.devices.kiosk.token, header: 'x-device-token' | 'authorization' = 'x-device-token') => {
    const res = await fetch(`${server.url}/api/v1/tts?${query}`, { headers: { [header]: header === 'authorization' ? `Bearer ${token}` : token } });
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };

  it('speaks German and Arabic as RIFF/WAVE with real sizes', async () => {
    for (const [lang, text] of [['de', 'Nummer A 17, bitte zu Platz 2.'], ['ar', 'الرقم ١٧، يرجى التوجه إلى المكتب ٢']]) {
      const res = await tts(`lang=${lang}&text=${encodeURIComponent(text)}`);
      expect(res.status, lang).toBe(200);
      expect(res.type).toBe('audio/wav');
      expect(res.body.toString('ascii', 0, 4)).toBe('RIFF');
      expect(res.body.toString('ascii', 8, 12)).toBe('WAVE');
      expect(res.body.readUInt32LE(4)).toBe(res.body.length - 8);
      expect(res.body.length).toBeGreaterThan(10_000); // about a second of 22 kHz speech at least
    }
  });

  it('answers 404 NO_ENGINE for Tigrinya and Pashto, with the language named', async () => {
    for (const [lang, name] of [['ti', 'Tigrinya'], ['ps', 'Paschtu']]) {
      const res = await tts(`lang=${lang}&text=Hallo`, server.devices.display.token, 'authorization');
      expect(res.status).toBe(404);
      const body = JSON.parse(res.body.toString()) as { ok: boolean; error: { code: string; message: string } };
      expect(body).toMatchObject({ ok: false, error: { code: 'NO_ENGINE' } });
      expect(body.error.message).toContain(name);
    }
  });

  it('refuses long texts, unknown languages and other roles', async () => {
    expect((await tts(`lang=de&text=${'a'.repeat(301)}`)).status).toBe(400);
    expect((await tts('lang=xx&text=Hallo')).status).toBe(400);
    expect((await tts('lang=de')).status).toBe(400);
    expect((await tts('lang=de&text=Hallo', server.devices.counter.token)).status).toBe(403);
    expect((await tts('lang=de&text=Hallo', 'nope')).status).toBe(401);
  });

  it('lists which catalogue languages have a voice', async () => {
    const res = await server.http<{ voices: { language: string; voice: string | null; available: boolean }[] }>('GET', '/api/v1/tts/voices', { token: server.devices.kiosk.token });
    expect(res.status).toBe(200);
    const byLang = Object.fromEntries(res.body.voices.map((v) => [v.language, v]));
    expect(byLang.de).toEqual({ language: 'de', voice: 'de', available: true });
    expect(byLang.fr.available).toBe(true); // espeak-ng lists fr-fr; "fr" is its family
    expect(byLang.ti).toEqual({ language: 'ti', voice: null, available: false });
    expect(byLang.ps.available).toBe(false);
    expect(res.body.voices).toHaveLength(20);
  });
});

describe('TtsService', () => {
  it('runs at most two espeak-ng processes at once and serves repeats from memory', async () => {
    const tts = new TtsService({ maxConcurrent: 2, cacheSize: 3 });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, tts.active)), 1);
    const texts = ['eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs'];
    const started = Date.now();
    const wavs = await Promise.all(texts.map((t) => tts.speak('de', t)));
    clearInterval(sampler);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThan(0);
    expect(wavs.every((w) => w.toString('ascii', 0, 4) === 'RIFF')).toBe(true);
    const t0 = Date.now();
    expect(await tts.speak('de', 'sechs')).toBe(wavs[5]); // cached: the same buffer
    expect(Date.now() - t0).toBeLessThan(Date.now() - started);
    expect(tts.active).toBe(0);
  });

  it('runs espeak-ng once for the same announcement asked for by several displays at once', async () => {
    const tts = new TtsService({ maxConcurrent: 1 });
    const wavs = await Promise.all(Array.from({ length: 4 }, () => tts.speak('de', 'Nummer A-001 bitte zu Platz 1')));
    // One run: the same buffer for all (four runs would give four buffers).
    expect(new Set(wavs).size).toBe(1);
    expect(tts.active).toBe(0);
  });

  it('passes text that looks like an option on stdin, not as an argument', async () => {
    const tts = new TtsService();
    const wav = await tts.speak('en', '--version -w /tmp/owned.wav');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
  });

  it('finds voices the way espeak-ng names them', () => {
    const installed = installedVoices();
    expect(hasVoice(installed, 'de')).toBe(true);
    expect(hasVoice(installed, 'fr')).toBe(true);
    expect(hasVoice(installed, 'ti')).toBe(false);
  });
});
