// Child process holding one PocketSphinx decoder for its whole life (forked by pocketsphinxPool.ts with its config
// as the one argument). It lowers its own CPU priority first (on Linux setpriority(0) changes the calling thread,
// the one that decodes), so the server's event loop keeps its share while this process decodes. A native crash
// here ends this process only; the pool replaces it.
import { setPriority } from 'node:os';
import { Decoder, threadCpuMs, threadNice } from './pocketsphinxDecoder.ts';
import { calibrationSignal, type Calibration, type FromWorker, type ToWorker, type WorkerConfig } from './pocketsphinxProtocol.ts';

/** CPU of this whole process (decoding thread, IPC, GC): what a stream really costs the machine. */
const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
if (!process.send) throw new Error('pocketsphinxWorker runs as a child process forked with an IPC channel');
// A send error means the server is gone: 'disconnect' ends this process.
const send = (message: FromWorker) => process.send?.(message, undefined, undefined, () => undefined);
// Without its server there is nothing to decode for: never outlive it.
process.on('disconnect', () => process.exit(0));

function calibrate(decoder: Decoder, seconds: number): Calibration {
  const pcm = calibrationSignal(seconds);
  const cpu0 = processCpuMs();
  const wall0 = performance.now();
  decoder.start();
  decoder.push(pcm);
  decoder.finish();
  const cpuMs = processCpuMs() - cpu0;
  return { audioMs: (pcm.length * 1000) / 16_000, cpuMs, wallMs: performance.now() - wall0 };
}

function load(): Decoder | undefined {
  try {
    setPriority(0, config.nice);
  } catch {
    // Not permitted or not supported: decode at normal priority; `nice` in 'ready' shows it.
  }
  const started = performance.now();
  const cpu0 = threadCpuMs();
  try {
    const decoder = new Decoder({ modelDir: config.modelDir, extraArgs: config.extraArgs, library: config.library });
    const cpu1 = threadCpuMs();
    const loadMs = Math.round(performance.now() - started);
    const calibration = config.calibrateSeconds > 0 ? calibrate(decoder, config.calibrateSeconds) : undefined;
    send({ t: 'ready', loadMs, loadCpuMs: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined, nice: threadNice(), calibration });
    return decoder;
  } catch (err) {
    send({ t: 'failed', message: (err as Error).message });
    return undefined;
  }
}

const decoder = load();
const partialEvery = Math.max(1, Math.round((config.partialEveryMs * 16_000) / 1000));
let current: { id: number; lastPartialAt: number; lastText: string; cpu0: number } | undefined;

function onMessage(message: ToWorker): void {
  if (!decoder) return;
  if (message.t === 'start') {
    decoder.start();
    current = { id: message.id, lastPartialAt: 0, lastText: '', cpu0: processCpuMs() };
    return;
  }
  // Messages of a stream that was aborted (or never started here) are dropped.
  if (!current || current.id !== message.id) return;
  if (message.t === 'abort') {
    decoder.discard();
    current = undefined;
  } else if (message.t === 'audio') {
    // Until the first words show, every decoded block is looked at (the first partial matters most to the reader).
    const due = !current.lastText || decoder.samples + message.pcm.length - current.lastPartialAt >= partialEvery;
    if (decoder.push(message.pcm) && due) {
      const text = decoder.partial();
      const audioMs = Math.round(decoder.samples / 16);
      if (text && text !== current.lastText) {
        current.lastText = text;
        current.lastPartialAt = decoder.samples;
        send({ t: 'partial', id: current.id, text, audioMs });
      } else if (decoder.samples - current.lastPartialAt >= partialEvery) {
        current.lastPartialAt = decoder.samples;
        send({ t: 'progress', id: current.id, audioMs });
      }
    }
  } else {
    const text = decoder.finish();
    const cpuMs = processCpuMs() - current.cpu0;
    send({ t: 'final', id: current.id, text, audioMs: Math.round(decoder.samples / 16), cpuMs });
    current = undefined;
  }
}

process.on('message', (message: ToWorker) => {
  try {
    onMessage(message);
  } catch (err) {
    const id = current?.id ?? ('id' in message ? message.id : 0);
    current = undefined;
    send({ t: 'error', id, message: (err as Error).message });
  }
});
