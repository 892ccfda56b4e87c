/**
 * The phrasebook's data contract: the shipped set (JSON under `data/`) and office-edited phrases use the same
 * schemas, so one model serves both directions and both sources.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LANGUAGE_CODES, type LanguageCode } from '../languages.ts';

export const PHRASE_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const PhraseId = Type.String({ minLength: 3, maxLength: 80, pattern: PHRASE_ID_PATTERN });

/** What a slot holds; each is filled from a picker, never typed into the reviewed text. */
export const SLOT_TYPES = ['date', 'time', 'weekday', 'amount', 'weeks', 'document', 'counter'] as const;
export const SlotType = Type.Union(SLOT_TYPES.map((t) => Type.Literal(t)));
export const SlotName = Type.String({ minLength: 1, maxLength: 20, pattern: '^[a-z][a-zA-Z0-9]*$' });

/** Who says the phrase: the clerk (German → citizen) or the citizen (their language → German for the clerk). */
export const PhraseDirection = Type.Union([Type.Literal('clerk'), Type.Literal('citizen')]);

export const PHRASE_GROUP_IDS = [
  'greeting', 'waiting', 'appointments', 'identity', 'documents', 'photo', 'signature', 'fees', 'processing', 'pickup',
  'registration', 'certificates', 'copies', 'closing', 'replies', 'questions',
] as const;
export const PhraseGroupIdSchema = Type.Union(PHRASE_GROUP_IDS.map((g) => Type.Literal(g)));

export const PhraseMeta = Type.Object(
  {
    id: PhraseId,
    group: PhraseGroupIdSchema,
    direction: PhraseDirection,
    /** Slot name → type; every language's text uses each name exactly once as `{name}`. */
    slots: Type.Optional(Type.Record(SlotName, SlotType)),
    /** Citizen quick replies are always on screen; the rest sit in the citizen phrasebook. */
    quick: Type.Optional(Type.Boolean()),
    /** Tells the clerk at once (e.g. "I need an interpreter"). */
    alert: Type.Optional(Type.Literal('interpreter')),
  },
  { additionalProperties: false },
);

export const PhraseMetaFile = Type.Object({ phrases: Type.Array(PhraseMeta) }, { additionalProperties: false });
const PhraseString = Type.String({ minLength: 1, maxLength: 400 });
export const PhraseTextsFile = Type.Object(
  { groups: Type.Record(Type.String(), PhraseString), phrases: Type.Record(PhraseId, PhraseString) },
  { additionalProperties: false },
);

/** A named person checked the translation against the German on a date; without one a text is drafted. */
export const Review = Type.Object(
  { reviewer: Type.String({ minLength: 1, maxLength: 120 }), date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
  { additionalProperties: false },
);
export const ReviewsFile = Type.Partial(Type.Record(Type.Union(LANGUAGE_CODES.map((c) => Type.Literal(c))), Type.Record(PhraseId, Review)));

/** Slot values as the client sends them; the server checks each against the phrase's slot types. */
export const SlotValue = Type.Union([
  Type.String({ maxLength: 60, pattern: '^[a-z0-9:.-]+$' }),
  Type.Integer({ minimum: 0, maximum: 100_000_000 }),
]);
export const SlotValues = Type.Record(SlotName, SlotValue, { maxProperties: 8 });

export type SlotTypeT = (typeof SLOT_TYPES)[number];
export type PhraseDirectionT = Static<typeof PhraseDirection>;
export type PhraseMetaT = Static<typeof PhraseMeta>;
export type ReviewT = Static<typeof Review>;
export type SlotValuesT = Static<typeof SlotValues>;

const lang = (c: string, v: ReturnType<typeof Type.String> | typeof Review) => [c, c === 'de' ? v : Type.Optional(v)] as const;
/** A phrase as the server sends and stores it: the German text is required, other languages may follow later. */
export const PhraseRecord = Type.Object(
  {
    ...PhraseMeta.properties,
    text: Type.Object(Object.fromEntries(LANGUAGE_CODES.map((c) => lang(c, PhraseString))), { additionalProperties: false }),
    reviews: Type.Object(Object.fromEntries(LANGUAGE_CODES.map((c) => [c, Type.Optional(Review)])), { additionalProperties: false }),
  },
  { additionalProperties: false },
);
/** The office's part of the phrasebook, merged over the shipped set by every client; `uses` orders suggestions. */
export const OfficePhrasebook = Type.Object({
  phrases: Type.Array(PhraseRecord),
  /** Shipped phrases this office does not use. */
  hidden: Type.Array(PhraseId),
  /** Uses of each phrase for the session's service (empty without a session). */
  uses: Type.Record(PhraseId, Type.Integer({ minimum: 0 })),
});
export const PhrasebookGetInput = Type.Object({ sessionId: Type.Optional(Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' })) }, { additionalProperties: false });

/** Typed by language (the schema builds its properties from the catalogue, which `Static` cannot see). */
export type PhraseRecordT = Omit<Static<typeof PhraseRecord>, 'text' | 'reviews'> & {
  text: Partial<Record<LanguageCode, string>> & { de: string };
  reviews: Partial<Record<LanguageCode, ReviewT>>;
};
export type OfficePhrasebookT = Omit<Static<typeof OfficePhrasebook>, 'phrases'> & { phrases: PhraseRecordT[] };
