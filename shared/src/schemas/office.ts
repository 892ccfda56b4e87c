import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, LanguageSchema, SafeName, ShortId, Ulid } from './common.ts';

/** The pictograms shipped in `public/pictograms/` (the admin chooses one per service). */
export const PICTOGRAMS = ['id-card', 'passport', 'house', 'certificate', 'stamp', 'pickup', 'generic'] as const;
export const Pictogram = Type.Union(PICTOGRAMS.map((p) => Type.Literal(p)));

const Text = (maxLength: number) => Type.String({ maxLength, pattern: '^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069]*$' });

/** What a citizen reads about a service in one language; apps show German where a field is empty. */
export const ServiceText = Type.Object({
  name: Text(120),
  description: Text(300),
  bring: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 12 }),
  fee: Text(200),
}, { additionalProperties: false });

/** Texts by language code; German (`de`) with a name is required. */
export const ServiceTexts = Type.Record(Type.String({ pattern: '^[a-z]{2,3}(-[a-z]+)?$' }), ServiceText);

/** What the admin enters for a service (create and full update). */
export const ServiceInput = Type.Object({
  letter: Type.String({ pattern: '^[A-Z]$' }),
  pictogram: Pictogram,
  durationMinutes: Type.Integer({ minimum: 1, maximum: 480 }),
  walkIns: Type.Boolean(),
  appointments: Type.Boolean(),
  /** Walk-ins a day; null: no limit. */
  dailyCapacity: Type.Union([Type.Integer({ minimum: 0, maximum: 10000 }), Type.Null()]),
  /** No walk-in tickets this many minutes before closing; null: until closing. */
  stopMinutesBeforeClose: Type.Union([Type.Integer({ minimum: 0, maximum: 600 }), Type.Null()]),
  texts: ServiceTexts,
}, { additionalProperties: false });

export const ServiceCreateInput = Type.Composite([ServiceInput, Type.Object({ id: Type.Optional(ShortId) })], { additionalProperties: false });

/** A service as the admin sees it (retired ones included). */
export const ServiceConfig = Type.Composite([ServiceInput, Type.Object({ id: ShortId, name: Type.String({ description: 'German name as stored (numbers, print, audit)' }), active: Type.Boolean(), sort: Type.Integer() })]);

export const ServiceOrderInput = Type.Object({ ids: Type.Array(ShortId, { minItems: 1, maxItems: 200, uniqueItems: true }) }, { additionalProperties: false });

export const CounterInput = Type.Object({
  name: SafeName(40),
  /** How the display speaks it ("Schalter B"); empty: the name. */
  spokenName: Type.String({ maxLength: 60 }),
  serviceIds: Type.Array(ShortId, { maxItems: 50, uniqueItems: true }),
}, { additionalProperties: false });
export const CounterCreateInput = Type.Composite([CounterInput, Type.Object({ id: Type.Optional(ShortId) })], { additionalProperties: false });
export const CounterConfig = Type.Composite([CounterInput, Type.Object({
  id: ShortId,
  active: Type.Boolean(),
  /** Citizen screens still bound to this counter (a retired counter must not leave them silently). */
  boundDevices: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
})]);

export const DisplayGroupInput = Type.Object({
  name: SafeName(60),
  counterIds: Type.Array(ShortId, { maxItems: 100, uniqueItems: true }),
  deviceIds: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 100, uniqueItems: true }),
}, { additionalProperties: false });
export const DisplayGroup = Type.Composite([DisplayGroupInput, Type.Object({ id: ShortId })]);

const HHMM = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** One weekday's hours (Monday = 1 … Sunday = 7); null times: closed that day. */
export const WeekdayHours = Type.Object({ weekday: Type.Integer({ minimum: 1, maximum: 7 }), opens: Type.Union([HHMM, Type.Null()]), closes: Type.Union([HHMM, Type.Null()]) }, { additionalProperties: false });
export const ClosedDay = Type.Object({ day: Day, label: Type.String({ maxLength: 80 }) }, { additionalProperties: false });
/** Opening hours; an office that set none is open at all times (no check at the kiosk). */
export const OpeningHours = Type.Object({
  weekdays: Type.Array(WeekdayHours, { maxItems: 7 }),
  closedDays: Type.Array(ClosedDay, { maxItems: 400 }),
}, { additionalProperties: false });

/** Why the kiosk gives no walk-in ticket now, and what it offers instead. */
export const WalkInRefusal = Type.Union([Type.Literal('capacity'), Type.Literal('closing'), Type.Literal('closed')]);
export const AppointmentSlot = Type.Object({ startsAt: IsoDateTime, durationMinutes: Type.Integer() });
export const SlotsInput = Type.Object({ serviceId: ShortId }, { additionalProperties: false });
export const SlotsResult = Type.Object({
  serviceId: ShortId,
  /** Whether a walk-in ticket could be drawn now, and if not, why (the kiosk says so in the citizen's language). */
  walkIn: Type.Object({ open: Type.Boolean(), reason: Type.Optional(WalkInRefusal) }),
  /** Whether the service takes appointments at all. */
  appointments: Type.Boolean(),
  slots: Type.Array(AppointmentSlot),
});
export const BookSlotInput = Type.Object({
  /** Client-made ULID: a retried booking returns the same appointment. */
  id: Ulid,
  serviceId: ShortId,
  startsAt: IsoDateTime,
  language: LanguageSchema,
  name: Type.Optional(Type.String({ maxLength: 80 })),
}, { additionalProperties: false });
export const BookSlotResult = Type.Object({ code: Type.String(), serviceId: ShortId, startsAt: IsoDateTime, durationMinutes: Type.Integer() });

export type ServiceTextT = Static<typeof ServiceText>;
export type ServiceTextsT = Static<typeof ServiceTexts>;
export type ServiceInputT = Static<typeof ServiceInput>;
export type ServiceCreateInputT = Static<typeof ServiceCreateInput>;
export type ServiceConfigT = Static<typeof ServiceConfig>;
export type CounterInputT = Static<typeof CounterInput>;
export type CounterCreateInputT = Static<typeof CounterCreateInput>;
export type CounterConfigT = Static<typeof CounterConfig>;
export type DisplayGroupInputT = Static<typeof DisplayGroupInput>;
export type DisplayGroupT = Static<typeof DisplayGroup>;
export type WeekdayHoursT = Static<typeof WeekdayHours>;
export type ClosedDayT = Static<typeof ClosedDay>;
export type OpeningHoursT = Static<typeof OpeningHours>;
export type WalkInRefusalT = Static<typeof WalkInRefusal>;
export type AppointmentSlotT = Static<typeof AppointmentSlot>;
export type BookSlotInputT = Static<typeof BookSlotInput>;
export type BookSlotResultT = Static<typeof BookSlotResult>;
export type SlotsResultT = Static<typeof SlotsResult>;
