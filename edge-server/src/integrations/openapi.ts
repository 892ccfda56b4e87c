import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { ErrorBody, PROTOCOL_VERSION, WEBHOOK_EVENTS } from '@lotse/shared';
import type { RouteAccess } from '../http/hardening.ts';
import { STATUS } from '../http/errors.ts';
import { scopeFor } from './scopes.ts';
import { OPERATION_EXAMPLES } from './openapiExamples.ts';

/** One reusable response per error status; each lists the error codes it carries (the codes live once, here). */
const ERROR_RESPONSES: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthenticated', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 413: 'PayloadTooLarge',
  423: 'Locked', 426: 'StaleClient', 429: 'RateLimited', 500: 'Internal', 503: 'Unavailable',
};

const AUTH_TEXT = `Lotse runs on the office's premises. Every call sends one of three credentials as \`Authorization: Bearer <token>\`:

- **Device token** (\`deviceToken\`): a paired kiosk, call display, counter or citizen screen. Made by pairing with a code from the admin page; revoked there.
- **Staff session** (\`staffSession\`): a clerk or admin signed in with \`POST /api/v1/auth/login\`; it ends after idle time and at sign-out. For people, not for machines.
- **API key** (\`apiKey\`, \`lotse_…\`): for the office's own systems (appointment system, Fachverfahren, E-Akte). Made by the admin under *Schnittstellen* with scopes (queue:read, tickets:write, appointments:read, appointments:write, metrics:read, records:read), an optional expiry and address range; shown once, revocable at once, rate limited per key, every call audited by the key's name.

Each operation says who may call it, in words and as \`x-lotse-roles\` (\`devices\`, \`staff\`, \`apiKeyScope\`). Errors are \`{ ok: false, error: { code, message } }\`; the codes per status are listed once under \`components.responses\`. Webhooks (signed in the Standard Webhooks style) are described in docs/integrations.md.`;

type Doc = Record<string, unknown> & { paths?: Record<string, Record<string, Operation>>; components?: Record<string, Record<string, unknown>> };
interface Media { content?: Record<string, { example?: unknown }> }
interface Operation { description?: string; responses?: Record<string, unknown>; requestBody?: Media; security?: unknown; 'x-lotse-roles'?: unknown }

/** `/api/v1/tickets/:id` → `/api/v1/tickets/{id}` as the document writes paths. */
export const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

function whoMayCall(access: RouteAccess['access'], scope: string | undefined): string {
  if (access === 'public') return 'Anyone (no credentials).';
  const parts = [];
  if (access.devices?.length) parts.push(`devices: ${access.devices.join(', ')}`);
  if (access.staff?.length) parts.push(`staff: ${access.staff.join(', ')}`);
  if (scope) parts.push(`API key with scope ${scope}`);
  return `${parts.join('; ')}.`;
}

/** Adds roles, scopes, security and shared error responses to the document @fastify/swagger generated. */
export function decorateDocument(doc: Doc, routes: readonly RouteAccess[]): Doc {
  const responses: Record<string, unknown> = {};
  for (const [status, name] of Object.entries(ERROR_RESPONSES)) {
    const codes = Object.entries(STATUS).filter(([, s]) => String(s) === status).map(([c]) => c);
    responses[name] = { description: `Error codes: ${codes.join(', ') || 'INTERNAL'}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: ErrorBody }, responses: { ...doc.components?.responses, ...responses } };
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const route = routes.find((r) => r.method.toLowerCase() === method && openapiPath(r.url) === path);
      if (!route) continue;
      const scope = route.access === 'public' ? undefined : scopeFor(route.method, route.url);
      const access = route.access;
      op['x-lotse-roles'] = access === 'public' ? { public: true } : { devices: access.devices ?? [], staff: access.staff ?? [], apiKeyScope: scope ?? null };
      op.description = `${op.description ? `${op.description}\n\n` : ''}**Who may call:** ${whoMayCall(access, scope)}`;
      op.security = access === 'public' ? [] : [
        ...(access.devices?.length ? [{ deviceToken: [] }] : []),
        ...(access.staff?.length ? [{ staffSession: [] }] : []),
        ...(scope ? [{ apiKey: [] }] : []),
      ];
      const res = { ...op.responses };
      if (access !== 'public') Object.assign(res, { 401: {}, 403: {} });
      if (scope) res[429] = {};
      for (const status of Object.keys(res)) {
        const name = ERROR_RESPONSES[Number(status)];
        if (Number(status) >= 400 && name) res[status] = { $ref: `#/components/responses/${name}` };
      }
      op.responses = res;
      const example = OPERATION_EXAMPLES.find((e) => e.route === `${route.method} ${route.url}`);
      const json = (m: unknown) => (m as Media | undefined)?.content?.['application/json'];
      if (example?.request && json(op.requestBody)) (json(op.requestBody) as { example?: unknown }).example = example.request.value;
      if (example?.response && json(res[example.response.status])) (json(res[example.response.status]) as { example?: unknown }).example = example.response.value;
    }
  }
  return doc;
}

const EVENT_DATA: Record<string, string> = {
  'ticket.created': 'ticketId, number, serviceId, kind, status, createdAt, calledAt, finishedAt, counterId',
  'ticket.called': 'callId, ticketId, number, counterId, counterName, calledAt, recall',
  'ticket.finished': 'as ticket.created, with counterId and finishedAt',
  'ticket.noShow': 'as ticket.created',
  'session.ended': 'sessionId, ticketId, counterId, endedAt, transcriptKept (never the text)',
  'record.exported': 'reserved: Lotse has no record export yet',
  'appointment.checkedIn': 'ticketId, number, serviceId, startsAt, late',
};

/** OpenAPI 3.1 `webhooks`: what Lotse POSTs to a subscription, signed in the Standard Webhooks style. */
function webhooksSection(): Record<string, unknown> {
  const header = (name: string, description: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } });
  return Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event, {
    post: {
      summary: `Lotse reports ${event}`,
      description: `data: ${EVENT_DATA[event]}. Language and booking code only for subscriptions allowed personal data. Answer 2xx; anything else is retried for 24 h.`,
      parameters: [
        header('webhook-id', 'The same on every retry: deduplicate by it'),
        header('webhook-timestamp', 'Unix seconds'),
        header('webhook-signature', 'v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>'),
      ],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['type', 'timestamp', 'data'], properties: { type: { const: event }, timestamp: { type: 'string', format: 'date-time' }, data: { type: 'object' } } } } },
      },
      responses: { 200: { description: 'Taken' }, 204: { description: 'Taken' } },
    },
  }]));
}

/** Options of @fastify/swagger: OpenAPI 3.1, the auth schemes, `servers` from the public address. */
export function openapiOptions(publicUrl: string | undefined, routes: readonly RouteAccess[]): FastifyDynamicSwaggerOptions {
  const bearer = (description: string) => ({ type: 'http' as const, scheme: 'bearer', description });
  return {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lotse edge server API', version: `1.0.0 (protocol ${PROTOCOL_VERSION})`, description: AUTH_TEXT },
      webhooks: webhooksSection() as never,
      servers: [{ url: publicUrl?.replace(/\/+$/, '') || '/', description: publicUrl ? 'The office server (LOTSE_PUBLIC_URL)' : 'This server (LOTSE_PUBLIC_URL is not set)' }],
      components: {
        securitySchemes: {
          deviceToken: bearer('Token of a paired device'),
          staffSession: bearer('Session token from POST /api/v1/auth/login'),
          apiKey: bearer('API key lotse_… made by the admin (Schnittstellen)'),
        },
      },
    },
    transformObject: (documentObject) => decorateDocument((documentObject as { openapiObject: Doc }).openapiObject, routes) as never,
  };
}
