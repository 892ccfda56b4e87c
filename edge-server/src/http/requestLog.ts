import { createHash } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';

/**
 * The request log without secrets (issue 10 §9): query strings hold pairing codes (`?pair=`) and read-aloud text
 * (`/api/v1/tts?text=`), and a ticket id in a path is a phone's only credential. Logged paths lose their query and
 * every id-like segment is replaced by a short hash, which still lets an operator match lines of one request
 * series without being able to use it. Messages get the same treatment (an error may quote a path or an id).
 */
const ID_LIKE = /^[A-Za-z0-9_-]{16,}$/;
const ROUTE_WORD = /^[a-z-]+$/;
const ID_IN_TEXT = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g;

export const hashId = (id: string) => `#${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
const scrubToken = (t: string) => (ROUTE_WORD.test(t) ? t : hashId(t));

/** `/api/v1/tickets/01JX…?x=1` → `/api/v1/tickets/#1a2b3c4d` (a cut query shows as `?…`). */
export function safePath(url: string): string {
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  const segments = pathname.split('/').map((s) => (ID_LIKE.test(s) ? scrubToken(s) : s));
  return segments.join('/') + (q === -1 ? '' : '?…');
}

export function safeText(text: string): string {
  return text.replace(/(\/[^\s?"']*)\?[^\s"']*/g, '$1?…').replace(ID_IN_TEXT, scrubToken);
}

type LoggerOption = FastifyServerOptions['logger'];
interface RequestLike { method: string; url: string; ip?: string; socket?: { remotePort?: number } }

const serializers = {
  req: (req: RequestLike) => ({ method: req.method, url: safePath(req.url), remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
};
const hooks = {
  logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
    method.apply(this, args.map((a) => (typeof a === 'string' ? safeText(a) : a)));
  },
};

/** Fastify's logger option with the safe request serializer and message scrubbing; `false` stays off. */
export function withSafeRequestLog(logger: LoggerOption): LoggerOption {
  if (!logger) return false;
  if (logger === true) return { serializers, hooks };
  return { ...logger, serializers: { ...(logger as { serializers?: object }).serializers, ...serializers }, hooks };
}
