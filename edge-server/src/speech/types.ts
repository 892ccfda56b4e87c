// Engine interfaces the edge server talks to. Audio is PCM16 mono 16 kHz and lives in memory only.

/** BCP-47-ish primary language subtag: 'de', 'en', 'es', 'ar', ... */
export type LanguageCode = string;

export const SAMPLE_RATE = 16_000;

export interface LanguagePair {
  from: LanguageCode;
  to: LanguageCode;
}

export interface EngineStatus {
  id: string;
  kind: 'asr' | 'mt';
  installed: boolean;
  /** ASR: languages it recognises (empty for MT). */
  languages: LanguageCode[];
  /** MT: directed pairs it translates (empty for ASR). */
  pairs: LanguagePair[];
  /** Human-readable: what is installed, or what is missing and how to install it. */
  detail: string;
}

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
  readonly language: LanguageCode;
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
  supports(language: LanguageCode): boolean;
  startStream(language: LanguageCode): RecognitionStream;
  /** Releases child processes. */
  close(): Promise<void>;
}

export interface Translator {
  readonly id: string;
  status(): EngineStatus;
  supports(from: LanguageCode, to: LanguageCode): boolean;
  /** Rejects with SpeechEngineError when the pair is not installed or the engine fails. */
  translate(text: string, from: LanguageCode, to: LanguageCode): Promise<string>;
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
export function baseLanguage(code: LanguageCode): LanguageCode {
  return code.toLowerCase().split(/[-_]/)[0] ?? '';
}
