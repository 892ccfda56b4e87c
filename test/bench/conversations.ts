/**
 * Concurrent conversations: K = 1, 2, 4, 8, 16 counters each streaming real speech (espeak-ng English, 5 s, in real
 * time, consent given) beside 30 kiosks creating tickets and 20 displays, each level for BENCH_LEVEL_SECONDS (30).
 * Per K: end of utterance → final, first partial after speech start, streams admitted/refused, call → display p99
 * against the same run's no-speech baseline, the server's event-loop delay, memory, engine processes/threads; plus
 * the bare engine's real-time stream count on the same cores and the word error rate. Printed, not asserted.
 * Quick run: BENCH_LEVELS=1,4 BENCH_LEVEL_SECONDS=10.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io as ioClient } from 'socket.io-client';
import { C2S, PROTOCOL_VERSION, S2C, CONSENT_TEXT_VERSION, type CallT } from '@lotse/shared';
import { createSpeechEngines } from '../../edge-server/src/speech/registry.ts';
import { synthesizeSpeech } from '../../edge-server/src/speech/synth.ts';
import { call, callOk, connected, newId, nextEvent, type ClientSocket } from '../helpers/server.ts';
import { ChildCpu, descendants } from './procStats.ts';
import { benchEngineOptions, serveConversations, type ConversationServerInfo, type ServerSample, type ToServer } from './conversationServer.ts';

const LEVELS = (process.env.BENCH_LEVELS ?? '1,2,4,8,16').split(',').map(Number).filter((k) => k > 0);
const LEVEL_MS = Number(process.env.BENCH_LEVEL_SECONDS ?? 30) * 1000;
const KIOSKS = 30;
const DISPLAYS = 20;
const KIOSK_PERIOD_MS = 3000;
const CALL_PERIOD_MS = 500;
/** What the counter app sends: three 32 ms VAD frames per message (useMicCapture's FrameBatcher). */
const FRAME = 3 * 512;
const UTTERANCE_SAMPLES = 16_000 * 5;
const SENTENCES = [
  'good morning I would like to apply for a new passport',
  'my old passport expired last month',
  'I have brought my birth certificate and two photos',
  'can I pay the fee with my bank card please',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const pct = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
};

/** Word error rate: word-level edit distance over the reference's words. */
export function wordErrors(reference: string, hypothesis: string): { errors: number; words: number } {
  const words = (s: string) => s.toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);
  const r = words(reference);
  const h = words(hypothesis);
  let prev = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i++) {
    const row = [i];
    for (let j = 1; j <= h.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1)));
    prev = row;
  }
  return { errors: prev[h.length]!, words: r.length };
}

interface Fixture {
  text: string;
  pcm: Int16Array;
}

async function fixtures(): Promise<Fixture[]> {
  const out: Fixture[] = [];
  for (const text of SENTENCES) {
    const speech = await synthesizeSpeech(text, 'en-us');
    const pcm = new Int16Array(UTTERANCE_SAMPLES);
    pcm.set(speech.subarray(0, UTTERANCE_SAMPLES));
    out.push({ text, pcm });
  }
  return out;
}

/** Streams decoding side by side in the bare-engine run: more than the cores, so every core is kept busy. */
const BARE_PARALLEL = 2 * os.availableParallelism();

/**
 * The engine alone, nothing else running: BARE_PARALLEL streams decode the fixtures side by side as fast as they
 * can; the audio decoded per second of wall time is the number of live streams these cores serve in real time.
 */
async function bareEngine(fx: Fixture[]) {
  const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-bare-'));
  const options = benchEngineOptions(modelsDir);
  const engines = createSpeechEngines({ ...options, pocketsphinx: { ...options.pocketsphinx, streams: BARE_PARALLEL } });
  try {
    const recognizer = engines.recognizerFor('en');
    if (!recognizer) return undefined;
    const decode = async (f: Fixture) => {
      const stream = recognizer.startStream('en');
      for (let i = 0; i < f.pcm.length; i += FRAME) stream.push(f.pcm.subarray(i, i + FRAME));
      return (await stream.end()).text;
    };
    await Promise.all(Array.from({ length: BARE_PARALLEL }, () => decode(fx[0]!))); // warm-up: every decoder loaded
    // Decoding runs in child processes: their CPU from /proc, plus this process's own share (IPC).
    const kids = new ChildCpu();
    const engineCpu = () => kids.read(descendants(process.pid).filter((p) => p.name !== 'esbuild').map((p) => p.pid));
    const kid0 = engineCpu();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let errors = 0;
    let words = 0;
    await Promise.all(Array.from({ length: BARE_PARALLEL }, async (_, p) => {
      for (let n = 0; n < fx.length; n++) {
        const f = fx[(n + p) % fx.length]!;
        const e = wordErrors(f.text, await decode(f));
        errors += e.errors;
        words += e.words;
      }
    }));
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const childS = (engineCpu() - kid0) / 1000;
    const audioS = (BARE_PARALLEL * fx.length * UTTERANCE_SAMPLES) / 16_000;
    const cores = os.availableParallelism();
    const cpuPerAudioS = ((cpu.user + cpu.system) / 1e6 + childS) / audioS;
    // By wall time (audio decoded per second, all cores busy), and by CPU cost (decoder processes plus this process).
    const byCpu = cpuPerAudioS > 0.01 ? Math.floor(cores / cpuPerAudioS + 1e-9) : undefined;
    return { engine: recognizer.id, rtf: wallS / audioS, cpuPerAudioS, decoderPerAudioS: childS / audioS, streams: Math.floor(audioS / wallS), byCpu, wer: errors / words };
  } finally {
    await engines.close();
    fs.rmSync(modelsDir, { recursive: true, force: true });
  }
}

function client(url: string, deviceToken: string, staffToken?: string): ClientSocket {
  return ioClient(url, { auth: { protocolVersion: PROTOCOL_VERSION, deviceToken, staffToken }, transports: ['websocket'], reconnection: false, forceNew: true });
}

interface LevelResult {
  k: number;
  endToFinal: number[];
  firstPartial: number[];
  admitted: number;
  admittedLater: number;
  refused: number;
  timeouts: number;
  /** Seconds of speech streamed by admitted desks. */
  speechS: number;
  /** Frames the server refused, by error code (an admitted stream should have none). */
  frameRefusals: Record<string, number>;
  callToDisplay: number[];
  wer: { errors: number; words: number };
  server: ServerSample;
  /** The bench's own process (every client socket): it shares the machine, and call → display includes its loop. */
  clients: { loopP99Ms: number; cores: number };
}

async function deskLoop(desk: ClientSocket, kiosk: ClientSocket, counterId: string, fx: Fixture[], until: number, r: LevelResult): Promise<void> {
  await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'en' });
  const opened = nextEvent(desk, S2C.sessionState, (s) => s.counterId === counterId && s.consent.status === 'pending', 20_000);
  await callOk(desk, C2S.counterCallNext, { counterId });
  const [session] = await opened;
  await callOk(desk, C2S.sessionConsent, { sessionId: session.id, decision: 'given', keep: false, textVersion: CONSENT_TEXT_VERSION });
  const admittedLater = nextEvent(desk, S2C.sessionState, (s) => s.id === session.id && s.capture.active, Math.max(1, until - performance.now() - 6000)).then(() => true, () => false);
  const ack = await call(desk, C2S.sessionCapture, { sessionId: session.id, active: true, speaker: 'citizen' });
  if (!ack.ok) {
    r.refused++;
    if (ack.error.code !== 'SPEECH_BUSY' || !(await admittedLater)) return void (await call(desk, C2S.sessionEnd, { sessionId: session.id }));
    r.admittedLater++;
  } else {
    r.admitted++;
  }
  for (let n = 0; performance.now() < until - 6500; n++) {
    const f = fx[n % fx.length]!;
    const start = performance.now();
    const partial = nextEvent(desk, S2C.captionPartial, (p) => p.sessionId === session.id, 6000).then(() => performance.now() - start, () => Number.NaN);
    for (let i = 0, seq = 0; i < f.pcm.length; i += FRAME, seq++) {
      desk.emit(C2S.audioFrame, { sessionId: session.id, seq, pcm: new Uint8Array(f.pcm.slice(i, i + FRAME).buffer) }, (ack) => {
        if (!ack.ok) r.frameRefusals[ack.error.code] = (r.frameRefusals[ack.error.code] ?? 0) + 1;
      });
      await sleep(start + ((i + FRAME) / 16_000) * 1000 - performance.now()); // real time, as a microphone delivers it
    }
    r.speechS += f.pcm.length / 16_000;
    const final = nextEvent(desk, S2C.captionFinal, (l) => l.sessionId === session.id, 30_000);
    const ended = performance.now();
    desk.emit(C2S.audioEnd, { sessionId: session.id }, () => undefined);
    try {
      const [line] = await final;
      r.endToFinal.push(performance.now() - ended);
      const e = wordErrors(f.text, line.text);
      r.wer.errors += e.errors;
      r.wer.words += e.words;
    } catch {
      r.timeouts++;
    }
    const p = await partial;
    if (Number.isFinite(p)) r.firstPartial.push(p);
    await sleep(300);
  }
  await call(desk, C2S.sessionEnd, { sessionId: session.id });
}

async function level(k: number, sockets: { kiosks: ClientSocket[]; displays: ClientSocket[]; caller: ClientSocket; desks: ClientSocket[] }, info: ConversationServerInfo, fx: Fixture[], ask: (m: ToServer) => Promise<ServerSample | undefined>): Promise<LevelResult> {
  const r: LevelResult = { k, endToFinal: [], firstPartial: [], admitted: 0, admittedLater: 0, refused: 0, timeouts: 0, speechS: 0, frameRefusals: {}, callToDisplay: [], wer: { errors: 0, words: 0 }, server: undefined as unknown as ServerSample, clients: { loopP99Ms: 0, cores: 0 } };
  await ask({ type: 'reset' });
  const clientLoop = monitorEventLoopDelay({ resolution: 10 });
  clientLoop.enable();
  const clientCpu0 = process.cpuUsage();
  const started = performance.now();
  const until = started + LEVEL_MS;
  const kiosks = sockets.kiosks.map(async (kiosk, i) => {
    await sleep((i * KIOSK_PERIOD_MS) / sockets.kiosks.length);
    while (performance.now() < until) {
      await call(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
      await sleep(KIOSK_PERIOD_MS);
    }
  });
  const calls = (async () => {
    while (performance.now() < until - 1000) {
      let sentAt = 0;
      let ticketId: string | undefined;
      const seen: number[] = [];
      const arrivals = sockets.displays.map((d) => nextEvent(d, S2C.callCreated, (c: CallT) => ticketId === undefined || c.ticketId === ticketId, 10_000).then(() => seen.push(performance.now() - sentAt), () => undefined));
      sentAt = performance.now();
      const ack = await call(sockets.caller, C2S.counterCallNext, { counterId: info.caller[2] });
      if (ack.ok) ticketId = ack.data.ticketId;
      await Promise.all(arrivals);
      if (ack.ok) r.callToDisplay.push(...seen);
      await sleep(CALL_PERIOD_MS);
    }
  })();
  const desks = sockets.desks.slice(0, k).map((d, i) => deskLoop(d, sockets.kiosks[i % sockets.kiosks.length]!, info.desks[i]![2], fx, until, r).catch((err: unknown) => console.error(`desk ${i + 1}:`, err)));
  await Promise.all([...kiosks, calls, ...desks]);
  r.server = (await ask({ type: 'sample' }))!;
  const used = process.cpuUsage(clientCpu0);
  r.clients = { loopP99Ms: clientLoop.percentile(99) / 1e6, cores: (used.user + used.system) / 1e3 / (performance.now() - started) };
  clientLoop.disable();
  return r;
}

function report(levels: LevelResult[], bare: Awaited<ReturnType<typeof bareEngine>>, info: ConversationServerInfo): void {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–').padStart(6);
  const base = levels.find((l) => l.k === 0);
  const baseP99 = base ? pct(base.callToDisplay, 99) : Number.NaN;
  console.log(`\nConcurrent conversations — ${os.availableParallelism()} cores, ${LEVEL_MS / 1000} s per level, ${KIOSKS} kiosks (a ticket each ${KIOSK_PERIOD_MS / 1000} s), ${DISPLAYS} displays, a call each ${CALL_PERIOD_MS} ms`);
  console.log(`engine ${info.capacity?.engine ?? '–'}: admitted capacity ${info.capacity?.streams ?? '–'} streams (${info.capacity?.basis ?? 'no English recognizer'})`);
  if (bare) {
    const bareStreams = bare.streams;
    const ratio = info.capacity ? `${((100 * info.capacity.streams) / Math.max(1, bareStreams)).toFixed(0)} %` : '–';
    console.log(`bare engine alone (${BARE_PARALLEL} streams side by side): ${(1 / bare.rtf).toFixed(2)} s of audio per second → ${bare.streams} real-time streams; ${bare.cpuPerAudioS.toFixed(2)} CPU-s per audio-s (decoder processes ${bare.decoderPerAudioS.toFixed(2)}) → ${bare.byCpu ?? '–'} by CPU cost on ${os.availableParallelism()} cores; admitted/bare = ${ratio}; WER on the ${SENTENCES.length} fixtures ${(100 * bare.wer).toFixed(0)} %`);
  }
  console.log('\n|  K | final p50 | final p95 | partial p50 | partial p95 | admitted | later | refused | timeouts | call→display p99 (base) | loop p99 | loop max | server RSS peak | engine RSS peak | engine procs/threads peak | WER |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const l of levels) {
    const t = l.server.tree;
    const wer = l.wer.words ? `${((100 * l.wer.errors) / l.wer.words).toFixed(0)} %` : '–';
    console.log(`| ${String(l.k).padStart(2)} | ${f(pct(l.endToFinal, 50))} | ${f(pct(l.endToFinal, 95))} | ${f(pct(l.firstPartial, 50))} | ${f(pct(l.firstPartial, 95))} | ${l.admitted} | ${l.admittedLater} | ${l.refused} | ${l.timeouts} | ${f(pct(l.callToDisplay, 99))} (${f(baseP99).trim()}) | ${l.server.loopP99Ms.toFixed(1)} | ${l.server.loopMaxMs.toFixed(0)} | ${t.selfRssMiB.toFixed(0)} MiB (${t.selfThreads} thr) | ${t.childRssMiB.toFixed(0)} MiB | ${t.childProcesses}/${t.childThreads} ${t.childNames.join(',')} | ${wer} |`);
  }
  console.log('\nCPU: server main thread busy share; cores used by the server process / by its engine processes / by the bench clients (this process, its loop p99); engine CPU-s per second of speech');
  console.log(`  ${levels.map((l) => `K = ${l.k}: ${(100 * l.server.loopBusy).toFixed(0)} %; ${l.server.processCores.toFixed(2)} / ${(l.server.engineCpuS / (LEVEL_MS / 1000)).toFixed(2)} / ${l.clients.cores.toFixed(2)} (${l.clients.loopP99Ms.toFixed(0)} ms); ${l.speechS ? (l.server.engineCpuS / l.speechS).toFixed(2) : '–'}`).join('\n  ')}`);
  console.log('\nServer side, per line (ms): recognition after the end / translation / end → line stored and sent');
  for (const l of levels.filter((x) => x.server.timings.length)) {
    const t = l.server.timings;
    const p = (pick: (x: (typeof t)[number]) => number) => `${f(pct(t.map(pick), 50)).trim()}/${f(pct(t.map(pick), 95)).trim()}`;
    console.log(`  K = ${l.k}: asr p50/p95 ${p((x) => x.asrMs)}, mt ${p((x) => x.translateMs)}, total ${p((x) => x.totalMs)} (${t.length} lines)`);
  }
  console.log('\nCapacity at the end of each level:');
  for (const l of levels) for (const a of l.server.admission.filter((x) => x.engine === info.capacity?.engine)) console.log(`  K = ${l.k}: ${a.streams} (${a.basis})`);
  for (const l of levels) if (Object.keys(l.frameRefusals).length) console.log(`K = ${l.k}: frames refused ${JSON.stringify(l.frameRefusals)}`);
  console.log('\nTimes in ms; "later" = refused at first, then admitted by the server when a slot freed; K = 0 is the no-speech baseline.\n');
}

async function main(): Promise<void> {
  const fx = await fixtures();
  const bare = await bareEngine(fx);
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--import', 'tsx', ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const sockets: ClientSocket[] = [];
  try {
    const info = await new Promise<ConversationServerInfo>((resolve, reject) => {
      child.on('message', (m: { type: string; info?: ConversationServerInfo }) => m.type === 'ready' && resolve(m.info!));
      child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    });
    const ask = (m: ToServer) =>
      new Promise<ServerSample | undefined>((resolve) => {
        if (m.type !== 'sample') return resolve(void child.send(m));
        child.once('message', (reply: { sample: ServerSample }) => resolve(reply.sample));
        child.send(m);
      });
    const open = async (s: ClientSocket) => (sockets.push(s), await connected(s), s);
    const kiosks = await Promise.all(info.kioskTokens.map((t) => open(client(info.url, t))));
    const displays = await Promise.all(info.displayTokens.map((t) => open(client(info.url, t))));
    const caller = await open(client(info.url, info.caller[0], info.caller[1]));
    await callOk(caller, C2S.counterOpen, { counterId: info.caller[2], serviceIds: ['personalausweis'] });
    const desks = await Promise.all(info.desks.map(async ([device, staff, counterId]) => {
      const d = await open(client(info.url, device, staff));
      await callOk(d, C2S.counterOpen, { counterId, serviceIds: ['reisepass'] });
      return d;
    }));
    const results: LevelResult[] = [];
    for (const k of [0, ...LEVELS]) results.push(await level(k, { kiosks, displays, caller, desks }, info, fx, ask));
    report(results, bare, info);
  } finally {
    for (const s of sockets) s.disconnect();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' } satisfies ToServer, () => undefined);
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
}

if (process.argv.includes('--server')) {
  serveConversations({ kiosks: KIOSKS, displays: DISPLAYS, desks: Math.max(...LEVELS, 1) }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  // Idle engine pools do not keep Node alive (by design); the bench waits on them, so it holds the loop itself.
  const keepAlive = setInterval(() => undefined, 60_000);
  main().then(() => (clearInterval(keepAlive), process.exit(0)), (err: unknown) => {
    console.error('conversations bench failed:', err);
    process.exit(1);
  });
}
