import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, waitUntil } from '../../../test/helpers/timeouts.ts';
import { pcmBytes } from './audio.ts';
import { decoderArgs } from './pocketsphinxDecoder.ts';
import { calibrationSignal } from './pocketsphinxProtocol.ts';
import { POCKETSPHINX_MODEL_DIR, PocketSphinxRecognizer } from './pocketsphinx.ts';
import { RealtimeGuard } from './realtimeGuard.ts';
import { createSpeechEngines } from './registry.ts';
import { synthesizeSpeech } from './synth.ts';
import { SpeechEngineError, type PartialSegment, type RecognitionStream } from './types.ts';

// The English fixtures: espeak-ng en-us through sox -D (deterministic samples).
const SENTENCES = [
  'Good morning. I would like to apply for a new passport.',
  'Where do I have to sign the form?',
  'hello I need a new passport because my old passport expired last month',
];
const dir = mkdtempSync(join(tmpdir(), 'lotse-pocketsphinx-'));
const fixtures: Array<{ pcm: Int16Array; cli: string }> = [];

/** What the old path gave: one `pocketsphinx_continuous` process per utterance, default settings. */
function oldPathText(pcm: Int16Array, name: string): string {
  const file = join(dir, `${name}.raw`);
  writeFileSync(file, pcmBytes(pcm));
  const args = ['-infile', file, ...decoderArgs({ modelDir: POCKETSPHINX_MODEL_DIR }), '-logfn', '/dev/null'];
  const out = execFileSync('pocketsphinx_continuous', args, { encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

beforeAll(async () => {
  for (const [i, text] of SENTENCES.entries()) {
    const pcm = await synthesizeSpeech(text, 'en-us');
    fixtures.push({ pcm, cli: oldPathText(pcm, `s${i}`) });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pushes the whole utterance in 100 ms frames (as fast as the socket would deliver a backlog). */
function pushAll(stream: RecognitionStream, pcm: Int16Array): void {
  for (let at = 0; at < pcm.length; at += 1600) stream.push(pcm.subarray(at, at + 1600));
}

describe('PocketSphinxRecognizer', () => {
  it('reports not installed, with the reason, when the library or model is missing', () => {
    const noLibrary = new PocketSphinxRecognizer({ library: 'libpocketsphinx-does-not-exist.so' });
    expect(noLibrary.status()).toMatchObject({ installed: false, kind: 'asr', languages: [] });
    expect(noLibrary.status().detail).toMatch(/libpocketsphinx not found/);
    expect(noLibrary.capacity()).toEqual({ streams: 0, basis: 'not installed' });
    expect(() => noLibrary.startStream('en')).toThrow(/does not recognise/);
    const noModel = new PocketSphinxRecognizer({ modelDir: '/nonexistent/model' });
    expect(noModel.status().installed).toBe(false);
    expect(noModel.status().detail).toMatch(/model files missing/);
  });

  it('is installed on this machine for English only', () => {
    const ps = new PocketSphinxRecognizer();
    expect(ps.status()).toMatchObject({ installed: true, languages: ['en'] });
    expect(ps.supports('en-GB')).toBe(true);
    expect(ps.supports('de')).toBe(false);
    expect(() => ps.startStream('de')).toThrow(/does not recognise 'de'/);
  });

  it('measures its capacity at start-up, or takes it from the configuration', async () => {
    const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    const ownNice = () => niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
    const niceBefore = ownNice();
    const measured = new PocketSphinxRecognizer({ calibrateSeconds: 1, nice: 10 });
    expect(measured.capacity().basis).toMatch(/^assumed until the start-up measurement ends/);
    await measured.warmUp();
    const { streams, basis } = measured.capacity();
    expect(basis).toMatch(/^measured at start-up on a generated signal: \d+\.\d\d CPU-s per second of speech, \d+ cores/);
    expect(streams).toBeGreaterThanOrEqual(1);
    const [report] = measured.readyReports;
    expect(report.calibration?.audioMs).toBe(1000);
    // The decoder runs in its own process at a lower priority (as it reports and /proc shows); this one did not change.
    expect(report.nice).toBe(Math.max(10, niceBefore));
    const [pid] = measured.decoderPids();
    expect(pid).not.toBe(process.pid);
    expect(niceOf(readFileSync(`/proc/${pid}/stat`, 'utf8'))).toBe(Math.max(10, niceBefore));
    expect(ownNice()).toBe(niceBefore);
    await measured.close();
    const configured = new PocketSphinxRecognizer({ streams: 5 });
    expect(configured.capacity()).toEqual({ streams: 5, basis: 'configured (LOTSE_ASR_STREAMS=5)' });
  });

  it('admits fewer streams than its estimate while a stream falls behind real time; streams admitted keep a decoder', async () => {
    const guard = new RealtimeGuard({ now: () => 0, sustainedMs: 0 });
    const ps = new PocketSphinxRecognizer({ streams: 2, guard });
    expect(ps.capacity().streams).toBe(2);
    guard.report('s1', 2000, 2);
    expect(ps.capacity()).toEqual({ streams: 1, basis: 'lowered from 2: a stream fell behind real time (configured (LOTSE_ASR_STREAMS=2))' });
    // Admission (StreamAdmission) stops new sessions; the two already admitted still get their decoders.
    const streams = [ps.startStream('en'), ps.startStream('en')];
    expect(ps.usage().streams).toBe(2);
    for (const s of streams) s.abort();
    await ps.close();
  });

  it('keeps two decoders loaded beyond those in use, never more than its capacity', async () => {
    const ps = new PocketSphinxRecognizer({ streams: 4 });
    try {
      const first = ps.startStream('en');
      // The next two counters to speak find a decoder with its model loaded (no cold start for their first partial).
      expect(ps.usage()).toEqual({ streams: 1, workers: 3 });
      const second = ps.startStream('en');
      expect(ps.usage()).toEqual({ streams: 2, workers: 4 });
      first.abort();
      second.abort();
    } finally {
      await ps.close();
    }
  });

  it('generates a deterministic, speech-like calibration signal', () => {
    const a = calibrationSignal(1);
    expect(a).toEqual(calibrationSignal(1));
    expect(a.length).toBe(16_000);
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(3000);
  });
});

describe('PocketSphinx streaming (one decoder, reused)', () => {
  const ps = new PocketSphinxRecognizer({ streams: 1, timeoutMs: WAIT.speech });
  afterAll(() => ps.close());

  it('gives partials from the running decoder before end(), then the same final text as the old per-utterance process', async () => {
    for (const { pcm, cli } of fixtures) {
      const stream = ps.startStream('en');
      const partials: PartialSegment[] = [];
      stream.onPartial = (p) => partials.push(p);
      pushAll(stream, pcm);
      await waitUntil('a partial before end()', () => partials.length > 0, WAIT.speech);
      const final = await stream.end();
      expect(final.text).toBe(cli);
      expect(final).toMatchObject({ engine: 'pocketsphinx', audioMs: Math.round(pcm.length / 16) });
      expect(partials[0].audioMs).toBeLessThan(final.audioMs);
      expect(() => stream.push(new Int16Array(10))).toThrow(/already ended/);
      await expect(stream.end()).rejects.toThrow(/already ended/);
    }
    expect(fixtures[0].cli).toMatch(/passport/);
    // Every utterance above ran on the one decoder the first stream loaded.
    expect(ps.usage()).toEqual({ streams: 0, workers: 1 });
    expect(ps.readyReports).toHaveLength(1);
  });

  it('refuses a stream beyond its capacity as busy, and admits one once a stream ends', async () => {
    const first = ps.startStream('en');
    let refused: unknown;
    try {
      ps.startStream('en');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(SpeechEngineError);
    expect((refused as SpeechEngineError).code).toBe('busy');
    first.push(new Int16Array(16_000));
    expect((await first.end()).text).toBe('');
    const next = ps.startStream('en');
    pushAll(next, fixtures[1].pcm);
    expect((await next.end()).text).toBe(fixtures[1].cli);
  });

  it('frees the decoder on abort: the next stream gets it at once and decodes from a clean state', async () => {
    const aborted = ps.startStream('en');
    pushAll(aborted, fixtures[2].pcm.subarray(0, 32_000));
    aborted.abort();
    aborted.abort();
    expect(() => aborted.push(new Int16Array(1))).toThrow(/already ended/);
    const next = ps.startStream('en');
    pushAll(next, fixtures[0].pcm);
    expect((await next.end()).text).toBe(fixtures[0].cli);
    expect(ps.usage()).toEqual({ streams: 0, workers: 1 });
  });

  it('bounds an utterance to the maximum length', () => {
    const stream = ps.startStream('en');
    expect(() => stream.push(new Int16Array(61 * 16_000))).toThrow(/longer than 60 s/);
    stream.abort();
  });
});

describe('PocketSphinx failures', () => {
  it('reports a model that fails to load: the stream is rejected and the engine shows it is not usable', async () => {
    const broken = join(dir, 'broken-model');
    mkdirSync(join(broken, 'en-us'), { recursive: true });
    writeFileSync(join(broken, 'en-us.lm.bin'), '');
    writeFileSync(join(broken, 'cmudict-en-us.dict'), '');
    const ps = new PocketSphinxRecognizer({ modelDir: broken, streams: 1, timeoutMs: WAIT.speech });
    expect(ps.status().installed).toBe(true);
    const stream = ps.startStream('en');
    stream.push(new Int16Array(1600));
    await expect(stream.end()).rejects.toMatchObject({ code: 'engine_failed' });
    expect(ps.status()).toMatchObject({ installed: false, languages: [] });
    expect(ps.status().detail).toMatch(/model failed to load/);
    expect(ps.capacity().streams).toBe(0);
    await ps.close();
  });

  it('rejects a final that misses its deadline, replaces the worker, and keeps serving', async () => {
    const ps = new PocketSphinxRecognizer({ streams: 1, timeoutMs: 1 });
    const late = ps.startStream('en');
    pushAll(late, fixtures[0].pcm);
    await expect(late.end()).rejects.toMatchObject({ code: 'timeout' });
    expect(ps.usage()).toEqual({ streams: 0, workers: 0 });
    const next = ps.startStream('en');
    expect(ps.usage()).toEqual({ streams: 1, workers: 1 });
    next.abort();
    await ps.close();
  });
});

describe('PocketSphinx decoder crashes', () => {
  /** Running (not gone, and not a zombie nobody reaped yet: a container's init may not reap). */
  const alive = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat[stat.lastIndexOf(')') + 2] !== 'Z';
    } catch {
      return false;
    }
  };

  it('a decoder process killed mid-stream fails that stream as engine_crashed; this process lives on and the next stream gets a fresh decoder', async () => {
    const ps = new PocketSphinxRecognizer({ streams: 1, timeoutMs: WAIT.speech });
    const doomed = ps.startStream('en');
    const partials: PartialSegment[] = [];
    doomed.onPartial = (p) => partials.push(p);
    pushAll(doomed, fixtures[2].pcm.subarray(0, 48_000));
    await waitUntil('the decoder is decoding', () => partials.length > 0, WAIT.speech);
    const [crashed] = ps.decoderPids();
    // What a native fault inside the decoder does to its process.
    process.kill(crashed, 'SIGSEGV');
    await waitUntil('the crashed decoder has left the pool', () => ps.usage().workers === 0, WAIT.speech);
    expect(ps.usage()).toEqual({ streams: 0, workers: 0 });
    expect(alive(crashed)).toBe(false);
    doomed.push(new Int16Array(1600));
    await expect(doomed.end()).rejects.toMatchObject({
      code: 'engine_crashed',
      message: expect.stringMatching(/^pocketsphinx decoder process died \(SIGSEGV\)/),
    });
    const next = ps.startStream('en');
    pushAll(next, fixtures[0].pcm);
    expect((await next.end()).text).toBe(fixtures[0].cli);
    const [fresh] = ps.decoderPids();
    expect(fresh).not.toBe(crashed);
    expect(ps.usage()).toEqual({ streams: 0, workers: 1 });
    await ps.close();
    expect(alive(fresh)).toBe(false);
  });

  it('a decoder process ends when the server it serves dies, even in the middle of a stream', async () => {
    const engine = fileURLToPath(new URL('./pocketsphinx.ts', import.meta.url));
    // An idle pool does not keep a process alive: the interval stands for the server's own handles.
    const script = `setInterval(() => undefined, 1000);
      const { PocketSphinxRecognizer } = await import(${JSON.stringify(engine)});
      const ps = new PocketSphinxRecognizer({ streams: 1 });
      await ps.warmUp();
      ps.startStream('en');
      console.log(ps.decoderPids()[0]);`;
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const server = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const decoder = await new Promise<number>((resolve, reject) => {
      server.stdout.once('data', (line: Buffer) => resolve(Number(String(line).trim())));
      server.once('exit', (code) => reject(new Error(`the server script exited (${code}) before reporting its decoder`)));
    });
    expect(alive(decoder)).toBe(true);
    server.kill('SIGKILL');
    await waitUntil('the orphaned decoder has exited', () => !alive(decoder), WAIT.speech);
  });
});

describe('PocketSphinx warm-up at start', () => {
  const models = mkdtempSync(join(tmpdir(), 'lotse-no-models-'));
  afterAll(() => rmSync(models, { recursive: true, force: true }));
  const pocketsphinxOf = (engines: ReturnType<typeof createSpeechEngines>) => {
    const ps = engines.recognizers.find((r) => r.id === 'pocketsphinx');
    if (!(ps instanceof PocketSphinxRecognizer)) throw new Error('no PocketSphinx recognizer');
    return ps;
  };

  it('createSpeechEngines({ warmUp: true }) (the server) loads a decoder and measures it; by default none starts', async () => {
    const plain = createSpeechEngines({ modelsDir: models });
    expect(pocketsphinxOf(plain).usage()).toEqual({ streams: 0, workers: 0 });
    await plain.close();
    const engines = createSpeechEngines({ modelsDir: models, warmUp: true, pocketsphinx: { calibrateSeconds: 1 } });
    const ps = pocketsphinxOf(engines);
    expect(ps.usage()).toEqual({ streams: 0, workers: 1 });
    await waitUntil('the decoder is ready', () => ps.readyReports.length === 1, WAIT.speech);
    expect(ps.capacity().basis).toMatch(/^measured at start-up/);
    await engines.close();
    expect(ps.usage().workers).toBe(0);
  });
});
