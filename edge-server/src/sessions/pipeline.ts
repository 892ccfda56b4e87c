import { DomainError, type CaptionPartialT, type LanguageCode, type SessionStateT, type SpeakerT } from '@lotse/shared';
import type { SpeechEngines } from '../speech/registry.ts';
import { SAMPLE_RATE, SpeechEngineError, type FinalSegment, type RecognitionStream } from '../speech/types.ts';

/** What both sides read when recognition is full (the citizen's side shows it in their language). */
export const SPEECH_BUSY_MESSAGE = 'speech recognition is busy at the moment — please type or use the phrasebook';

export interface PipelineTiming {
  /** Recognition after the end of the utterance (engine share). */
  asrMs: number;
  translateMs: number;
  /** End of utterance → line stored and sent. */
  totalMs: number;
}

interface Live {
  session: SessionStateT;
  speaker: SpeakerT;
  language: LanguageCode;
  stream: RecognitionStream;
  /** Samples pushed into this line so far (bounded by `maxLineMs`). */
  samples: number;
  /** Ends the utterance when frames stop without an audio:end (a tablet that dropped off mid-sentence). */
  idle?: NodeJS.Timeout;
  /** When the last frame came: the idle timer is armed once and re-armed from this, not per frame. */
  lastFrameAt: number;
}

/** Silence on the wire this long ends the utterance; the browser's VAD normally ends it far sooner. */
const IDLE_END_MS = 8000;
/** Longest line: a speaker who talks on is cut into a new line here (well below the engines' own limit). */
export const MAX_LINE_MS = 30_000;

export interface PipelineOptions {
  engines?: SpeechEngines;
  onPartial: (s: SessionStateT, partial: CaptionPartialT) => void;
  /** Stores and sends the line; answers how long its translation took (this line's own, not another session's). */
  onFinal: (s: SessionStateT, speaker: SpeakerT, text: string, engine: string) => Promise<{ translateMs: number }>;
  onNotice: (s: SessionStateT, code: string, message: string) => void;
  /** Audio per line before it is cut into a new line; default MAX_LINE_MS. */
  maxLineMs?: number;
}

/**
 * Audio in, captions out: one recognition stream per session (the speaker whose turn it is), fed with the
 * PCM frames the browser's VAD sends while someone speaks. Audio stays in memory and is dropped with the stream.
 */
export class SpeechPipeline {
  private readonly streams = new Map<string, Live>();
  /** The last 1000 lines' timings (bounded: nothing here grows with the lines served). */
  readonly timings: PipelineTiming[] = [];
  private readonly maxLineSamples: number;

  constructor(private readonly opts: PipelineOptions) {
    this.maxLineSamples = ((opts.maxLineMs ?? MAX_LINE_MS) * SAMPLE_RATE) / 1000;
  }

  push(session: SessionStateT, speaker: SpeakerT, language: LanguageCode, pcm: Int16Array): void {
    let live = this.streams.get(session.id);
    if (live && (live.speaker !== speaker || live.language !== language)) {
      this.abortAll(session.id);
      live = undefined;
    }
    if (live && live.samples + pcm.length > this.maxLineSamples) {
      // A long speech becomes several lines instead of failing at the engine's limit; the next line starts now.
      this.end(session.id).catch(() => undefined);
      live = undefined;
    }
    live ??= this.start(session, speaker, language);
    try {
      live.stream.push(pcm);
      live.samples += pcm.length;
      live.lastFrameAt = performance.now();
      if (!live.idle) this.armIdle(session.id, live, IDLE_END_MS);
    } catch (err) {
      this.abortAll(session.id);
      throw new DomainError('BAD_REQUEST', err instanceof SpeechEngineError ? `audio refused: ${err.code}` : 'audio refused');
    }
  }

  private armIdle(sessionId: string, live: Live, ms: number): void {
    live.idle = setTimeout(() => {
      if (this.streams.get(sessionId) !== live) return;
      const quiet = performance.now() - live.lastFrameAt;
      if (quiet >= IDLE_END_MS) void this.end(sessionId);
      else this.armIdle(sessionId, live, IDLE_END_MS - quiet);
    }, ms);
    live.idle.unref();
  }

  private start(session: SessionStateT, speaker: SpeakerT, language: LanguageCode): Live {
    const recognizer = this.opts.engines?.recognizerFor(language);
    if (!recognizer) throw new DomainError('NO_ENGINE', `no speech recognition for ${language} is installed: type or use the phrasebook`);
    let stream: RecognitionStream;
    try {
      stream = recognizer.startStream(language);
    } catch (err) {
      if (err instanceof SpeechEngineError && err.code === 'busy') throw new DomainError('SPEECH_BUSY', SPEECH_BUSY_MESSAGE);
      throw err;
    }
    const live: Live = { session, speaker, language, stream, samples: 0, lastFrameAt: performance.now() };
    stream.onPartial = (p) => this.opts.onPartial(session, { sessionId: session.id, speaker, language, text: p.text });
    this.streams.set(session.id, live);
    return live;
  }

  /** Utterance end (the browser's VAD heard silence): recognise, then translate and publish the line. */
  async end(sessionId: string): Promise<boolean> {
    const live = this.streams.get(sessionId);
    if (!live) return false;
    this.streams.delete(sessionId);
    clearTimeout(live.idle);
    const started = performance.now();
    let final: FinalSegment;
    try {
      final = await live.stream.end();
    } catch (err) {
      // An engine that crashed is restarted by its supervisor; the session carries on.
      const message = err instanceof SpeechEngineError ? `speech recognition failed (${err.code}); please repeat` : 'speech recognition failed; please repeat';
      this.opts.onNotice(live.session, 'ENGINE_FAILED', message);
      return false;
    }
    const asrMs = performance.now() - started;
    if (!final.text.trim()) return true;
    let translateMs: number;
    try {
      ({ translateMs } = await this.opts.onFinal(live.session, live.speaker, final.text.trim(), final.engine));
    } catch (err) {
      // The visit ended while the engine was still at work: the line is dropped, which is no engine failure.
      if (err instanceof DomainError && err.code === 'CONFLICT') return false;
      throw err;
    }
    this.timings.push({ asrMs, translateMs, totalMs: performance.now() - started });
    if (this.timings.length > 1000) this.timings.shift();
    return true;
  }

  abortAll(sessionId: string): void {
    const live = this.streams.get(sessionId);
    if (!live) return;
    this.streams.delete(sessionId);
    clearTimeout(live.idle);
    live.stream.abort();
  }
}

/** PCM16 little-endian bytes → samples (copied: the socket's buffer may be shared and unaligned). */
export function pcmFromBytes(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % 2 !== 0) throw new DomainError('BAD_REQUEST', 'audio frames must hold whole 16-bit samples');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Int16Array(copy.buffer);
}
