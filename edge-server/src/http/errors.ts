import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, fail, type ErrorCode } from '@lotse/shared';

export const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUEUE_EMPTY: 409,
  STALE_CLIENT: 426,
  RATE_LIMITED: 429,
  TOO_MANY_CONNECTIONS: 429,
  PAYLOAD_TOO_LARGE: 413,
  PAIRING_CODE_INVALID: 400,
  INVALID_CREDENTIALS: 401,
  UNAVAILABLE: 503,
  NO_ENGINE: 409,
  SPEECH_BUSY: 503,
  CONSENT_REQUIRED: 409,
  CONSENT_TEXT_OUTDATED: 409,
  PASSWORD_CHANGE_REQUIRED: 403,
  LOCKED: 423,
  WALK_IN_CLOSED: 409,
  INTERNAL: 500,
};

export interface ErrorHandlingOptions {
  /** A request limit refused this request (the device list shows a device's last limit). */
  onRateLimited?: (request: FastifyRequest) => void;
}

/** Every error leaves as `{ ok: false, error: { code, message } }`; no stack trace ever reaches a client. */
export function installErrorHandling(app: FastifyInstance, opts: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((err: FastifyError | DomainError | Error, request, reply) => {
    if (err instanceof DomainError) return reply.status(STATUS[err.code]).send(fail(err.code, err.message));
    const fe = err as FastifyError;
    if (fe.validation) return reply.status(400).send(fail('BAD_REQUEST', `invalid request: ${fe.message}`));
    if (fe.statusCode === 429) {
      opts.onRateLimited?.(request);
      return reply.status(429).send(fail('RATE_LIMITED', 'too many requests: try again shortly'));
    }
    if (fe.statusCode === 403) return reply.status(403).send(fail('FORBIDDEN', fe.message));
    if (fe.statusCode === 413) return reply.status(413).send(fail('PAYLOAD_TOO_LARGE', `the request body is too large (${fe.message})`));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(fail('BAD_REQUEST', fe.message));
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send(fail('INTERNAL', 'the server could not complete this request'));
  });
}

export { STATUS as HTTP_STATUS_BY_CODE };
