import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import {
  CLIENT_EVENT_SPECS,
  DomainError,
  fail,
  ok,
  type Ack,
  type ClientEventName,
  type ClientToServerEvents,
} from '@lotse/shared';
import type { LotseSocket, SocketData } from './context.ts';

type PayloadOf<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
type ResultOf<E extends ClientEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer R> ? R : never;

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

/**
 * Registers one event: checks the device role and staff sign-in, validates the payload against the shared
 * schema, and always answers with an acknowledgement, whatever the handler throws.
 */
export function handle<E extends ClientEventName>(socket: LotseSocket, event: E, handler: Handler<E>, opts: HandleOptions): void {
  const spec = CLIENT_EVENT_SPECS[event];
  const check = checkerFor(event);
  const listener = async (...args: unknown[]) => {
    // socket.io passes the acknowledgement last: a client that sends no payload (or several) still gets an answer.
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return; // Nothing can be answered; the contract requires an ack.
    const reply = ack as (a: Ack<ResultOf<E>>) => void;
    const { device, staff } = socket.data;
    if (!spec.roles.includes(device.role)) return reply(fail('FORBIDDEN', `a ${device.role} device may not send ${event}`));
    if (spec.staff && !staff) return reply(fail('UNAUTHENTICATED', `${event} needs a signed-in clerk`));
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
