/**
 * Caption latency with the engines installed here (PocketSphinx English ASR, Apertium eng→spa MT): a citizen's
 * 5 s utterance is streamed in real time as 32 ms frames over Socket.IO; we measure time to first partial and
 * end of utterance → final caption on the citizen screen, split into engine time and pipeline overhead.
 * Printed, not asserted. Run alone with `node --import tsx test/bench/speech.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { C2S, CONSENT_TEXT_VERSION, S2C } from '@lotse/shared';
import { createSpeechEngines } from '../../edge-server/src/speech/registry.ts';
import { synthesizeSpeech } from '../../edge-server/src/speech/synth.ts';
import { callOk, newId, nextEvent, TestServer } from '../helpers/server.ts';

const RUNS = Number(process.env.BENCH_SPEECH_RUNS ?? 6);
const FRAME = 512;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

export async function benchSpeech(): Promise<void> {
  const engines = createSpeechEngines({ modelsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-models-')) });
  if (!engines.recognizerFor('en') || !engines.translatorFor('en', 'es')) {
    console.log('speech bench skipped: needs pocketsphinx-en-us and apertium-eng-spa (see .ci/run)');
    await engines.close();
    return;
  }
  const server = await TestServer.start({ app: { engines, clerkLanguage: 'es' } });
  try {
    let pcm = await synthesizeSpeech('hello I need a new passport because my old passport expired last month and I am travelling to my family very soon', 'en-us');
    pcm = pcm.slice(0, 16_000 * 5);
    const kiosk = await server.connect('kiosk');
    const clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['reisepass'] });
    const citizen = await server.connect('citizen', { token: (await server.pairDevice('citizen', 'Bench citizen', 'platz-1')).token });

    const firstPartial: number[] = [];
    const endToFinal: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'en' });
      const opened = nextEvent(clerk, S2C.sessionState, (s) => s.lines.length === 0 && s.consent.status === 'pending');
      await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-1' });
      const [session] = await opened;
      await callOk(citizen, C2S.sessionGet, { counterId: 'platz-1' });
      await callOk(citizen, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: false, textVersion: CONSENT_TEXT_VERSION });
      await callOk(clerk, C2S.sessionCapture, { sessionId: session.id, active: true, speaker: 'citizen' });

      const start = performance.now();
      const partial = nextEvent(citizen, S2C.captionPartial, () => true, 20_000).then(() => performance.now() - start).catch(() => Number.NaN);
      for (let i = 0, seq = 0; i < pcm.length; i += FRAME, seq++) {
        const frame = new Uint8Array(pcm.slice(i, i + FRAME).buffer);
        clerk.emit(C2S.audioFrame, { sessionId: session.id, seq, pcm: frame }, () => undefined);
        await sleep(32); // real time, as a microphone delivers it
      }
      const final = nextEvent(citizen, S2C.captionFinal, () => true, 30_000);
      const ended = performance.now();
      await callOk(clerk, C2S.audioEnd, { sessionId: session.id });
      await final;
      endToFinal.push(performance.now() - ended);
      firstPartial.push(await partial);
      await callOk(clerk, C2S.sessionEnd, { sessionId: session.id });
    }

    const timings = server.lotse.sessions.pipeline.timings.slice(-RUNS);
    const engine = timings.map((t) => t.asrMs + t.translateMs);
    const overhead = endToFinal.map((t, i) => t - (engine[i] ?? 0));
    const row = (name: string, v: number[]) => console.log(`  ${name.padEnd(44)} p50 ${pct(v, 50).toFixed(0).padStart(6)} ms   p95 ${pct(v, 95).toFixed(0).padStart(6)} ms`);
    console.log(`\nCaptions, ${RUNS} utterances of 5 s (PocketSphinx en → Apertium en→es), streamed in real time:`);
    row('time to first partial (from first frame)', firstPartial.filter(Number.isFinite));
    row('end of utterance → final on citizen screen', endToFinal);
    row('  of which engine: recognition', timings.map((t) => t.asrMs));
    row('  of which engine: translation', timings.map((t) => t.translateMs));
    row('  of which pipeline overhead', overhead);
  } finally {
    await server.close();
    await engines.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  benchSpeech().then(() => process.exit(0), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
