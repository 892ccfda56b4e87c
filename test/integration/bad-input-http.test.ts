import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '@lotse/shared';
import { TestServer, newId } from '../helpers/server.ts';

type Method = 'GET' | 'POST';
type Who = 'kiosk' | 'display' | 'counter' | 'clerk' | 'admin';
const EVERYONE: Who[] = ['kiosk', 'display', 'counter', 'clerk', 'admin'];

interface Route {
  method: Method;
  /** As the OpenAPI document writes it. */
  path: string;
  /** A concrete URL whose request is valid but changes nothing if it ever got through. */
  url: string;
  /** Who may call it; `public` routes need no token. */
  allowed: Who[] | 'public';
  body?: Record<string, unknown>;
  /** Malformed path parameters for routes with one. */
  badUrls?: string[];
}

const COUNTER_BAD = ['/api/v1/counters/PLATZ-1', '/api/v1/counters/-x', `/api/v1/counters/${'a'.repeat(41)}`, '/api/v1/counters/%00'];
const counterAction = (action: string): Route => ({
  method: 'POST', path: `/api/v1/counters/{id}/${action}`, url: `/api/v1/counters/platz-3/${action}`, allowed: ['clerk', 'admin'],
  badUrls: COUNTER_BAD.map((u) => `${u}/${action}`),
});

/** Routes under /api/v1 with their access rules; documented routes missing here still get the generic checks. */
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/v1/info', url: '/api/v1/info', allowed: 'public' },
  { method: 'POST', path: '/api/v1/devices/pairing-codes', url: '/api/v1/devices/pairing-codes', allowed: ['admin'], body: { role: 'kiosk', name: 'x' } },
  { method: 'POST', path: '/api/v1/devices/pair', url: '/api/v1/devices/pair', allowed: 'public', body: { code: 'ABCD-2345' } },
  { method: 'POST', path: '/api/v1/devices/dev-pair', url: '/api/v1/devices/dev-pair', allowed: 'public', body: { role: 'kiosk' } },
  { method: 'GET', path: '/api/v1/devices/me', url: '/api/v1/devices/me', allowed: ['kiosk', 'display', 'counter'] },
  { method: 'GET', path: '/api/v1/devices', url: '/api/v1/devices', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/devices/{id}/revoke', url: `/api/v1/devices/${newId()}/revoke`, allowed: ['admin'], badUrls: [`/api/v1/devices/${'x'.repeat(41)}/revoke`] },
  { method: 'POST', path: '/api/v1/auth/login', url: '/api/v1/auth/login', allowed: 'public', body: { username: 'sachbearbeitung', password: 'wrong-password' } },
  { method: 'POST', path: '/api/v1/auth/logout', url: '/api/v1/auth/logout', allowed: ['clerk', 'admin'] },
  { method: 'GET', path: '/api/v1/auth/me', url: '/api/v1/auth/me', allowed: ['clerk', 'admin'] },
  { method: 'GET', path: '/api/v1/services', url: '/api/v1/services', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/counters', url: '/api/v1/counters', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/tickets', url: '/api/v1/tickets', allowed: ['kiosk', 'clerk', 'admin'], body: { id: newId(), serviceId: 'reisepass', language: 'de' } },
  { method: 'GET', path: '/api/v1/tickets/{id}', url: `/api/v1/tickets/${newId()}`, allowed: 'public', badUrls: ['/api/v1/tickets/123', `/api/v1/tickets/${newId().toLowerCase()}`, `/api/v1/tickets/${'Z'.repeat(90)}`] },
  { method: 'GET', path: '/api/v1/queue', url: '/api/v1/queue', allowed: ['clerk', 'admin'] },
  { method: 'GET', path: '/api/v1/calls', url: '/api/v1/calls', allowed: ['display', 'counter', 'clerk', 'admin'] },
  { method: 'GET', path: '/api/v1/counters/{id}', url: '/api/v1/counters/platz-3', allowed: ['clerk', 'admin'], badUrls: COUNTER_BAD },
  { ...counterAction('open'), body: { serviceIds: ['reisepass'] } },
  counterAction('close'),
  counterAction('call-next'),
  counterAction('recall'),
  counterAction('no-show'),
  counterAction('finish'),
];

const HUGE = 'ü'.repeat(20_000);

/** Bodies that must fail validation: whole-body garbage plus each field omitted or mistyped. */
function badBodies(valid: Record<string, unknown>): [string, unknown][] {
  const cases: [string, unknown][] = [['null', null], ['an array', [valid]], ['a number', 42], ['a string', 'body'], ['true', true], ['an extra field', { ...valid, extra: 1 }]];
  for (const key of Object.keys(valid)) {
    const { [key]: _omitted, ...rest } = valid;
    cases.push([`without ${key}`, rest]);
    for (const value of [null, 7, { a: 1 }, HUGE, '', [1, 2], true]) cases.push([`${key} = ${JSON.stringify(value).slice(0, 12)}`, { ...valid, [key]: value }]);
  }
  return cases;
}

describe('bad input on every /api/v1 route', () => {
  let server: TestServer;
  let before: Record<string, number>;
  const tokens = {} as Record<Who, string>;

  beforeAll(async () => {
    server = await TestServer.start();
    Object.assign(tokens, { kiosk: server.devices.kiosk.token, display: server.devices.display.token, counter: server.devices.counter.token, clerk: server.clerkToken, admin: server.adminToken });
    await server.http('POST', '/api/v1/tickets', { token: tokens.kiosk, body: { id: newId(), serviceId: 'anmeldung', language: 'de' } });
    await server.http('POST', '/api/v1/tickets', { token: tokens.kiosk, body: { id: newId(), serviceId: 'anmeldung', language: 'de' } });
    await server.http('POST', '/api/v1/counters/platz-1/open', { token: tokens.clerk, body: { serviceIds: ['anmeldung'] } });
    await server.http('POST', '/api/v1/counters/platz-1/call-next', { token: tokens.clerk });
    before = await server.counts();
  });
  afterAll(() => server?.close());

  type Opts = { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };
  async function expectError(method: Method | 'DELETE', url: string, opts: Opts, status: number | number[], code: ErrorCode) {
    const res = await server.http<{ ok: boolean; error: { code: string; message: string } }>(method, url, method === 'GET' ? { ...opts, body: undefined } : opts);
    const what = `${method} ${url.slice(0, 60)} ${JSON.stringify(opts.body ?? opts.rawBody ?? opts.headers ?? '')?.slice(0, 60)}`;
    expect(Array.isArray(status) ? status : [status], what).toContain(res.status);
    expect(res.body.ok, what).toBe(false);
    expect(ERROR_CODES, what).toContain(res.body.error.code);
    expect(res.body.error.code, `${what}: ${res.body.error.message}`).toBe(code);
    expect(res.body.error.message).not.toMatch(/\n\s+at /);
  }

  async function documentedRoutes(): Promise<string[]> {
    const doc = await server.http<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    return Object.entries(doc.body.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).filter((r) => r.includes(' /api/v1/'));
  }

  it('every route of the table is in the OpenAPI document', async () => {
    const documented = await documentedRoutes();
    for (const r of ROUTES) expect(documented, `${r.method} ${r.path}`).toContain(`${r.method} ${r.path}`);
  });

  it('routes not (yet) in the table still get generic bad input: no credentials, garbage JSON, oversize', async () => {
    const known = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    const others = (await documentedRoutes()).filter((r) => !known.has(r));
    if (others.length) console.info(`bad-input table: ${others.length} route(s) covered only generically:\n  ${others.join('\n  ')}`);
    for (const route of others) {
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace(/\{[^}]+\}/g, newId());
      const attempts: { token?: string; rawBody?: string; body?: unknown }[] = [{ token: 'no-such-token' }, { token: tokens.kiosk, rawBody: '{"x": ' }, { token: tokens.display, body: { blob: 'x'.repeat(300 * 1024) } }];
      for (const opts of attempts) {
        const res = await server.http<{ ok?: boolean; error?: { code: string } }>(method as Method, url, method === 'GET' ? { token: opts.token } : opts);
        if (method === 'GET' && res.status === 200) continue; // a public read: nothing to refuse
        expect(res.status, `${route} ${JSON.stringify(opts).slice(0, 60)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, route).toBeLessThan(500);
        expect(ERROR_CODES, route).toContain(res.body.error?.code);
      }
    }
  });

  describe.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
    const { method, url, allowed, body } = route;

    it('refuses missing, unknown and wrong-role credentials', async () => {
      if (allowed === 'public') {
        // Public routes still refuse a malformed token? They ignore it; check they do not crash on one.
        const res = await server.http(method, url, { token: 'garbage-token', body });
        expect(res.status).toBeLessThan(500);
        return;
      }
      await expectError(method, url, { body }, 401, 'UNAUTHENTICATED');
      await expectError(method, url, { token: 'no-such-token', body }, 401, 'UNAUTHENTICATED');
      for (const authorization of ['Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(8000)}`, `Bearer  ${tokens.admin} extra`]) {
        await expectError(method, url, { body, headers: { authorization } }, 401, 'UNAUTHENTICATED');
      }
      for (const who of EVERYONE.filter((w) => !allowed.includes(w))) await expectError(method, url, { token: tokens[who], body }, 403, 'FORBIDDEN');
    });

    it('answers malformed bodies and invalid JSON with BAD_REQUEST, oversize bodies with PAYLOAD_TOO_LARGE', async () => {
      const token = allowed === 'public' ? undefined : tokens[allowed[0]];
      if (method === 'GET') {
        // No body to send: garbage in the query string and headers must not confuse the route.
        const res = await server.http(method, `${url}?${'x'.repeat(2000)}=%ZZ&a[b]=1`, { token });
        expect(res.status, url).toBe(url.includes('/tickets/') ? 404 : 200);
        return;
      }
      if (body) for (const [, bad] of badBodies(body)) await expectError(method, url, { token, body: bad }, 400, 'BAD_REQUEST');
      await expectError(method, url, { token, rawBody: '{"id": ' }, 400, 'BAD_REQUEST');
      await expectError(method, url, { token, rawBody: '\u0000\u0001' }, 400, 'BAD_REQUEST');
      await expectError(method, url, { token, body: { blob: 'x'.repeat(300 * 1024) } }, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('answers malformed path parameters with BAD_REQUEST', async () => {
      const token = allowed === 'public' ? undefined : tokens[allowed[0]];
      for (const bad of route.badUrls ?? []) await expectError(method, bad, { token, body }, 400, 'BAD_REQUEST');
    });
  });

  it('refuses a path parameter longer than the router allows with 414, and keeps running', async () => {
    // Known gap: this answer comes from Fastify's router (FST_ERR_MAX_PARAM_LENGTH), not our error envelope,
    // until app.ts sets `frameworkErrors`. The status is right; the body is checked only for not leaking a stack.
    const res = await server.http<Record<string, unknown>>('GET', `/api/v1/tickets/${'Z'.repeat(300)}`);
    expect(res.status).toBe(414);
    expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
    expect((await server.http('GET', '/api/v1/info')).status).toBe(200);
  });

  it('gives clear codes for well-formed requests that cannot be served', async () => {
    await expectError('POST', '/api/v1/devices/pair', { body: { code: 'ABCD-2345' } }, 400, 'PAIRING_CODE_INVALID');
    await expectError('POST', '/api/v1/devices/dev-pair', { body: { role: 'kiosk' } }, 403, 'FORBIDDEN');
    await expectError('POST', '/api/v1/auth/login', { body: { username: 'sachbearbeitung', password: 'wrong-password' } }, 401, 'INVALID_CREDENTIALS');
    await expectError('POST', '/api/v1/auth/login', { body: { username: 'niemand', password: 'wrong-password' } }, 401, 'INVALID_CREDENTIALS');
    await expectError('POST', `/api/v1/devices/${newId()}/revoke`, { token: tokens.admin }, 404, 'NOT_FOUND');
    await expectError('GET', `/api/v1/tickets/${newId()}`, {}, 404, 'NOT_FOUND');
    await expectError('POST', '/api/v1/counters/platz-3/call-next', { token: tokens.clerk }, 409, 'QUEUE_EMPTY');
    await expectError('POST', '/api/v1/counters/platz-3/recall', { token: tokens.clerk }, 409, 'CONFLICT');
    await expectError('GET', '/api/v1/nothing-here', {}, 404, 'NOT_FOUND');
    await expectError('DELETE', '/api/v1/tickets', { token: tokens.kiosk }, 404, 'NOT_FOUND');
  });

  it('after all that, the server still answers and no row changed', async () => {
    expect((await server.http('GET', '/api/v1/info')).status).toBe(200);
    const queue = await server.http<{ waiting: { number: string }[] }>('GET', '/api/v1/queue', { token: tokens.clerk });
    expect(queue.body.waiting.map((t) => t.number)).toEqual(['C-002']);
    expect(await server.counts()).toEqual(before);
    expect((await server.http('GET', '/api/v1/auth/me', { token: tokens.clerk })).status).toBe(200);
  });
});
