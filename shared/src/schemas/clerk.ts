import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, ShortId } from './common.ts';

/** A ticket number as the clerk reads it off the list or the citizen's slip ("A-017"). */
export const TicketNumber = Type.String({ minLength: 2, maxLength: 8, pattern: '^[A-Za-z] ?-? ?[0-9]{1,6}$' });

/** "a17", "A 17", "A-017" → "A-017", the form `formatTicketNumber` makes; the server looks numbers up in it. */
export function normalizeTicketNumber(typed: string): string {
  const m = /^([A-Za-z]) ?-? ?0*([0-9]{1,6})$/.exec(typed.trim());
  if (!m) return typed.trim().toUpperCase();
  return `${m[1].toUpperCase()}-${m[2].padStart(3, '0')}`;
}

/**
 * Why a clerk calls a number out of order. A closed list of codes on purpose: the reason goes into the audit,
 * which holds no free text (GDPR Art. 5(1)(c)).
 */
export const CALL_REASONS = ['appointment', 'accessibility', 'returning', 'urgent', 'other'] as const;
export const CallReason = Type.Union(CALL_REASONS.map((r) => Type.Literal(r)));

/** Code of a visit outcome (the office's list, `ClerkSettings.outcomes`). */
export const OutcomeCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9-]*$' });
export const DEFAULT_OUTCOMES = [
  { code: 'done', label: 'Erledigt' },
  { code: 'another-appointment', label: 'Weiterer Termin nötig' },
  { code: 'documents-missing', label: 'Unterlagen fehlen' },
  { code: 'referred', label: 'An andere Stelle verwiesen' },
] as const;

/** The office's settings for the clerk's desk (stored in `settings`, changed by an admin). */
export const ClerkSettings = Type.Object({
  /** A no-show may be called again this many minutes after it was marked (0: never). */
  noShowRecallMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
  /** Outcomes a clerk can record per visit, in the order the desk offers them; labels in German. */
  outcomes: Type.Array(Type.Object({ code: OutcomeCode, label: Type.String({ minLength: 1, maxLength: 60, pattern: '^[^\\u0000-\\u001F\\u202A-\\u202E]+$' }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
  /** Call-next prefers tickets in a language the clerk speaks… */
  preferClerkLanguages: Type.Boolean(),
  /** …as long as no ticket waits more than this many minutes longer than in plain order. */
  languageFairnessMinutes: Type.Integer({ minimum: 0, maximum: 120 }),
}, { additionalProperties: false });
export const ClerkSettingsUpdate = Type.Partial(ClerkSettings, { additionalProperties: false, minProperties: 1 });

/** What only the desks see of a ticket (never the phone or the display): parked and transferred marks, the note. */
export const DeskMark = Type.Object({
  parkedAt: Type.Optional(IsoDateTime),
  /** Counter that parked or transferred the ticket. */
  fromCounterId: Type.Optional(ShortId),
  transferredAt: Type.Optional(IsoDateTime),
  /** Only this counter calls the ticket (a transfer to a counter rather than a service). */
  targetCounterId: Type.Optional(ShortId),
  /** The transferring clerk's short note for the next clerk. */
  note: Type.Optional(Type.String()),
  /** Waits for a colleague who speaks this language ("ask a colleague"). */
  helpLanguage: Type.Optional(Type.String()),
});

/* ---- payloads ---- */
export const CounterParkInput = Type.Object({ counterId: ShortId }, { additionalProperties: false });
export const CounterResumeInput = Type.Object({ counterId: ShortId, number: TicketNumber }, { additionalProperties: false });
export const TransferNote = Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u0009\\u000B-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069]*$' });
export const CounterTransferInput = Type.Object({
  counterId: ShortId,
  /** The ticket to hand on: the counter's current one if omitted, or a parked one by number. */
  number: Type.Optional(TicketNumber),
  /** The service it waits for next (default: its own). */
  serviceId: Type.Optional(ShortId),
  /** Only this counter may call it. */
  targetCounterId: Type.Optional(ShortId),
  note: Type.Optional(TransferNote),
  /** `keep`: its place by the original check-in time; `front`: before everyone waiting. */
  position: Type.Union([Type.Literal('keep'), Type.Literal('front')]),
}, { additionalProperties: false });
export const CounterCallTicketInput = Type.Object({ counterId: ShortId, number: TicketNumber, reason: CallReason }, { additionalProperties: false });
export const CounterRecallNoShowInput = Type.Object({ counterId: ShortId, number: TicketNumber }, { additionalProperties: false });
export const CounterAcceptHelpInput = Type.Object({ counterId: ShortId, number: TicketNumber }, { additionalProperties: false });
export const CounterFinishInput = Type.Object({ counterId: ShortId, outcome: Type.Optional(OutcomeCode) }, { additionalProperties: false });

export type CallReasonT = Static<typeof CallReason>;
export type ClerkSettingsT = Static<typeof ClerkSettings>;
export type ClerkSettingsUpdateT = Static<typeof ClerkSettingsUpdate>;
export type DeskMarkT = Static<typeof DeskMark>;
export type CounterTransferInputT = Static<typeof CounterTransferInput>;
export type CounterCallTicketInputT = Static<typeof CounterCallTicketInput>;
export type CounterFinishInputT = Static<typeof CounterFinishInput>;
