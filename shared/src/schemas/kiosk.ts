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
