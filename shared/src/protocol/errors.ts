/** The closed set of error codes an acknowledgement or HTTP error can carry. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'QUEUE_EMPTY',
  'STALE_CLIENT',
  'RATE_LIMITED',
  /** A device holds as many sockets as it may (one tablet needs a few, not hundreds). */
  'TOO_MANY_CONNECTIONS',
  /** The request body is larger than the server accepts (HTTP 413). */
  'PAYLOAD_TOO_LARGE',
  'PAIRING_CODE_INVALID',
  'INVALID_CREDENTIALS',
  'UNAVAILABLE',
  'NO_ENGINE',
  /** Speech recognition serves as many live streams as it can: type or use the phrasebook until one frees. */
  'SPEECH_BUSY',
  'CONSENT_REQUIRED',
  /** Consent was given to another text than the one the server shows now: show the current text and ask again. */
  'CONSENT_TEXT_OUTDATED',
  'PASSWORD_CHANGE_REQUIRED',
  'LOCKED',
  /** No walk-in ticket for this service now (daily capacity reached, closing soon, closed): ask `office:slots` why and what is free. */
  'WALK_IN_CLOSED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type AckCallback<T> = (ack: Ack<T>) => void;

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}

/** An error a handler throws on purpose; its code and message go to the client unchanged. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
