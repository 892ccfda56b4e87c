import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AckCallback } from './errors.ts';
import { Empty } from '../schemas/common.ts';
import { OfficePhrasebook, PhrasebookGetInput } from '../phrasebook/schema.ts';
import {
  Call,
  CallBoard,
  Counter,
  CounterRef,
  CounterState,
  CreateTicketInput,
  OpenCounterInput,
  QueueSnapshot,
  Service,
  TicketReceipt,
  TicketRef,
} from '../schemas/queue.ts';
import { StaffSignedOut, type DeviceRoleT } from '../schemas/auth.ts';
import { BookSlotInput, BookSlotResult, SlotsInput, SlotsResult } from '../schemas/office.ts';
import { ClerkSettings, CounterAcceptHelpInput, CounterCallTicketInput, CounterFinishInput, CounterParkInput, CounterRecallNoShowInput, CounterResumeInput, CounterTransferInput } from '../schemas/clerk.ts';
import { AppointmentCheckInInput, AppointmentCheckInResult, TicketPrintInput, TicketPrintResult } from '../schemas/kiosk.ts';
import {
  AudioEndResult,
  AudioFrame,
  AudioFrameResult,
  CaptionFinal,
  CaptionPartial,
  SessionCapture,
  SessionClosed,
  SessionConsent,
  SessionForCounter,
  SessionNotice,
  SessionOrNone,
  SessionPhrase,
  SessionRefInput,
  SessionSay,
  SessionSetLanguage,
  SessionSetMode,
  SessionState,
  TranscriptLine,
} from '../schemas/session.ts';

/** Who may send an event: device roles, and whether a signed-in clerk (or admin) must be on the socket too. */
interface Access {
  roles: readonly DeviceRoleT[];
  staff: boolean;
}

/** One client → server event: its wire name, what it takes, what it answers, and who may send it. */
export interface EventSpec<N extends string = string, I extends TSchema = TSchema, R extends TSchema = TSchema> extends Access {
  name: N;
  input: I;
  result: R;
}

function event<const N extends string, I extends TSchema, R extends TSchema>(name: N, input: I, result: R, access: Access): EventSpec<N, I, R> {
  return { name, input, result, ...access };
}

const kioskOrCounter: Access = { roles: ['kiosk', 'counter'], staff: false };
const kiosk: Access = { roles: ['kiosk'], staff: false };
const clerk: Access = { roles: ['counter'], staff: true };
// A citizen screen (second device) watches its counter's session and may consent, type and take its turn.
const clerkOrCitizen: Access = { roles: ['counter', 'citizen'], staff: false };

/**
 * The inbound contract, each event declared once. The server validates every payload against `input` and checks
 * the roles; `result` is what the acknowledgement carries on success. Payload and result types derive from these.
 */
export const CLIENT_EVENTS = {
  // A display reads calls only (issue 5): no services, no counters.
  servicesList: event('services:list', Empty, Type.Array(Service), kioskOrCounter),
  countersList: event('counters:list', Empty, Type.Array(Counter), { roles: ['counter', 'citizen'], staff: false }),
  ticketCreate: event('ticket:create', CreateTicketInput, TicketReceipt, kiosk),
  ticketGet: event('ticket:get', TicketRef, TicketReceipt, kioskOrCounter),
  queueGet: event('queue:get', Empty, QueueSnapshot, clerk),
  displayGet: event('display:get', Empty, CallBoard, { roles: ['display'], staff: false }),
  counterOpen: event('counter:open', OpenCounterInput, CounterState, clerk),
  counterClose: event('counter:close', CounterRef, CounterState, clerk),
  counterCallNext: event('counter:callNext', CounterRef, Call, clerk),
  counterRecall: event('counter:recall', CounterRef, Call, clerk),
  counterNoShow: event('counter:noShow', CounterRef, CounterState, clerk),
  counterFinish: event('counter:finish', CounterFinishInput, CounterState, clerk),
  // The clerk's toolset (issue 11): each claims its ticket with one conditional update, like call-next.
  counterPark: event('counter:park', CounterParkInput, CounterState, clerk),
  counterResume: event('counter:resume', CounterResumeInput, Call, clerk),
  counterTransfer: event('counter:transfer', CounterTransferInput, CounterState, clerk),
  counterCallTicket: event('counter:callTicket', CounterCallTicketInput, Call, clerk),
  counterRecallNoShow: event('counter:recallNoShow', CounterRecallNoShowInput, Call, clerk),
  clerkSettingsGet: event('clerkSettings:get', Empty, ClerkSettings, clerk),
  counterAskColleague: event('counter:askColleague', CounterParkInput, CounterState, clerk),
  counterAcceptHelp: event('counter:acceptHelp', CounterAcceptHelpInput, Call, clerk),
  appointmentCheckIn: event('appointment:checkIn', AppointmentCheckInInput, AppointmentCheckInResult, kiosk),
  ticketPrint: event('ticket:print', TicketPrintInput, TicketPrintResult, kiosk),
  // Issue 11: walk-ins closed for a service → why, and the next free appointment slots to book at the kiosk.
  officeSlots: event('office:slots', SlotsInput, SlotsResult, kiosk),
  officeBook: event('office:book', BookSlotInput, BookSlotResult, kiosk),
  sessionGet: event('session:get', SessionForCounter, SessionOrNone, clerkOrCitizen),
  sessionSetLanguage: event('session:setLanguage', SessionSetLanguage, SessionState, clerk),
  sessionSetMode: event('session:setMode', SessionSetMode, SessionState, clerk),
  sessionConsent: event('session:consent', SessionConsent, SessionState, clerkOrCitizen),
  sessionCapture: event('session:capture', SessionCapture, SessionState, clerkOrCitizen),
  sessionSay: event('session:say', SessionSay, TranscriptLine, clerkOrCitizen),
  // The citizen's quick replies and phrasebook too (issue 18); the handler checks who speaks.
  sessionPhrase: event('session:phrase', SessionPhrase, TranscriptLine, clerkOrCitizen),
  phrasebookGet: event('phrasebook:get', PhrasebookGetInput, OfficePhrasebook, clerkOrCitizen),
  sessionEnd: event('session:end', SessionRefInput, SessionState, clerk),
  audioFrame: event('audio:frame', AudioFrame, AudioFrameResult, clerkOrCitizen),
  audioEnd: event('audio:end', SessionRefInput, AudioEndResult, clerkOrCitizen),
} satisfies Record<string, EventSpec>;

/** Server → client events and their payload schemas (`null`: the event carries nothing). */
export const SERVER_EVENTS = {
  callCreated: { name: 'call:created', payload: Call },
  queueChanged: { name: 'queue:changed', payload: QueueSnapshot },
  counterState: { name: 'counter:state', payload: CounterState },
  ticketUpdated: { name: 'ticket:updated', payload: TicketReceipt },
  deviceRevoked: { name: 'device:revoked', payload: null },
  /** This socket's staff session ended (sign-out, expiry, reset): it left the staff rooms and gets no more staff data. */
  staffSignedOut: { name: 'staff:signedOut', payload: StaffSignedOut },
  sessionState: { name: 'session:state', payload: SessionState },
  sessionClosed: { name: 'session:closed', payload: SessionClosed },
  sessionNotice: { name: 'session:notice', payload: SessionNotice },
  captionPartial: { name: 'caption:partial', payload: CaptionPartial },
  captionFinal: { name: 'caption:final', payload: CaptionFinal },
  /** The office changed its services or their texts (issue 11): every app shows the new ones at once. */
  servicesUpdated: { name: 'services:updated', payload: Type.Array(Service) },
  /** Counters were added, renamed or retired (issue 11). */
  countersUpdated: { name: 'counters:updated', payload: Type.Array(Counter) },
} as const satisfies Record<string, { name: string; payload: TSchema | null }>;

type NamesOf<T extends Record<string, { name: string }>> = { readonly [K in keyof T]: T[K]['name'] };
function namesOf<T extends Record<string, { name: string }>>(declared: T): NamesOf<T> {
  return Object.fromEntries(Object.entries(declared).map(([key, spec]) => [key, spec.name])) as NamesOf<T>;
}

/** Client → server event names, by key: `C2S.ticketCreate` is `'ticket:create'`. */
export const C2S = namesOf(CLIENT_EVENTS);
/** Server → client event names. */
export const S2C = namesOf(SERVER_EVENTS);

type ClientEvents = typeof CLIENT_EVENTS;
/** The contract resolved once into plain types, keyed by wire name (cheap for the compiler to index). */
type ClientContract = {
  [K in keyof ClientEvents as ClientEvents[K]['name']]: { payload: Static<ClientEvents[K]['input']>; result: Static<ClientEvents[K]['result']> };
};
export type ClientEventName = keyof ClientContract;
/** What a client sends with event `E`. */
export type PayloadOf<E extends ClientEventName> = ClientContract[E]['payload'];
/** What the acknowledgement of event `E` carries on success. */
export type ResultOf<E extends ClientEventName> = ClientContract[E]['result'];

/** The same specs, keyed by wire name: what the server looks an arriving event up by. */
export const CLIENT_EVENT_SPECS = Object.fromEntries(Object.values(CLIENT_EVENTS).map((spec) => [spec.name, spec])) as {
  readonly [K in keyof ClientEvents as ClientEvents[K]['name']]: ClientEvents[K];
};

export type ClientToServerEvents = { [E in ClientEventName]: (payload: PayloadOf<E>, ack: AckCallback<ResultOf<E>>) => void };

type ServerEvents = typeof SERVER_EVENTS;
type Listener<P> = P extends TSchema ? (payload: Static<P>) => void : () => void;
export type ServerToClientEvents = { [K in keyof ServerEvents as ServerEvents[K]['name']]: Listener<ServerEvents[K]['payload']> };
export type ServerEventName = keyof ServerToClientEvents;
/** The `/ticket` namespace: a phone only ever receives its ticket's updates and sends nothing. */
export type TicketViewerEvents = Pick<ServerToClientEvents, typeof S2C.ticketUpdated | typeof S2C.servicesUpdated>;

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
  /** The clerk's side of a counter's conversation (the clerk's device, with the rotated citizen half). */
  session: (counterId: string) => `session:${counterId}`,
  /** The citizen screens paired for a counter (they see less than the clerk: see sessions/audience.ts). */
  citizenSession: (counterId: string) => `citizen-session:${counterId}`,
  /** Every socket of one paired device (revocation reaches all of them). */
  device: (deviceId: string) => `device:${deviceId}`,
  /** Every socket a staff member signed in on (sign-out closes them). */
  staff: (staffId: string) => `staff:${staffId}`,
} as const;
