import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, LanguageSchema, ShortId, Ulid } from './common.ts';
import { TicketReceipt } from './queue.ts';

/** Booking codes as printed on confirmations: letters and digits, dashes optional. */
export const BookingCode = Type.String({ minLength: 4, maxLength: 32, pattern: '^[A-Za-z0-9-]+$' });

export const Appointment = Type.Object({
  code: BookingCode,
  serviceId: ShortId,
  startsAt: IsoDateTime,
  /** Minutes the appointment lasts; its priority window. */
  durationMinutes: Type.Integer({ minimum: 1, maximum: 480 }),
  language: Type.Optional(LanguageSchema),
});
export const AppointmentImport = Type.Object({ appointments: Type.Array(Appointment, { maxItems: 5000 }) }, { additionalProperties: false });

export const AppointmentCheckInInput = Type.Object(
  { code: BookingCode, ticketId: Ulid, language: LanguageSchema },
  { additionalProperties: false },
);
export const AppointmentCheckInResult = Type.Union([
  Type.Object({
    outcome: Type.Union([Type.Literal('checked-in'), Type.Literal('late'), Type.Literal('already')]),
    startsAt: IsoDateTime,
    receipt: TicketReceipt,
  }),
  Type.Object({ outcome: Type.Literal('too-early'), startsAt: IsoDateTime, checkInFrom: IsoDateTime }),
]);

export const TicketPrintInput = Type.Object({ id: Ulid }, { additionalProperties: false });
export const TicketPrintResult = Type.Object({ printed: Type.Boolean() });

export type AppointmentT = Static<typeof Appointment>;
export type AppointmentImportT = Static<typeof AppointmentImport>;
export type AppointmentCheckInInputT = Static<typeof AppointmentCheckInInput>;
export type AppointmentCheckInResultT = Static<typeof AppointmentCheckInResult>;
export type TicketPrintInputT = Static<typeof TicketPrintInput>;
export type TicketPrintResultT = Static<typeof TicketPrintResult>;

/* ---- appointments admin, mobile ticket page, read-aloud (server side of issue 4) ---- */
export const AppointmentRecord = Type.Object({
  code: BookingCode,
  serviceId: ShortId,
  startsAt: IsoDateTime,
  durationMinutes: Type.Integer({ minimum: 1 }),
  language: Type.Union([LanguageSchema, Type.Null()]),
  /** The ticket made at check-in; null until the citizen arrives. */
  ticketId: Type.Union([Ulid, Type.Null()]),
  checkedInAt: Type.Union([IsoDateTime, Type.Null()]),
});
export const AppointmentList = Type.Object({ appointments: Type.Array(AppointmentRecord) });
export const AppointmentDayQuery = Type.Object(
  { day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Office day; default today' })) },
  { additionalProperties: false },
);
export const AppointmentImportResult = Type.Object({
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  /** Cancelled iCalendar events removed (an appointment already checked in is kept). */
  removed: Type.Integer({ minimum: 0 }),
});

/** Handshake of the `/ticket` namespace: the citizen's phone is no paired device, it knows only the ticket id. */
export const TicketViewerAuth = Type.Object({ protocolVersion: Type.Integer(), ticketId: Ulid });
/** Path of the mobile ticket page the printed and on-screen QR code opens (the kiosk app routes `/kiosk/t/<id>`). */
export function mobileTicketPath(ticketId: string): string {
  return `/kiosk/t/${ticketId}`;
}

export const TtsQuery = Type.Object(
  { lang: LanguageSchema, text: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);
export const TtsVoices = Type.Object({
  voices: Type.Array(Type.Object({ language: LanguageSchema, voice: Type.Union([Type.String(), Type.Null()]), available: Type.Boolean() })),
});

export type AppointmentRecordT = Static<typeof AppointmentRecord>;
export type AppointmentImportResultT = Static<typeof AppointmentImportResult>;
export type TicketViewerAuthT = Static<typeof TicketViewerAuth>;
export type TtsQueryT = Static<typeof TtsQuery>;
export type TtsVoicesT = Static<typeof TtsVoices>;
