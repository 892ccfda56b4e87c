import type { TSchema } from '@sinclair/typebox';
import type { AckCallback } from './errors.ts';
import type { LanguageCode } from '../languages.ts';
import { Empty } from '../schemas/common.ts';
import {
  CounterRef,
  CreateTicketInput,
  OpenCounterInput,
  TicketRef,
  type CallBoardT,
  type CallT,
  type CounterStateT,
  type CounterT,
  type CreateTicketInputT,
  type OpenCounterInputT,
  type QueueSnapshotT,
  type ServiceT,
  type TicketReceiptT,
} from '../schemas/queue.ts';
import type { DeviceRoleT } from '../schemas/auth.ts';
import {
  AppointmentCheckInInput,
  TicketPrintInput,
  type AppointmentCheckInInputT,
  type AppointmentCheckInResultT,
  type TicketPrintInputT,
  type TicketPrintResultT,
} from '../schemas/kiosk.ts';
import {
  AudioFrame,
  SessionCapture,
  SessionConsent,
  SessionForCounter,
  SessionPhrase,
  SessionRefInput,
  SessionSay,
  SessionSetLanguage,
  SessionSetMode,
  type AudioFrameT,
  type CaptionPartialT,
  type SessionCaptureT,
  type SessionConsentT,
  type SessionNoticeT,
  type SessionPhraseT,
  type SessionSayT,
  type SessionStateT,
  type TranscriptLineT,
} from '../schemas/session.ts';

/** Client → server event names. The only place these strings are written. */
export const C2S = {
  servicesList: 'services:list',
  countersList: 'counters:list',
  ticketCreate: 'ticket:create',
  ticketGet: 'ticket:get',
  queueGet: 'queue:get',
  displayGet: 'display:get',
  counterOpen: 'counter:open',
  counterClose: 'counter:close',
  counterCallNext: 'counter:callNext',
  counterRecall: 'counter:recall',
  counterNoShow: 'counter:noShow',
  counterFinish: 'counter:finish',
  appointmentCheckIn: 'appointment:checkIn',
  ticketPrint: 'ticket:print',
  sessionGet: 'session:get',
  sessionSetLanguage: 'session:setLanguage',
  sessionSetMode: 'session:setMode',
  sessionConsent: 'session:consent',
  sessionCapture: 'session:capture',
  sessionSay: 'session:say',
  sessionPhrase: 'session:phrase',
  sessionEnd: 'session:end',
  audioFrame: 'audio:frame',
  audioEnd: 'audio:end',
} as const;

/** Server → client event names. */
export const S2C = {
  callCreated: 'call:created',
  queueChanged: 'queue:changed',
  counterState: 'counter:state',
  ticketUpdated: 'ticket:updated',
  deviceRevoked: 'device:revoked',
  sessionState: 'session:state',
  sessionClosed: 'session:closed',
  sessionNotice: 'session:notice',
  captionPartial: 'caption:partial',
  captionFinal: 'caption:final',
} as const;

type E<P, R> = (payload: P, ack: AckCallback<R>) => void;
type Nothing = Record<string, never>;
type CounterRefT = { counterId: string };

export interface ClientToServerEvents {
  [C2S.servicesList]: E<Nothing, ServiceT[]>;
  [C2S.countersList]: E<Nothing, CounterT[]>;
  [C2S.ticketCreate]: E<CreateTicketInputT, TicketReceiptT>;
  [C2S.ticketGet]: E<{ id: string }, TicketReceiptT>;
  [C2S.queueGet]: E<Nothing, QueueSnapshotT>;
  [C2S.displayGet]: E<Nothing, CallBoardT>;
  [C2S.counterOpen]: E<OpenCounterInputT, CounterStateT>;
  [C2S.counterClose]: E<CounterRefT, CounterStateT>;
  [C2S.counterCallNext]: E<CounterRefT, CallT>;
  [C2S.counterRecall]: E<CounterRefT, CallT>;
  [C2S.counterNoShow]: E<CounterRefT, CounterStateT>;
  [C2S.counterFinish]: E<CounterRefT, CounterStateT>;
  [C2S.appointmentCheckIn]: E<AppointmentCheckInInputT, AppointmentCheckInResultT>;
  [C2S.ticketPrint]: E<TicketPrintInputT, TicketPrintResultT>;
  [C2S.sessionGet]: E<CounterRefT, SessionStateT | null>;
  [C2S.sessionSetLanguage]: E<{ sessionId: string; language: LanguageCode }, SessionStateT>;
  [C2S.sessionSetMode]: E<{ sessionId: string; mode: 'single' | 'paired' }, SessionStateT>;
  [C2S.sessionConsent]: E<SessionConsentT, SessionStateT>;
  [C2S.sessionCapture]: E<SessionCaptureT, SessionStateT>;
  [C2S.sessionSay]: E<SessionSayT, TranscriptLineT>;
  [C2S.sessionPhrase]: E<SessionPhraseT, TranscriptLineT>;
  [C2S.sessionEnd]: E<{ sessionId: string }, SessionStateT>;
  [C2S.audioFrame]: E<AudioFrameT, { accepted: number }>;
  [C2S.audioEnd]: E<{ sessionId: string }, { ended: boolean }>;
}

export interface ServerToClientEvents {
  [S2C.callCreated]: (call: CallT) => void;
  [S2C.queueChanged]: (snapshot: QueueSnapshotT) => void;
  [S2C.counterState]: (state: CounterStateT) => void;
  [S2C.ticketUpdated]: (receipt: TicketReceiptT) => void;
  [S2C.deviceRevoked]: () => void;
  [S2C.sessionState]: (state: SessionStateT) => void;
  [S2C.sessionClosed]: (info: { counterId: string; sessionId: string }) => void;
  [S2C.sessionNotice]: (notice: SessionNoticeT) => void;
  [S2C.captionPartial]: (partial: CaptionPartialT) => void;
  [S2C.captionFinal]: (line: TranscriptLineT & { sessionId: string }) => void;
}

export type ClientEventName = keyof ClientToServerEvents;

export interface EventSpec {
  input: TSchema;
  /** Device roles allowed to send this event. */
  roles: readonly DeviceRoleT[];
  /** A signed-in clerk (or admin) must be on the socket too. */
  staff: boolean;
}

/** Inbound contract: the server validates every payload against `input` and checks the roles. */
export const CLIENT_EVENT_SPECS: Record<ClientEventName, EventSpec> = {
  // A display reads calls only (issue 5): no services, no counters.
  [C2S.servicesList]: { input: Empty, roles: ['kiosk', 'counter'], staff: false },
  [C2S.countersList]: { input: Empty, roles: ['counter', 'citizen'], staff: false },
  [C2S.ticketCreate]: { input: CreateTicketInput, roles: ['kiosk'], staff: false },
  [C2S.ticketGet]: { input: TicketRef, roles: ['kiosk', 'counter'], staff: false },
  [C2S.queueGet]: { input: Empty, roles: ['counter'], staff: true },
  [C2S.displayGet]: { input: Empty, roles: ['display'], staff: false },
  [C2S.counterOpen]: { input: OpenCounterInput, roles: ['counter'], staff: true },
  [C2S.counterClose]: { input: CounterRef, roles: ['counter'], staff: true },
  [C2S.counterCallNext]: { input: CounterRef, roles: ['counter'], staff: true },
  [C2S.counterRecall]: { input: CounterRef, roles: ['counter'], staff: true },
  [C2S.counterNoShow]: { input: CounterRef, roles: ['counter'], staff: true },
  [C2S.counterFinish]: { input: CounterRef, roles: ['counter'], staff: true },
  [C2S.appointmentCheckIn]: { input: AppointmentCheckInInput, roles: ['kiosk'], staff: false },
  [C2S.ticketPrint]: { input: TicketPrintInput, roles: ['kiosk'], staff: false },
  // A citizen screen (second device) watches its counter's session and may consent, type and take its turn.
  [C2S.sessionGet]: { input: SessionForCounter, roles: ['counter', 'citizen'], staff: false },
  [C2S.sessionSetLanguage]: { input: SessionSetLanguage, roles: ['counter'], staff: true },
  [C2S.sessionSetMode]: { input: SessionSetMode, roles: ['counter'], staff: true },
  [C2S.sessionConsent]: { input: SessionConsent, roles: ['counter', 'citizen'], staff: false },
  [C2S.sessionCapture]: { input: SessionCapture, roles: ['counter', 'citizen'], staff: false },
  [C2S.sessionSay]: { input: SessionSay, roles: ['counter', 'citizen'], staff: false },
  [C2S.sessionPhrase]: { input: SessionPhrase, roles: ['counter'], staff: true },
  [C2S.sessionEnd]: { input: SessionRefInput, roles: ['counter'], staff: true },
  [C2S.audioFrame]: { input: AudioFrame, roles: ['counter', 'citizen'], staff: false },
  [C2S.audioEnd]: { input: SessionRefInput, roles: ['counter', 'citizen'], staff: false },
};

/** Socket.IO namespaces besides the default `/` of paired devices. */
export const Namespaces = {
  /** The mobile ticket page: a citizen's phone that knows only its ticket id. */
  ticket: '/ticket',
} as const;
/** Socket.IO namespace of the mobile ticket page. */
export const TICKET_VIEWER_NAMESPACE = Namespaces.ticket;

/** Socket.IO rooms. */
export const Rooms = {
  displays: 'displays',
  counters: 'counters',
  counter: (id: string) => `counter:${id}`,
  ticket: (id: string) => `ticket:${id}`,
  /** Everyone following a counter's conversation: the clerk's device and the citizen screen. */
  session: (counterId: string) => `session:${counterId}`,
  /** Every socket of one paired device (revocation reaches all of them). */
  device: (deviceId: string) => `device:${deviceId}`,
  /** Every socket a staff member signed in on (sign-out closes them). */
  staff: (staffId: string) => `staff:${staffId}`,
} as const;
