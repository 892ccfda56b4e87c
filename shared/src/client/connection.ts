import { io, type Socket } from 'socket.io-client';
import type { ClientEventName as EventName, ClientToServerEvents, PayloadOf, ResultOf, ServerToClientEvents } from '../protocol/events.ts';
import type { Ack, ErrorCode } from '../protocol/errors.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import { ApiClientError } from './api.ts';

export type LotseSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  deviceToken: string;
  staffToken?: string;
  url?: string;
  /** The server refused the handshake for good (unpaired, revoked, stale bundle): the app must act. */
  onRefused?: (code: ErrorCode, message: string) => void;
}

/** A typed Socket.IO connection that reconnects by itself; `request` turns an acknowledged event into a promise. */
export function connect(opts: ConnectOptions): { socket: LotseSocket; request: <E extends EventName>(event: E, payload: PayloadOf<E>, timeoutMs?: number) => Promise<ResultOf<E>> } {
  const socket: LotseSocket = io(opts.url ?? '/', {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { protocolVersion: PROTOCOL_VERSION, deviceToken: opts.deviceToken, staffToken: opts.staffToken },
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  socket.on('connect_error', (err: Error & { data?: { code?: ErrorCode } }) => {
    const code = err.data?.code;
    // Refusals are final; transport errors (server down) are retried by socket.io itself.
    if (code === 'UNAUTHENTICATED' || code === 'STALE_CLIENT' || code === 'BAD_REQUEST') opts.onRefused?.(code, err.message);
  });

  function request<E extends EventName>(event: E, payload: PayloadOf<E>, timeoutMs = 8000): Promise<ResultOf<E>> {
    return new Promise((resolve, reject) => {
      // socket.io's generic emit signature cannot follow our per-event mapping; the event map keeps it typed here.
      const timed = socket.timeout(timeoutMs) as unknown as { emit(e: E, p: PayloadOf<E>, cb: (err: Error | null, ack: Ack<ResultOf<E>>) => void): void };
      timed.emit(event, payload, (err, ack) => {
        if (err) return reject(new ApiClientError('TIMEOUT', 'the edge server did not answer in time'));
        if (ack.ok) resolve(ack.data);
        else reject(new ApiClientError(ack.error.code, ack.error.message));
      });
    });
  }
  return { socket, request };
}

export type LotseConnection = ReturnType<typeof connect>;
