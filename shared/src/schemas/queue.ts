import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, LanguageSchema, ShortId, Ulid } from './common.ts';
import { DeskMark } from './clerk.ts';
import { ServiceTexts } from './office.ts';

export const TicketStatus = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('called'),
  Type.Literal('parked'),
  Type.Literal('no-show'),
  Type.Literal('finished'),
  Type.Literal('not-served'),
]);
export const TicketKind = Type.Union([Type.Literal('walk-in'), Type.Literal('appointment')]);

export const Service = Type.Object({
  id: ShortId,
  letter: Type.String({ pattern: '^[A-Z]$' }),
  name: Type.String({ description: 'German name; apps translate by id' }),
  active: Type.Boolean(),
  /** Office configuration (issue 11); absent from clients older than it. */
  pictogram: Type.Optional(Type.String()),
  walkIns: Type.Optional(Type.Boolean()),
  appointments: Type.Optional(Type.Boolean()),
  durationMinutes: Type.Optional(Type.Integer()),
  /** The office's texts per language; apps put them over the shipped `services` resources (German fallback). */
  texts: Type.Optional(ServiceTexts),
});

export const Ticket = Type.Object({
  id: Ulid,
  number: Type.String({ description: 'Readable number, letter per service and counter per day, e.g. A-017' }),
  serviceId: ShortId,
  language: LanguageSchema,
  kind: TicketKind,
  status: TicketStatus,
  day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  createdAt: IsoDateTime,
  calledAt: Type.Union([IsoDateTime, Type.Null()]),
  finishedAt: Type.Union([IsoDateTime, Type.Null()]),
  counterId: Type.Union([ShortId, Type.Null()]),
  /** Sort key of the queue: check-in time, or for an appointment the booked start if that is earlier. */
  priorityAt: Type.Optional(IsoDateTime),
  /** The number an offline kiosk showed before the server gave this ticket its real one. */
  provisionalNumber: Type.Optional(Type.String()),
});

export const WaitEstimate = Type.Object({
  minMinutes: Type.Integer({ minimum: 0 }),
  maxMinutes: Type.Integer({ minimum: 0 }),
});

export const TicketReceipt = Type.Object({
  ticket: Ticket,
  ahead: Type.Integer({ minimum: 0, description: 'People waiting before this ticket for the same service' }),
  estimate: WaitEstimate,
  /** Name of the counter that called this ticket ("Platz 2"), while it is called. */
  counterName: Type.Optional(Type.String()),
});

export const Counter = Type.Object({
  id: ShortId,
  name: Type.String(),
  /** How the display speaks it (issue 11); absent: the name. */
  spokenName: Type.Optional(Type.String()),
  /** The services the admin set for it (issue 11): the desk preselects them when the counter is opened. */
  defaultServiceIds: Type.Optional(Type.Array(ShortId)),
});

export const CounterState = Type.Object({
  counter: Counter,
  serviceIds: Type.Array(ShortId),
  clerk: Type.Union([Type.String(), Type.Null()]),
  current: Type.Union([Ticket, Type.Null()]),
});

export const Call = Type.Object({
  id: Ulid,
  ticketId: Ulid,
  ticketNumber: Type.String(),
  language: LanguageSchema,
  counterId: ShortId,
  counterName: Type.String(),
  /** How the display speaks the counter (issue 11: "Schalter Be"); absent: counterName. */
  counterSpokenName: Type.Optional(Type.String()),
  calledAt: IsoDateTime,
  recall: Type.Boolean(),
});

export const QueueSnapshot = Type.Object({
  /** In queue order; at most `perServiceLimit` of each service (a bounded view: see waitingByService for all). */
  waiting: Type.Array(Ticket),
  counters: Type.Array(CounterState),
  /** How many wait per service in all (the list above may show fewer). */
  waitingByService: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
  perServiceLimit: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Parked tickets of today, oldest first. */
  parked: Type.Optional(Type.Array(Ticket)),
  /** Desk-only marks (parked, transferred, note) by ticket id. */
  marks: Type.Optional(Type.Record(Type.String(), DeskMark)),
});

export const CallBoard = Type.Object({ calls: Type.Array(Call) });

/* ---- payloads ---- */
export const CreateTicketInput = Type.Object(
  {
    id: Ulid,
    serviceId: ShortId,
    language: LanguageSchema,
    /** Set by a kiosk replaying an offline check-in: when the citizen actually checked in (keeps their place). */
    checkedInAt: Type.Optional(IsoDateTime),
    /** The provisional number the offline kiosk showed, so the ticket can be reconciled on screen. */
    provisionalNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 12, pattern: '^[A-Z0-9-]+$' })),
  },
  { additionalProperties: false },
);
export const TicketRef = Type.Object({ id: Ulid }, { additionalProperties: false });
export const OpenCounterInput = Type.Object(
  {
    counterId: ShortId,
    serviceIds: Type.Array(ShortId, { minItems: 1, maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export const CounterRef = Type.Object({ counterId: ShortId }, { additionalProperties: false });

export type TicketStatusT = Static<typeof TicketStatus>;
export type TicketKindT = Static<typeof TicketKind>;
export type ServiceT = Static<typeof Service>;
export type TicketT = Static<typeof Ticket>;
export type WaitEstimateT = Static<typeof WaitEstimate>;
export type TicketReceiptT = Static<typeof TicketReceipt>;
export type CounterT = Static<typeof Counter>;
export type CounterStateT = Static<typeof CounterState>;
export type CallT = Static<typeof Call>;
export type QueueSnapshotT = Static<typeof QueueSnapshot>;
export type CallBoardT = Static<typeof CallBoard>;
export type CreateTicketInputT = Static<typeof CreateTicketInput>;
export type OpenCounterInputT = Static<typeof OpenCounterInput>;
