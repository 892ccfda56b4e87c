import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENT_SPECS, DeviceRole, type ClientEventName, type DeviceRoleT } from '@lotse/shared';
import type { RouteAccess } from '../../edge-server/src/http/hardening.ts';
import { connected, emitRaw, frozenClock, refused, TestServer, type ClientSocket } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

const DEVICE_ROLES = DeviceRole.anyOf.map((s) => s.const) as DeviceRoleT[];
type Who = 'none' | DeviceRoleT | 'clerk' | 'admin';
const REFUSALS = ['UNAUTHENTICATED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED'];

function allows(route: RouteAccess, who: Who): boolean {
  if (route.access === 'public') return true;
  if (who === 'none') return false;
  if (who === 'clerk' || who === 'admin') return (route.access.staff ?? []).includes(who);
  return (route.access.devices ?? []).includes(who);
}

/** A URL that reaches the route's hooks but can change nothing: ids that exist nowhere. */
const concrete = (url: string) => url.replace(/:(\w+)/g, 'zz-nowhere-0');

describe('role matrix: every /api/v1 route and every socket event × every role and none', () => {
  let server: TestServer;
  const tokens = {} as Record<Exclude<Who, 'none'>, string>;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false });
    for (const role of DEVICE_ROLES) tokens[role] = (await server.pairDevice(role, `Test ${role}`, role === 'citizen' ? 'platz-1' : undefined)).token;
    tokens.clerk = server.clerkToken;
    tokens.admin = server.adminToken;
  });
  afterAll(() => server?.close());

  it('the declared access keeps the policy: a clerk cannot administer, a kiosk cannot call, a display only reads', () => {
    const routes = server.lotse.trust.routes.filter((r) => r.url.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(30);
    const adminOnly = /^\/api\/v1\/(staff|audit|privacy|tls)(\/|$)|^\/api\/v1\/devices(\/pairing-codes|\/:id\/revoke)?$/;
    for (const r of routes.filter((x) => adminOnly.test(x.url) && x.url !== '/api/v1/devices/me')) {
      expect(r.access, `${r.method} ${r.url}`).not.toBe('public');
      if (r.access !== 'public') expect([r.access.staff, r.access.devices ?? []], `${r.method} ${r.url}`).toEqual([['admin'], []]);
    }
    const settingsWrite = routes.find((r) => r.method === 'POST' && r.url === '/api/v1/settings');
    expect(settingsWrite?.access).toEqual({ staff: ['admin'] });
    for (const r of routes.filter((x) => x.url.startsWith('/api/v1/counters/:id/'))) expect(allows(r, 'kiosk'), r.url).toBe(false);
    for (const r of routes.filter((x) => allows(x, 'display') && x.access !== 'public')) expect(r.method, r.url).toBe('GET');
    for (const [event, spec] of Object.entries(CLIENT_EVENT_SPECS)) {
      if (event.startsWith('counter:')) expect(spec.roles, event).toEqual(['counter']);
      if (spec.roles.includes('display')) expect(['display:get', 'services:list'], event).toContain(event);
    }
  });

  it('over HTTP only the allowed pass (refused: 401 without credentials, 403 with the wrong role)', async () => {
    const routes = server.lotse.trust.routes.filter((r) => r.url.startsWith('/api/v1/') && !r.url.includes('dev-pair'));
    const failures: string[] = [];
    for (const route of routes) {
      for (const who of ['none', ...DEVICE_ROLES, 'clerk', 'admin'] as Who[]) {
        const token = who === 'none' ? undefined : tokens[who];
        const res = await server.http<{ error?: { code: string } }>(route.method, concrete(route.url), { token });
        const code = res.body && typeof res.body === 'object' ? res.body.error?.code : undefined;
        const refusedNow = code !== undefined && REFUSALS.includes(code);
        if (allows(route, who) === refusedNow) failures.push(`${route.method} ${route.url} as ${who}: ${res.status} ${code ?? ''}`);
        if (!allows(route, who)) {
          const want = who === 'none' ? [401, 'UNAUTHENTICATED'] : [403, 'FORBIDDEN'];
          if (res.status !== want[0] || code !== want[1]) failures.push(`${route.method} ${route.url} as ${who}: want ${want.join(' ')}, got ${res.status} ${code}`);
        }
        if (route.url === '/api/v1/auth/logout' && (who === 'clerk' || who === 'admin') && res.status === 204) {
          tokens[who] = (await server.login(who === 'clerk' ? 'sachbearbeitung' : 'admin', server.passwords[who === 'clerk' ? 'sachbearbeitung' : 'admin'])).body.token;
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('over sockets only the allowed roles pass; without a device token the handshake is refused', async () => {
    expect((await refused(server.socket({}))).code).toBe('UNAUTHENTICATED');
    expect((await refused(server.socket({ token: 'x'.repeat(43) }))).code).toBe('UNAUTHENTICATED');
    const kinds: [string, DeviceRoleT, string | undefined][] = [
      ...DEVICE_ROLES.map((r) => [r, r, undefined] as [string, DeviceRoleT, undefined]),
      ['counter+clerk', 'counter', tokens.clerk],
      ['counter+admin', 'counter', tokens.admin],
    ];
    const failures: string[] = [];
    for (const [name, role, staffToken] of kinds) {
      const socket: ClientSocket = server.socket({ token: tokens[role], staffToken });
      await connected(socket);
      for (const event of Object.keys(CLIENT_EVENT_SPECS) as ClientEventName[]) {
        const spec = CLIENT_EVENT_SPECS[event];
        const allowed = spec.roles.includes(role) && (!spec.staff || !!staffToken);
        const ack = await emitRaw(socket, event, null, WAIT.event).catch(() => undefined);
        if (!ack) {
          failures.push(`${event} as ${name}: no acknowledgement`);
          continue;
        }
        const code = ack.ok ? undefined : ack.error.code;
        if (allowed && code && REFUSALS.includes(code)) failures.push(`${event} as ${name}: refused with ${code}`);
        if (!allowed && code !== (spec.roles.includes(role) ? 'UNAUTHENTICATED' : 'FORBIDDEN')) failures.push(`${event} as ${name}: got ${code ?? 'ok'}`);
      }
      socket.disconnect();
    }
    expect(failures).toEqual([]);
  });
});
