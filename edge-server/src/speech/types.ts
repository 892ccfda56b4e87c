// Engine interfaces the edge server talks to. Audio is PCM16 mono 16 kHz and lives in memory only.

import type { EngineStatusT, LanguageCode } from '@lotse/shared';

/**
 * A language as the engines see it: one of the kiosk's codes (shared `LanguageCode`) or any other tag an engine
 * serves (whisper recognises 99 languages, Apertium pairs the kiosk does not offer). Engines match by base subtag.
 */
export type EngineLanguage = LanguageCode | (string & {});

export const SAMPLE_RATE = 16_000;

export interface LanguagePair {
  from: EngineLanguage;
  to: EngineLanguage;
}

/** One definition, in shared: the admin page reads the same type from GET /api/v1/engines. */
export type EngineStatus = EngineStatusT;

/** Text recognised so far while the person is still speaking; replaced by later partials and the final. */
export interface PartialSegment {
  text: string;
  /** Milliseconds of audio the partial covers (from stream start). */
  audioMs: number;
}

export interface TimedSegment {
  text: string;
  startMs: number;
  endMs: number;
}

export interface FinalSegment {
  text: string;
  /** Milliseconds of audio pushed into the stream. */
  audioMs: number;
  /** Milliseconds from end() to the result: the engine's share of caption latency. */
  engineMs: number;
  engine: string;
  /** Timed sub-segments when the engine provides them. */
  segments: TimedSegment[];
}

export interface RecognitionStream {
  readonly language: EngineLanguage;
  /** Called (possibly several times) with interim text while audio is still being pushed. */
  onPartial: ((partial: PartialSegment) => void) | undefined;
  /** Appends PCM16 mono 16 kHz. Throws SpeechEngineError('too_long' | 'closed'). */
  push(pcm: Int16Array): void;
  /** Utterance end: resolves with the final text (may be ''), rejects with SpeechEngineError. */
  end(): Promise<FinalSegment>;
  /** Drops the stream without a result (session ended, consent withdrawn). Idempotent. */
  abort(): void;
}

/** How many live streams an engine serves in real time on this machine. */
export interface EngineCapacity {
  /** Live streams served in real time at once; a stream beyond this is refused ('busy'). */
  streams: number;
  /** How the number was obtained: 'configured (LOTSE_…)', 'measured at start-up: …', 'fake'. */
  basis: string;
}

export interface SpeechRecognizer {
  readonly id: string;
  status(): EngineStatus;
  /** Live streams this engine can serve in real time (admission control reads it). */
  capacity(): EngineCapacity;
  supports(language: EngineLanguage): boolean;
  startStream(language: EngineLanguage): RecognitionStream;
  /** Releases child processes. */
  close(): Promise<void>;
}

export interface Translator {
  readonly id: string;
  status(): EngineStatus;
  supports(from: EngineLanguage, to: EngineLanguage): boolean;
  /** Rejects with SpeechEngineError when the pair is not installed or the engine fails. */
  translate(text: string, from: EngineLanguage, to: EngineLanguage): Promise<string>;
  close(): Promise<void>;
}

export type SpeechErrorCode =
  | 'not_installed'
  | 'unsupported_language'
  | 'engine_crashed'
  | 'engine_failed'
  | 'timeout'
  | 'too_long'
  | 'closed'
  | 'bad_audio'
  /** Refused: the engine serves as many streams (or queued requests) as it can. */
  | 'busy';

export class SpeechEngineError extends Error {
  constructor(
    readonly code: SpeechErrorCode,
    message: string,
    readonly engine?: string,
  ) {
    super(message);
    this.name = 'SpeechEngineError';
  }
}

/** Longest utterance a stream accepts; bounds memory per speaker. */
export const MAX_UTTERANCE_SECONDS = 60;

/** Two-letter primary subtag of a BCP-47-ish code: 'en-US' -> 'en'. */
export function baseLanguage(code: EngineLanguage): string {
  return code.toLowerCase().split(/[-_]/)[0] ?? '';
}
