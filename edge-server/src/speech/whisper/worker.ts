// whisper.cpp worker: runs in a child process forked by RecognizerSupervisor, because a bad model
// can abort the whole process (GGML_ASSERT / Rust panic). Receives PCM over IPC, never touches disk
// except to read the model. Logs from whisper.cpp go to stderr; the supervisor keeps the tail.
import type { Whisper as WhisperType } from '@napi-rs/whisper';
import { isToWorker, type FromWorker, type ToWorker, type WorkerSegment } from './protocol.ts';

const MIN_SAMPLES = 17_600;
let whisper: WhisperType | undefined;
let threads = 1;
let native: typeof import('@napi-rs/whisper') | undefined;

function send(message: FromWorker): void {
  process.send?.(message);
}

async function load(modelPath: string, requestedThreads: number): Promise<void> {
  const started = performance.now();
  try {
    native = await import('@napi-rs/whisper');
    threads = requestedThreads;
    whisper = new native.Whisper(modelPath, { useGpu: false });
    send({ type: 'loaded', multilingual: whisper.isMultilingual !== 0, loadMs: Math.round(performance.now() - started) });
  } catch (err) {
    send({ type: 'load_failed', message: err instanceof Error ? err.message : String(err) });
  }
}

async function recognize(id: number, language: string, pcm: Int16Array): Promise<void> {
  if (!whisper || !native) {
    send({ type: 'failed', id, message: 'model not loaded' });
    return;
  }
  const started = performance.now();
  try {
    const params = new native.WhisperFullParams(native.WhisperSamplingStrategy.Greedy);
    params.language = language;
    params.nThreads = threads;
    // Each utterance stands alone: no prompt carried over from another speaker's line.
    params.noContext = true;
    params.printProgress = false;
    params.printRealtime = false;
    const segments: WorkerSegment[] = [];
    // Segment times come in 10 ms units; a segment without an end timestamp spans the 30 s window.
    const audioMs = Math.round(pcm.length / 16);
    params.onNewSegment = (s) =>
      segments.push({ text: s.text.trim(), startMs: Math.min(s.start * 10, audioMs), endMs: Math.min(s.end * 10, audioMs) });
    // whisper.cpp returns nothing for < 1 s of audio: pad short utterances with silence.
    const samples = new Float32Array(Math.max(pcm.length, MIN_SAMPLES));
    for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i] / 32768;
    const text = whisper.full(params, samples);
    // onNewSegment callbacks arrive through the event loop after full() returns: give them a moment.
    for (let waited = 0; text.trim() && segments.length === 0 && waited < 100; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    params.onNewSegment = () => undefined;
    send({ type: 'result', id, text: text.trim(), segments, ms: Math.round(performance.now() - started) });
  } catch (err) {
    send({ type: 'failed', id, message: err instanceof Error ? err.message : String(err) });
  }
}

// Requests are handled strictly one after another: full() blocks this process anyway.
let chain: Promise<void> = Promise.resolve();
process.on('message', (message: unknown) => {
  if (!isToWorker(message)) return;
  const m: ToWorker = message;
  chain = chain.then(() => (m.type === 'load' ? load(m.modelPath, m.threads) : recognize(m.id, m.language, m.pcm)));
});
// The parent went away: nothing left to do.
process.on('disconnect', () => process.exit(0));
