// The edge server of the concurrent-conversations bench, in its own process (so the clients do not share its event
// loop): real speech engines, extra counters, paired kiosks, displays and counters with a clerk each. It answers
// the parent's IPC questions: event-loop delay, memory, engine processes/threads, admission and pipeline timings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { createSpeechEngines, type SpeechEnginesOptions } from '../../edge-server/src/speech/registry.ts';
import { buildTinyWhisperModel } from '../../edge-server/src/speech/whisper/tinyModel.ts';
import { TestServer } from '../helpers/server.ts';
import { ChildCpu, descendants, peak, treeStats } from './procStats.ts';

export interface ConversationServerInfo {
  url: string;
  kioskTokens: string[];
  displayTokens: string[];
  /** One counter device and clerk per desk: [device token, staff token, counter id]. */
  desks: Array<[string, string, string]>;
  /** The counter that only calls (call → display latency), with its device and clerk. */
  caller: [string, string, string];
  capacity: { engine: string; streams: number; basis: string } | undefined;
}

export interface ServerSample {
  loopP99Ms: number;
  loopMaxMs: number;
  /** Share of the level the main thread was busy (1 = always): low with high delays means the CPU went elsewhere. */
  loopBusy: number;
  /** CPU-seconds per second this process used (main thread and engine worker threads). */
  processCores: number;
  /** CPU-seconds the engine processes (decoders, Apertium) used during the level, read from /proc. */
  engineCpuS: number;
  tree: ReturnType<typeof treeStats>;
  admission: Array<{ engine: string; inUse: number; waiting: number; refusedToday: number; streams: number; basis: string }>;
  timings: Array<{ asrMs: number; translateMs: number; totalMs: number }>;
}

/**
 * The engines here (PocketSphinx, Apertium), or with BENCH_WHISPER_TINY=1 whisper.cpp with the generated tiny model
 * (it shows the scheduling of the whisper worker, not accuracy: its text is fixed).
 */
export function benchEngineOptions(modelsDir: string): SpeechEnginesOptions {
  if (process.env.BENCH_WHISPER_TINY !== '1') return { modelsDir };
  fs.writeFileSync(path.join(modelsDir, 'ggml-tiny-bench.bin'), buildTinyWhisperModel());
  return { modelsDir, whisperModel: 'ggml-tiny-bench.bin' };
}

export type ToServer = { type: 'reset' } | { type: 'sample' } | { type: 'stop' };

export async function serveConversations(opts: { kiosks: number; displays: number; desks: number }): Promise<void> {
  const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-models-'));
  // Idle decoder processes do not hold the loop (by design): this process lives until told to stop.
  setInterval(() => undefined, 60_000);
  // As the server starts (main.ts): engines warmed up, PocketSphinx's start-up measurement done before anyone talks.
  const engines = createSpeechEngines({ ...benchEngineOptions(modelsDir), warmUp: true });
  const ps = engines.recognizers.find((r) => r.id === 'pocketsphinx') as { warmUp?: () => Promise<void> } | undefined;
  await ps?.warmUp?.();
  const server = await TestServer.start({ app: { engines, clerkLanguage: 'es' } });
  const stop = async () => {
    await server.close().catch(() => undefined);
    await engines.close().catch(() => undefined);
    fs.rmSync(modelsDir, { recursive: true, force: true });
    process.exit(0);
  };
  // The parent died or was killed: take the engines down with this process.
  process.on('disconnect', () => void stop());

  const ids = Array.from({ length: opts.desks + 1 }, (_, i) => `bench-${i + 1}`);
  await server.db.insertInto('counters').values(ids.map((id) => ({ id, name: id, service_ids: '[]', clerk: null, current_ticket_id: null }))).execute();
  const pair = async (role: 'kiosk' | 'display' | 'counter', n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await server.pairDevice(role, `bench ${role} ${i + 1}`)).token);
    return out;
  };
  const counterTokens = await pair('counter', ids.length);
  const desks: Array<[string, string, string]> = [];
  for (let i = 0; i < ids.length; i++) desks.push([counterTokens[i]!, await server.addClerk(`bench${i + 1}`), ids[i]!]);
  const recognizer = engines.recognizerFor('en');
  const info: ConversationServerInfo = {
    url: server.url,
    kioskTokens: await pair('kiosk', opts.kiosks),
    displayTokens: await pair('display', opts.displays),
    desks: desks.slice(1),
    caller: desks[0]!,
    capacity: recognizer && { engine: recognizer.id, ...recognizer.capacity() },
  };

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // Peak memory, processes and threads since the last reset, read twice a second.
  let tree = treeStats();
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  let cpu = { at: performance.now(), usage: process.cpuUsage() };
  const kids = new ChildCpu();
  const engineCpuMs = () => kids.read(descendants(process.pid).filter((p) => p.name !== 'esbuild').map((p) => p.pid));
  let engine0 = engineCpuMs();
  // Also reads the engines' CPU, so a process that exits mid-level keeps its last figure.
  const sampler = setInterval(() => (tree = peak(tree, treeStats()), engineCpuMs()), 500);
  sampler.unref();
  process.on('message', (message: ToServer) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'reset') {
      // Kiosks make tickets faster than the one caller calls them: each level starts with an empty queue, so the
      // queue snapshots every display gets are as large in each level as in the no-speech baseline.
      void server.db.updateTable('tickets').set({ status: 'not-served' }).where('status', '=', 'waiting').where('service_id', '=', 'personalausweis').execute();
      loop.reset();
      tree = treeStats();
      elu = performance.eventLoopUtilization();
      cpu = { at: performance.now(), usage: process.cpuUsage() };
      engine0 = engineCpuMs();
      server.lotse.sessions.pipeline.timings.length = 0;
    }
    if (message.type === 'sample') {
      const sample: ServerSample = {
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
        loopBusy: performance.eventLoopUtilization(elu).utilization,
        processCores: ((u) => (u.user + u.system) / 1e3 / (performance.now() - cpu.at))(process.cpuUsage(cpu.usage)),
        engineCpuS: (engineCpuMs() - engine0) / 1000,
        tree: peak(tree, treeStats()),
        admission: engines.admission.status(engines.recognizers).map(({ engine, inUse, waiting, refusedToday, capacity }) => ({ engine, inUse, waiting, refusedToday, ...capacity })),
        timings: [...server.lotse.sessions.pipeline.timings],
      };
      process.send?.({ type: 'sample', sample });
    }
  });
  process.send?.({ type: 'ready', info });
}
