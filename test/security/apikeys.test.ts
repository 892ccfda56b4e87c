import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, type ApiKeyCreatedT, type ApiKeyViewT, type ApiScopeT } from '@lotse/shared';
import { SCOPE_ROUTES, scopeFor } from '../../edge-server/src/integrations/scopes.ts';
import { frozenClock, TestServer, type Clock } from '../helpers/server.ts';
import { pollUntil, WAIT } from '../helpers/timeouts.ts';

const REFUSALS = ['UNAUTHENTICATED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED'];
const concrete = (url: string) => url.replace(/:(\w+)/g, 'zz-nowhere-0');
type Body = { error?: { code: string } } | null;
const codeOf = (body: unknown) => (body && typeof body === 'object' ? (body as Body)?.error?.code : undefined);

describe('API keys: scopes × routes, revocation, expiry, address range, rate, audit', () => {
  let server: TestServer;
  let clock: Clock;
  const keys = {} as Record<ApiScopeT, string>;
  const make = async (body: Record<string, unknown>) => {
    const res = await server.http<ApiKeyCreatedT>('POST', '/api/v1/integrations/api-keys', { token: server.adminToken, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  beforeAll(async () => {
    clock = frozenClock(Date.parse('2026-03-10T09:00:00Z'));
    server = await TestServer.start({ clock, pairDevices: false, app: { integrations: { apiKeyPerMinute: 1000, deliveryIntervalMs: 0 } } });
    for (const scope of API_SCOPES) keys[scope] = (await make({ name: `matrix-${scope.replace(':', '-')}`, scopes: [scope] })).token;
  });
  afterAll(() => server?.close());

  it('every /api/v1 route × every scope: a key passes exactly where its scope grants the route, else 403', async () => {
    const routes = server.lotse.trust.routes.filter((r) => r.url.startsWith('/api/v1/') && !r.url.includes('dev-pair'));
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const route of routes) {
      for (const scope of API_SCOPES) {
        const res = await server.http(route.method, concrete(route.url), { token: keys[scope] });
        const code = codeOf(res.body);
        const refused = code !== undefined && REFUSALS.includes(code);
        const want = route.access !== 'public' && scopeFor(route.method, route.url) === scope;
        if (route.access === 'public') continue; // open to anyone; the key is not even looked at
        if (want === refused) failures.push(`${route.method} ${route.url} with ${scope}: ${res.status} ${code ?? ''}`);
        if (!want && (res.status !== 403 || code !== 'FORBIDDEN')) failures.push(`${route.method} ${route.url} with ${scope}: want 403 FORBIDDEN, got ${res.status} ${code}`);
      }
    }
    expect(failures).toEqual([]);
    // Every route a scope names exists (a renamed route would silently close the scope).
    const declared = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.values(SCOPE_ROUTES).flat().filter((r) => !declared.has(r))).toEqual([]);
  });

  it('a key reads the queue; the key is shown once and stored only as its hash; the list shows last use', async () => {
    const created = await make({ name: 'tevis-sync', scopes: ['queue:read'] });
    expect(created.token).toMatch(/^lotse_[A-Za-z0-9_-]{43}$/);
    const read = await server.http('GET', '/api/v1/queue', { token: created.token });
    expect(read.status).toBe(200);
    const list = await server.http<{ keys: ApiKeyViewT[] }>('GET', '/api/v1/integrations/api-keys', { token: server.adminToken });
    const mine = list.body.keys.find((k) => k.name === 'tevis-sync');
    expect(mine).toMatchObject({ scopes: ['queue:read'], lastUsedAt: clock.now().toISOString(), lastUsedIp: '127.0.0.1', revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.token);
    const row = await server.db.selectFrom('api_keys').selectAll().where('name', '=', 'tevis-sync').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.token.slice(10));
  });

  it('revocation cuts the very next call', async () => {
    const created = await make({ name: 'to-revoke', scopes: ['queue:read'] });
    expect((await server.http('GET', '/api/v1/queue', { token: created.token })).status).toBe(200);
    const revoked = await server.http<ApiKeyViewT>('POST', `/api/v1/integrations/api-keys/${created.key.id}/revoke`, { token: server.adminToken });
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await server.http('GET', '/api/v1/queue', { token: created.token });
    expect([after.status, codeOf(after.body)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('an expired key and a key from outside its address range are refused', async () => {
    const soon = await make({ name: 'short-lived', scopes: ['queue:read'], expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() });
    expect((await server.http('GET', '/api/v1/queue', { token: soon.token })).status).toBe(200);
    clock.advance(61_000);
    expect((await server.http('GET', '/api/v1/queue', { token: soon.token })).status).toBe(401);
    const lan = await make({ name: 'lan-only', scopes: ['queue:read'], allowedCidrs: ['10.20.0.0/16'] });
    expect((await server.http('GET', '/api/v1/queue', { token: lan.token })).status).toBe(401);
    const local = await make({ name: 'loopback-ok', scopes: ['queue:read'], allowedCidrs: ['10.20.0.0/16', '127.0.0.0/8', '::1'] });
    expect((await server.http('GET', '/api/v1/queue', { token: local.token })).status).toBe(200);
    const bad = await server.http('POST', '/api/v1/integrations/api-keys', { token: server.adminToken, body: { name: 'bad-range', scopes: ['queue:read'], allowedCidrs: ['10.0.0.0/33'] } });
    expect(bad.status).toBe(400);
  });

  it('a key may not administer: keys, webhooks, staff and settings stay closed to every scope', async () => {
    const all = await make({ name: 'all-scopes', scopes: [...API_SCOPES] });
    for (const [method, url] of [['GET', '/api/v1/integrations/api-keys'], ['POST', '/api/v1/integrations/api-keys'], ['GET', '/api/v1/staff'], ['POST', '/api/v1/settings'], ['GET', '/api/v1/audit']]) {
      const res = await server.http(method, url, { token: all.token, body: method === 'POST' ? { name: 'x', scopes: ['queue:read'] } : undefined });
      expect([res.status, codeOf(res.body)], `${method} ${url}`).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('every call with a key is audited by the key name, refusals included', async () => {
    const created = await make({ name: 'audited-key', scopes: ['queue:read'] });
    await server.http('GET', '/api/v1/queue', { token: created.token });
    await server.http('GET', '/api/v1/staff', { token: created.token });
    const rows = await pollUntil('two audit entries of audited-key', async () =>
      (await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'apiKey.used').execute()).filter((r) => r.details.includes('"audited-key"')),
    (r) => r.length >= 2, WAIT.write);
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([
      { integration: 'audited-key', route: 'GET:queue', status: 200 },
      { integration: 'audited-key', route: 'GET:staff', status: 403 },
    ]);
  });
});

describe('API keys are rate limited on their own', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false, app: { integrations: { apiKeyPerMinute: 3, deliveryIntervalMs: 0 } } });
  });
  afterAll(() => server?.close());

  it('a key over its budget gets 429 while another key and the admin go on', async () => {
    const mk = async (name: string) => (await server.http<ApiKeyCreatedT>('POST', '/api/v1/integrations/api-keys', { token: server.adminToken, body: { name, scopes: ['queue:read'] } })).body.token;
    const [a, b] = [await mk('busy-key'), await mk('calm-key')];
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await server.http('GET', '/api/v1/queue', { token: a })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await server.http('GET', '/api/v1/queue', { token: b })).status).toBe(200);
    expect((await server.http('GET', '/api/v1/queue', { token: server.adminToken })).status).toBe(200);
  });
});
