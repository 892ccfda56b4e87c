import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, LanguageSchema, ShortId, Ulid } from './common.ts';
import { PhraseId, Review, SlotValues } from '../phrasebook/schema.ts';

export const Speaker = Type.Union([Type.Literal('clerk'), Type.Literal('citizen')]);
export const ConsentStatus = Type.Union([Type.Literal('pending'), Type.Literal('given'), Type.Literal('declined'), Type.Literal('withdrawn')]);
/**
 * How a line reached the other language: machine translation is labelled as such (AI Act Art. 50); a phrasebook
 * text is 'reviewed' only when a named reviewer checked it, else 'drafted' (prepared, not yet reviewed).
 */
export const TranslationKind = Type.Union([Type.Literal('machine'), Type.Literal('reviewed'), Type.Literal('drafted'), Type.Literal('none')]);
export const ScreenMode = Type.Union([Type.Literal('single'), Type.Literal('paired')]);

/** The consent text's version: recorded with every decision so it is known what the citizen agreed to. */
export const CONSENT_TEXT_VERSION = '2026-11-1';

export const TranscriptLine = Type.Object({
  id: Ulid,
  speaker: Speaker,
  source: Type.Union([Type.Literal('speech'), Type.Literal('typed'), Type.Literal('phrase')]),
  language: LanguageSchema,
  text: Type.String(),
  translationLanguage: LanguageSchema,
  translation: Type.Union([Type.String(), Type.Null()]),
  translationKind: TranslationKind,
  engine: Type.Union([Type.String(), Type.Null()]),
  at: IsoDateTime,
  /** A phrasebook line: which phrase, and who reviewed its translation (absent while drafted). */
  phraseId: Type.Optional(PhraseId),
  review: Type.Optional(Review),
});

export const EngineAvailability = Type.Object({
  /** Speech recognition for the clerk's and the citizen's language. */
  clerkSpeech: Type.Boolean(),
  citizenSpeech: Type.Boolean(),
  /** Machine translation clerk → citizen and citizen → clerk. */
  toCitizen: Type.Boolean(),
  toClerk: Type.Boolean(),
});

export const SessionState = Type.Object({
  id: Ulid,
  counterId: ShortId,
  ticketId: Ulid,
  ticketNumber: Type.String(),
  clerkLanguage: LanguageSchema,
  citizenLanguage: LanguageSchema,
  mode: ScreenMode,
  consent: Type.Object({ status: ConsentStatus, keep: Type.Boolean(), textVersion: Type.String(), at: Type.Union([IsoDateTime, Type.Null()]) }),
  capture: Type.Object({ active: Type.Boolean(), speaker: Speaker }),
  engines: EngineAvailability,
  lines: Type.Array(TranscriptLine),
  startedAt: IsoDateTime,
  endedAt: Type.Union([IsoDateTime, Type.Null()]),
});

export const CaptionPartial = Type.Object({
  sessionId: Ulid,
  speaker: Speaker,
  language: LanguageSchema,
  text: Type.String(),
});

export const SessionNotice = Type.Object({ sessionId: Ulid, code: Type.String(), message: Type.String() });
/** A finished line, sent to everyone following the conversation. */
export const CaptionFinal = Type.Object({ ...TranscriptLine.properties, sessionId: Ulid });
export const SessionClosed = Type.Object({ counterId: ShortId, sessionId: Ulid });

/* ---- payloads ---- */
const SessionRef = { sessionId: Ulid };
export const SessionForCounter = Type.Object({ counterId: ShortId }, { additionalProperties: false });
export const SessionSetLanguage = Type.Object({ ...SessionRef, language: LanguageSchema }, { additionalProperties: false });
export const SessionSetMode = Type.Object({ ...SessionRef, mode: ScreenMode }, { additionalProperties: false });
export const SessionConsent = Type.Object(
  { ...SessionRef, decision: Type.Union([Type.Literal('given'), Type.Literal('declined'), Type.Literal('withdrawn')]), keep: Type.Boolean(), textVersion: Type.String({ maxLength: 40 }) },
  { additionalProperties: false },
);
export const SessionCapture = Type.Object({ ...SessionRef, active: Type.Boolean(), speaker: Speaker }, { additionalProperties: false });
export const SessionSay = Type.Object({ ...SessionRef, speaker: Speaker, text: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
/** A phrase said by the clerk (default) or by the citizen, with its slot values from the pickers. */
export const SessionPhrase = Type.Object(
  { ...SessionRef, phraseId: Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9-]+$' }), speaker: Type.Optional(Speaker), slots: Type.Optional(SlotValues) },
  { additionalProperties: false },
);
export const SessionRefInput = Type.Object(SessionRef, { additionalProperties: false });
/** 16 kHz PCM16 little-endian mono; at most one second per frame. */
export const MAX_AUDIO_FRAME_BYTES = 32_000;
export const AudioFrame = Type.Object(
  { ...SessionRef, seq: Type.Integer({ minimum: 0 }), pcm: Type.Uint8Array({ minByteLength: 2, maxByteLength: MAX_AUDIO_FRAME_BYTES }) },
  { additionalProperties: false },
);

/* ---- results ---- */
/** The counter's running session, or null when it has none. */
export const SessionOrNone = Type.Union([SessionState, Type.Null()]);
export const AudioFrameResult = Type.Object({ accepted: Type.Integer({ minimum: 0, description: 'Sequence number of the frame taken' }) });
export const AudioEndResult = Type.Object({ ended: Type.Boolean() });

export type SpeakerT = Static<typeof Speaker>;
export type ConsentStatusT = Static<typeof ConsentStatus>;
export type TranslationKindT = Static<typeof TranslationKind>;
export type ScreenModeT = Static<typeof ScreenMode>;
export type TranscriptLineT = Static<typeof TranscriptLine>;
export type EngineAvailabilityT = Static<typeof EngineAvailability>;
export type SessionStateT = Static<typeof SessionState>;
export type CaptionPartialT = Static<typeof CaptionPartial>;
export type SessionNoticeT = Static<typeof SessionNotice>;
export type CaptionFinalT = Static<typeof CaptionFinal>;
export type SessionClosedT = Static<typeof SessionClosed>;
export type SessionConsentT = Static<typeof SessionConsent>;
export type SessionCaptureT = Static<typeof SessionCapture>;
export type SessionSayT = Static<typeof SessionSay>;
export type SessionPhraseT = Static<typeof SessionPhrase>;
export type AudioFrameT = Static<typeof AudioFrame>;
export type AudioFrameResultT = Static<typeof AudioFrameResult>;
export type AudioEndResultT = Static<typeof AudioEndResult>;
