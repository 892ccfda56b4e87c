import type { ApiScopeT } from '@lotse/shared';

/**
 * Which routes an API key may call, by scope. A route not listed here is closed to every key (administration,
 * staff sign-in, clerk actions, device pairing): a key is for a machine reading the queue or feeding appointments,
 * never for acting as a person. Metrics and records are read-only prefixes, so their routes join as they are added.
 */
export const SCOPE_ROUTES: Record<ApiScopeT, readonly string[]> = {
  'queue:read': ['GET /api/v1/services', 'GET /api/v1/counters', 'GET /api/v1/counters/:id', 'GET /api/v1/queue', 'GET /api/v1/calls', 'GET /api/v1/tickets/:id'],
  'tickets:write': ['POST /api/v1/tickets'],
  'appointments:read': ['GET /api/v1/appointments', 'GET /api/v1/appointments/source'],
  'appointments:write': ['POST /api/v1/appointments', 'POST /api/v1/appointments/check-in', 'POST /api/v1/appointments/preview', 'POST /api/v1/appointments/import-file'],
  'metrics:read': [],
  'records:read': [],
};
const PREFIX_SCOPES: readonly { method: string; prefix: string; scope: ApiScopeT }[] = [
  { method: 'GET', prefix: '/api/v1/metrics', scope: 'metrics:read' },
  { method: 'GET', prefix: '/api/v1/records', scope: 'records:read' },
];

const BY_ROUTE = new Map<string, ApiScopeT>(
  Object.entries(SCOPE_ROUTES).flatMap(([scope, routes]) => routes.map((r) => [r, scope as ApiScopeT] as const)),
);

export function scopeFor(method: string, url: string): ApiScopeT | undefined {
  const m = method.toUpperCase();
  const exact = BY_ROUTE.get(`${m} ${url}`);
  if (exact) return exact;
  return PREFIX_SCOPES.find((p) => p.method === m && (url === p.prefix || url.startsWith(`${p.prefix}/`)))?.scope;
}
