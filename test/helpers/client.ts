/**
 * Socket.io client helpers for tests against a real server: connect, expect a refusal, emit with acknowledgement
 * (typed by the shared contract), wait for or collect server events. Every wait has a limit from `timeouts.ts`.
 */
import net from 'node:net';
import { ulid } from 'ulid';
import type { Socket } from 'socket.io-client';
import type { Ack, ClientEventName, ClientToServerEvents, PayloadOf, ResultOf, ServerToClientEvents } from '@lotse/shared';
import { WAIT } from './timeouts.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connected(socket: ClientSocket, timeoutMs = WAIT.event): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket did not connect within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The handshake refusal of a socket that must not connect: `{ message, code }` from `err.data.code`. */
export function refused(socket: ClientSocket, timeoutMs = WAIT.event): Promise<{ message: string; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket was neither refused nor connected within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('socket connected but should have been refused'));
    });
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      clearTimeout(timer);
      resolve({ message: err.message, code: err.data?.code });
    });
  });
}

type AnyEmitter = { emit(event: string, ...args: unknown[]): unknown; timeout(ms: number): AnyEmitter };

/**
 * Emits an event and resolves with its acknowledgement. The payload is `unknown` on purpose so bad-input tests
 * can send anything; typed callers use `call`.
 */
export function emitRaw(socket: ClientSocket, event: string, payload: unknown, timeoutMs = WAIT.event): Promise<Ack<unknown>> {
  const s = socket as unknown as AnyEmitter;
  return new Promise((resolve, reject) => {
    s.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: Ack<unknown>) => (err ? reject(err) : resolve(ack)));
  });
}

/** Typed emit with acknowledgement. */
export function call<E extends ClientEventName>(socket: ClientSocket, event: E, payload: PayloadOf<E>): Promise<Ack<ResultOf<E>>> {
  return emitRaw(socket, event, payload) as Promise<Ack<ResultOf<E>>>;
}

/** Typed emit that must succeed; returns `data`. */
export async function callOk<E extends ClientEventName>(socket: ClientSocket, event: E, payload: PayloadOf<E>): Promise<ResultOf<E>> {
  const ack = await call(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

type Listening = { on(e: string, l: (...a: unknown[]) => void): void; off(e: string, l: (...a: unknown[]) => void): void };

/** Resolves with the next server event of that name (optionally the first matching `filter`). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  filter: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = WAIT.event,
): Promise<Parameters<ServerToClientEvents[E]>> {
  const s = socket as unknown as Listening;
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      const typed = args as Parameters<ServerToClientEvents[E]>;
      if (!filter(...typed)) return;
      clearTimeout(timer);
      s.off(event, listener);
      resolve(typed);
    };
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    s.on(event, listener);
  });
}

/** Collects every event of a name until `stop()` is called. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const items: Parameters<ServerToClientEvents[E]>[] = [];
  const s = socket as unknown as Listening;
  const listener = (...args: unknown[]) => void items.push(args as Parameters<ServerToClientEvents[E]>);
  s.on(event, listener);
  return { items, stop: () => s.off(event, listener) };
}

/** A port the OS reports free right now (for tests that must come back on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const newId = (): string => ulid();
