import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import './formats.ts';
import {
  CLIENT_EVENT_SPECS,
  DomainError,
  fail,
  ok,
  type Ack,
  type ClientEventName,
  type ErrorCode,
  type PayloadOf,
  type ResultOf,
} from '@lotse/shared';
import type { LotseSocket, SocketData } from './context.ts';

/** A refused handshake: socket.io-client sees `err.message` and `err.data.code`. */
export function refusal(code: ErrorCode, message: string): Error & { data: { code: ErrorCode } } {
  return Object.assign(new Error(message), { data: { code } });
}

export type Handler<E extends ClientEventName> = (payload: PayloadOf<E>, ctx: SocketData, socket: LotseSocket) => Promise<ResultOf<E>>;

const compiled = new Map<ClientEventName, TypeCheck<TSchema>>();
function checkerFor(event: ClientEventName): TypeCheck<TSchema> {
  let check = compiled.get(event);
  if (!check) {
    check = TypeCompiler.Compile(CLIENT_EVENT_SPECS[event].input);
    compiled.set(event, check);
  }
  return check;
}

export interface HandleOptions {
  onUnexpected: (event: string, err: unknown) => void;
}

/** Per-socket event budget (token bucket): `capacity` events at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = clock();
  }

  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Events that make a ticket: they draw on the device's check-in budget too. */
const CHECK_INS: ReadonlySet<ClientEventName> = new Set<ClientEventName>(['ticket:create', 'appointment:checkIn']);

/** What `io.ts` attaches to each socket: its device's budgets and the re-check of the staff session. */
export interface SocketGuard {
  /** Events of the device (shared by all its sockets). */
  bucket?: TokenBucket;
  /** Check-ins of the device. */
  ticketBucket?: TokenBucket;
  /** A budget refused an event (the admin's device list shows it). */
  onLimited?: (kind: 'events' | 'tickets') => void;
  /** An event from a signed-in socket that does not re-check the session still counts as activity. */
  staffActive?: () => void;
  /** Still signed in (absolute and idle limits)? Called before every event that needs a clerk; counts as activity. */
  staffValid?: () => Promise<boolean>;
  /** The staff session ended: refuse and cut this socket. */
  onStaffExpired?: () => void;
}
const guards = new WeakMap<object, SocketGuard>();

export function guardSocket(socket: LotseSocket, guard: SocketGuard): void {
  guards.set(socket, guard);
}

type Reply = (a: Ack<unknown>) => void;

/** Checks shared by every event, before the payload is looked at. Returns true when it has replied already. */
async function refused(socket: LotseSocket, event: ClientEventName, reply: Reply): Promise<boolean> {
  const spec = CLIENT_EVENT_SPECS[event];
  const guard = guards.get(socket);
  if (guard?.bucket && !guard.bucket.take()) {
    guard.onLimited?.('events');
    reply(fail('RATE_LIMITED', 'too many messages from this device: slow down'));
    return true;
  }
  const { device, staff } = socket.data;
  if (!spec.roles.includes(device.role)) {
    reply(fail('FORBIDDEN', `a ${device.role} device may not send ${event}`));
    return true;
  }
  if (CHECK_INS.has(event) && guard?.ticketBucket && !guard.ticketBucket.take()) {
    guard.onLimited?.('tickets');
    reply(fail('RATE_LIMITED', 'too many check-ins from this device: try again in a minute'));
    return true;
  }
  if (staff && !spec.staff) guard?.staffActive?.();
  if (spec.staff && !staff) {
    reply(fail('UNAUTHENTICATED', `${event} needs a signed-in clerk`));
    return true;
  }
  if (spec.staff && guard?.staffValid) {
    // This runs outside any handler's try: a database error here must become an answer, not a crash.
    const valid = await guard.staffValid().catch(() => undefined);
    if (valid === undefined) {
      reply(fail('INTERNAL', 'the server could not check the staff session'));
      return true;
    }
    if (!valid) {
      reply(fail('UNAUTHENTICATED', 'the staff session has expired: please sign in again'));
      guard.onStaffExpired?.();
      return true;
    }
  }
  return false;
}

/**
 * Answers events nobody registered a handler for: an event of the contract gets the same role and payload
 * checks and then UNAVAILABLE, an unknown event BAD_REQUEST. No client ever waits for an acknowledgement in vain.
 */
export function answerUnhandled(socket: LotseSocket): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof event !== 'string' || typeof ack !== 'function') return;
    if (socket.listeners(event as ClientEventName).length > 0) return;
    const reply = ack as Reply;
    if (!Object.hasOwn(CLIENT_EVENT_SPECS, event)) {
      const guard = guards.get(socket);
      if (guard?.bucket && !guard.bucket.take()) {
        guard.onLimited?.('events');
        return reply(fail('RATE_LIMITED', 'too many messages from this device: slow down'));
      }
      return reply(fail('BAD_REQUEST', `unknown event "${event.slice(0, 40)}"`));
    }
    const name = event as ClientEventName;
    void (async () => {
      if (await refused(socket, name, reply)) return;
      if (args.length !== 2) return reply(fail('BAD_REQUEST', `${name} takes exactly one payload and an acknowledgement`));
      const check = checkerFor(name);
      if (!check.Check(args[0])) return reply(fail('BAD_REQUEST', `invalid ${name} payload`));
      reply(fail('UNAVAILABLE', `${name} is not available on this server yet`));
    })();
  });
}

/**
 * Registers one event: checks the socket's rate limit, the device role and staff sign-in (re-checking that the
 * session is still valid), validates the payload against the shared schema, and always answers with an
 * acknowledgement, whatever the handler throws.
 */
export function handle<E extends ClientEventName>(socket: LotseSocket, event: E, handler: Handler<E>, opts: HandleOptions): void {
  const check = checkerFor(event);
  const listener = async (...args: unknown[]) => {
    // socket.io passes the acknowledgement last: a client that sends no payload (or several) still gets an answer.
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return; // Nothing can be answered; the contract requires an ack.
    const reply = ack as (a: Ack<ResultOf<E>>) => void;
    if (await refused(socket, event, reply as Reply)) return;
    if (args.length !== 2) return reply(fail('BAD_REQUEST', `${event} takes exactly one payload and an acknowledgement`));
    const payload = args[0];
    if (!check.Check(payload)) {
      const first = check.Errors(payload).First();
      return reply(fail('BAD_REQUEST', `invalid ${event} payload${first ? `: ${first.path || '/'} ${first.message}` : ''}`));
    }
    try {
      reply(ok(await handler(payload as PayloadOf<E>, socket.data, socket)));
    } catch (err) {
      if (err instanceof DomainError) return reply(fail(err.code, err.message));
      opts.onUnexpected(event, err);
      reply(fail('INTERNAL', 'the server could not complete this request'));
    }
  };
  // socket.io's typed `on` cannot express the unknown payload that arrives before validation.
  (socket as unknown as { on(e: string, l: typeof listener): void }).on(event, listener);
}
