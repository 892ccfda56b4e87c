import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { C2S, CLIENT_EVENT_SPECS, ERROR_CODES, type ClientEventName } from '@lotse/shared';
import { connected, emitRaw, frozenClock, TestServer } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

/**
 * Limits per minute, lower than the defaults: every request must fall into one window of real time, and 18 scrypt
 * sign-ins can take longer than a minute on a busy machine (the limit then resets and the test saw 401, not 429).
 */
const RATE_LIMITS = { signInPerMinute: 6, pairingPerMinute: 4, exemptLoopback: false };

describe('hardening: headers, rate limits, no stack traces', () => {
  let server: TestServer;
  /** The socket token buckets' clock (milliseconds), moved by the test. */
  let bucketMs = 0;
  beforeAll(async () => {
    const socketRate = { capacity: 5, perSecond: 2, exemptLoopback: false, clock: () => bucketMs };
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false, app: { trust: { rateLimits: RATE_LIMITS, socketRate } } });
  });
  afterAll(() => server?.close());

  it('sends a strict CSP and the security headers', async () => {
    const res = await server.http('GET', '/api/v1/info');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const part of ["default-src 'self'", "script-src 'self'", "worker-src 'self'", "img-src 'self' data: blob:", "media-src 'self' blob:", "object-src 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(part);
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('permissions-policy')).toContain('microphone=(self)');
  });

  it('limits sign-in and pairing per client address with RATE_LIMITED', async () => {
    // The two first sign-ins of the set-up count too.
    const codes: number[] = [];
    for (let i = 2; i < RATE_LIMITS.signInPerMinute; i++) codes.push((await server.login('niemand', 'falsches-passwort')).status);
    expect(codes).toEqual(Array(RATE_LIMITS.signInPerMinute - 2).fill(401));
    const limited = await server.login('niemand', 'falsches-passwort');
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('RATE_LIMITED');
    for (let i = 0; i < RATE_LIMITS.pairingPerMinute; i++) await server.http('POST', '/api/v1/devices/pair', { body: { code: 'ABCD-2345' } });
    expect((await server.http('POST', '/api/v1/devices/pair', { body: { code: 'ABCD-2345' } })).status).toBe(429);
  });

  it('limits socket events with a per-socket token bucket', async () => {
    const socket = server.socket({ token: (await server.lotse.devices.pairWithoutCode('display', 'Anzeige')).token });
    await connected(socket);
    const acks = await Promise.all(Array.from({ length: 8 }, () => emitRaw(socket, C2S.displayGet, {})));
    expect(acks.filter((a) => a.ok)).toHaveLength(5);
    expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toHaveLength(3);
    // 2 events a second refill it: 0.8 of an event after 400 ms is not enough, 1.2 after 600 ms is.
    bucketMs += 400;
    expect(await emitRaw(socket, C2S.displayGet, {})).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    bucketMs += 200;
    expect((await emitRaw(socket, C2S.displayGet, {})).ok).toBe(true);
    expect(await emitRaw(socket, C2S.displayGet, {})).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });
});

describe('fuzz: random payloads on every socket event and route', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false });
  });
  afterAll(() => server?.close());

  const json = fc.jsonValue({ maxDepth: 3 });
  const payload = fc.oneof(json, fc.string({ maxLength: 300 }), fc.constant(undefined), fc.dictionary(fc.constantFrom('id', 'counterId', 'serviceId', 'language', 'code', 'sessionId', '__proto__', 'constructor'), json));

  it('no socket event crashes the server or answers without a known error code', async () => {
    const counter = server.socket({ token: (await server.lotse.devices.pairWithoutCode('counter', 'c')).token, staffToken: server.clerkToken });
    const kiosk = server.socket({ token: (await server.lotse.devices.pairWithoutCode('kiosk', 'k')).token });
    await Promise.all([connected(counter), connected(kiosk)]);
    const events = Object.keys(CLIENT_EVENT_SPECS) as ClientEventName[];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events), payload, fc.boolean(), async (event, body, useKiosk) => {
        const ack = await emitRaw(useKiosk ? kiosk : counter, event, body, WAIT.event);
        if (!ack.ok) {
          expect(ERROR_CODES).toContain(ack.error.code);
          expect(ack.error.code).not.toBe('INTERNAL');
          expect(ack.error.message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300 },
    );
    expect(counter.connected && kiosk.connected).toBe(true);
  });

  it('no route answers 500 or a reject without a known error code', async () => {
    const routes = server.lotse.trust.routes.filter((r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/auth/logout');
    const ids = fc.oneof(fc.constant(ulid()), fc.constant('platz-1'), fc.string({ minLength: 1, maxLength: 50 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), payload, ids, fc.constantFrom<'admin' | 'clerk' | 'none'>('admin', 'clerk', 'none'), async (route, body, id, who) => {
        const url = route.url.replace(/:(\w+)/g, id);
        const token = who === 'admin' ? server.adminToken : who === 'clerk' ? server.clerkToken : undefined;
        const res = await server.http<{ ok?: boolean; error?: { code: string; message: string } }>(route.method, url, { token, body: route.method === 'GET' ? undefined : body });
        expect(res.status, `${route.method} ${url}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(ERROR_CODES, `${route.method} ${url} ${res.status}`).toContain(res.body.error?.code);
          expect(res.body.error?.message ?? '').not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300 },
    );
    expect((await server.http('GET', '/api/v1/info')).status).toBe(200);
  });
});
