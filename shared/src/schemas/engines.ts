import { Type, type Static } from '@sinclair/typebox';

/** Live streams of a recognizer: how many it serves in real time, how many are in use, how many were refused. */
export const EngineStreams = Type.Object({
  capacity: Type.Integer({ minimum: 0, description: 'Live streams served in real time at once' }),
  basis: Type.String({ description: 'How the capacity was obtained (configured, measured at start-up, default)' }),
  inUse: Type.Integer({ minimum: 0 }),
  waiting: Type.Integer({ minimum: 0, description: 'Refused streams waiting for a free slot' }),
  refusedToday: Type.Integer({ minimum: 0 }),
});

/** An engine's request queue (scheduler): runs in flight, waiting, and what happened to requests so far. */
export const EngineQueue = Type.Object({
  concurrency: Type.Integer({ minimum: 1 }),
  running: Type.Integer({ minimum: 0 }),
  queued: Type.Integer({ minimum: 0 }),
  completed: Type.Integer({ minimum: 0 }),
  refused: Type.Integer({ minimum: 0 }),
  timedOut: Type.Integer({ minimum: 0 }),
  replaced: Type.Integer({ minimum: 0 }),
});

/** What a speech recognition or translation engine serves here; the admin page lists them. */
export const EngineStatus = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('asr'), Type.Literal('mt')]),
  installed: Type.Boolean(),
  /** ASR: languages it recognises (empty for MT); engines know more languages than the kiosk offers. */
  languages: Type.Array(Type.String()),
  /** MT: directed pairs it translates (empty for ASR). */
  pairs: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
  /** Human-readable: what is installed, or what is missing and how to install it. */
  detail: Type.String(),
  streams: Type.Optional(EngineStreams),
  queue: Type.Optional(EngineQueue),
});

export type EngineStreamsT = Static<typeof EngineStreams>;
export type EngineQueueT = Static<typeof EngineQueue>;
export type EngineStatusT = Static<typeof EngineStatus>;

/** A model family an office can install (catalogue), with its licence and what that allows a public office. */
export const ModelFamily = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('asr'), Type.Literal('mt')]),
  name: Type.String(),
  /** SPDX identifier. */
  licence: Type.String(),
  allows: Type.String(),
  size: Type.String(),
  catalogueIds: Type.Array(Type.String()),
  /** Kiosk languages it serves (MT: paired with German). */
  languages: Type.Array(Type.String()),
});

/** One direction of translation with German: the installed engine (null: not available) and whether it bridges through English. */
export const CoverageDirection = Type.Object({
  engine: Type.Union([Type.String(), Type.Null()]),
  viaEnglish: Type.Boolean(),
  note: Type.String(),
});

/** Per kiosk language: what recognises it and what translates it with German here, and which families would. */
export const LanguageCoverage = Type.Object({
  language: Type.String(),
  recognition: Type.Object({ engine: Type.Union([Type.String(), Type.Null()]), families: Type.Array(Type.String()), note: Type.String() }),
  toGerman: CoverageDirection,
  fromGerman: CoverageDirection,
  translationFamilies: Type.Array(Type.String()),
});

export const EngineCoverage = Type.Object({
  families: Type.Array(ModelFamily),
  languages: Type.Array(LanguageCoverage),
});

export type ModelFamilyT = Static<typeof ModelFamily>;
export type LanguageCoverageT = Static<typeof LanguageCoverage>;
export type EngineCoverageT = Static<typeof EngineCoverage>;

/** Kiosk languages (besides German) that counters can live-translate with German today. */
export const LiveTranslation = Type.Object({ languages: Type.Array(Type.String()) });
export type LiveTranslationT = Static<typeof LiveTranslation>;

/** A catalogue model as the admin's model management sees it. */
export const ModelInfo = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('asr'), Type.Literal('mt')]),
  description: Type.String(),
  verification: Type.Union([Type.Literal('verified'), Type.Literal('needs-verification'), Type.Literal('unpinned')]),
  installed: Type.Boolean(),
  diskBytes: Type.Integer({ minimum: 0 }),
  loaded: Type.Boolean(),
  incoming: Type.Boolean({ description: 'files wait in <models>/incoming/<id>/' }),
});

export const ModelInventory = Type.Object({
  modelsDir: Type.String(),
  /** Resident memory of the server process (ONNX sessions live in it), bytes. */
  memoryBytes: Type.Integer({ minimum: 0 }),
  models: Type.Array(ModelInfo),
});

export const ModelInstallBody = Type.Object({ acceptUnverifiedHash: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const ModelActionResult = Type.Object({ id: Type.String(), log: Type.Array(Type.String()), note: Type.String() });

export type ModelInfoT = Static<typeof ModelInfo>;
export type ModelInventoryT = Static<typeof ModelInventory>;
export type ModelActionResultT = Static<typeof ModelActionResult>;
