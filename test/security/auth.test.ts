import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../edge-server/src/audit/index.ts';
import { connected, frozenClock, NEW_PASSWORD, refused, TestServer } from '../helpers/server.ts';

const MIN = 60_000;

describe('staff sign-in: lock-out, forced password change, session expiry, screen lock, accounts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false, signIn: false });
  });
  afterAll(() => server?.close());

  it('a one-time password gives a session that may only change the password; weak passwords are refused', async () => {
    server.adminToken = (await server.signIn('admin')).token;
    const first = await server.login('sachbearbeitung', server.passwords.sachbearbeitung);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const token = first.body.token;
    for (const [method, url] of [['GET', '/api/v1/auth/me'], ['GET', '/api/v1/queue'], ['GET', '/api/v1/settings'], ['GET', '/api/v1/staff']] as const) {
      const res = await server.http<{ error: { code: string } }>(method, url, { token });
      expect(res.status, url).toBe(403);
      expect(res.body.error.code, url).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    const counter = await server.pairDevice('counter');
    const socket = server.socket({ token: counter.token, staffToken: token });
    expect((await refused(socket)).code).toBe('PASSWORD_CHANGE_REQUIRED');

    for (const weak of ['kurz', 'sachbearbeitung-2026-x', 'Passwort1234', server.passwords.sachbearbeitung]) {
      const res = await server.http<{ error: { code: string; message: string } }>('POST', '/api/v1/auth/password', {
        token, body: { currentPassword: server.passwords.sachbearbeitung, newPassword: weak },
      });
      expect(res.status, weak).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    }
    const changed = await server.http<{ token: string; mustChangePassword?: boolean }>('POST', '/api/v1/auth/password', {
      token, body: { currentPassword: server.passwords.sachbearbeitung, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBeUndefined();
    server.passwords.sachbearbeitung = NEW_PASSWORD;
    // The old session is gone, the new one works everywhere a clerk may go, including the socket.
    expect((await server.http('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    expect((await server.http('GET', '/api/v1/auth/me', { token: changed.body.token })).status).toBe(200);
    const ok = server.socket({ token: counter.token, staffToken: changed.body.token });
    await connected(ok);
    const entries = await listAudit(server.db, { limit: 50 });
    expect(entries.map((e) => e.action)).toContain('auth.passwordChanged');
  });

  it('locks the account after 5 wrong passwords for 15 minutes, even for the right password; audited', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await server.login('admin', `wrong-password-${i}`)).body.error?.code ?? 'ok');
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'LOCKED']);
    const locked = await server.login('admin', server.passwords.admin);
    expect(locked.status).toBe(423);
    expect(locked.body.error?.code).toBe('LOCKED');
    server.clock.advance(14 * MIN);
    expect((await server.login('admin', server.passwords.admin)).status).toBe(423);
    server.clock.advance(1 * MIN + 1000);
    const again = await server.login('admin', server.passwords.admin);
    expect(again.status).toBe(200);
    server.adminToken = again.body.token;
    const actions = (await listAudit(server.db, { limit: 100 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.locked')).toHaveLength(1);
    expect(actions.filter((a) => a === 'auth.signInFailed').length).toBeGreaterThanOrEqual(7);
    // No user names or passwords in the log, only pseudonymous ids.
    const raw = JSON.stringify(await listAudit(server.db, { limit: 500 }));
    for (const secret of ['wrong-password', 'sachbearbeitung', 'niemand', NEW_PASSWORD]) expect(raw).not.toContain(secret);
  });

  it('unknown users get the same answer as wrong passwords', async () => {
    const res = await server.login('niemand', 'irgendein-passwort');
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('INVALID_CREDENTIALS');
  });

  it('sessions end after 30 idle minutes and after 10 hours at most; activity keeps them alive', async () => {
    const session = (await server.login('sachbearbeitung', server.passwords.sachbearbeitung)).body;
    for (let i = 0; i < 4; i++) {
      server.clock.advance(20 * MIN);
      expect((await server.http('GET', '/api/v1/auth/me', { token: session.token })).status).toBe(200);
    }
    server.clock.advance(31 * MIN);
    expect((await server.http('GET', '/api/v1/auth/me', { token: session.token })).status).toBe(401);

    const long = (await server.login('sachbearbeitung', server.passwords.sachbearbeitung)).body;
    expect(Date.parse(long.expiresAt) - server.clock.now().getTime()).toBe(10 * 60 * MIN);
    for (let i = 0; i < 30; i++) {
      server.clock.advance(20 * MIN);
      if ((await server.http('GET', '/api/v1/auth/me', { token: long.token })).status !== 200) {
        expect(i * 20 + 20).toBeGreaterThanOrEqual(600);
        return;
      }
    }
    throw new Error('the session outlived its 10 hours');
  });

  it('the screen lock needs the password again and keeps the session; wrong tries count towards the lock-out', async () => {
    const session = (await server.login('sachbearbeitung', server.passwords.sachbearbeitung)).body;
    const unlock = (password: string) => server.http<{ error?: { code: string } }>('POST', '/api/v1/auth/unlock', { token: session.token, body: { password } });
    expect((await unlock('falsch-falsch-falsch')).body.error?.code).toBe('INVALID_CREDENTIALS');
    expect((await unlock(server.passwords.sachbearbeitung)).status).toBe(204);
    expect((await server.http('GET', '/api/v1/auth/me', { token: session.token })).status).toBe(200);
    const settings = await server.http<{ screenLockMinutes: number }>('GET', '/api/v1/settings', { token: session.token });
    expect(settings.body.screenLockMinutes).toBe(5);
    for (let i = 0; i < 4; i++) await unlock(`falsch-${i}-falsch-falsch`);
    expect((await unlock('noch-einmal-falsch')).body.error?.code).toBe('LOCKED');
    // Guessing at the lock screen ends the session.
    expect((await server.http('GET', '/api/v1/auth/me', { token: session.token })).status).toBe(401);
    server.clock.advance(16 * MIN);
  });

  it('an admin creates clerk accounts, resets passwords (sessions end) and disables accounts; a clerk cannot', async () => {
    server.adminToken = (await server.login('admin', server.passwords.admin)).body.token; // the clock moved on
    const created = await server.http<{ account: { id: string; mustChangePassword: boolean }; password: string }>('POST', '/api/v1/staff', {
      token: server.adminToken, body: { username: 'mueller', displayName: 'Frau Müller', role: 'clerk' },
    });
    expect(created.status).toBe(201);
    expect(created.body.account.mustChangePassword).toBe(true);
    expect((await server.http('POST', '/api/v1/staff', { token: server.adminToken, body: { username: 'mueller', displayName: 'x', role: 'clerk' } })).status).toBe(409);
    server.passwords.mueller = created.body.password;
    const session = await server.signIn('mueller');
    const clerkTry = await server.http<{ error: { code: string } }>('POST', `/api/v1/staff/${created.body.account.id}/reset-password`, { token: session.token });
    expect(clerkTry.body.error.code).toBe('FORBIDDEN');

    const reset = await server.http<{ password: string }>('POST', `/api/v1/staff/${created.body.account.id}/reset-password`, { token: server.adminToken });
    expect(reset.status).toBe(200);
    expect((await server.http('GET', '/api/v1/auth/me', { token: session.token })).status).toBe(401);
    expect((await server.login('mueller', reset.body.password)).body.mustChangePassword).toBe(true);

    const disabled = await server.http<{ disabled: boolean }>('POST', `/api/v1/staff/${created.body.account.id}/disable`, { token: server.adminToken });
    expect(disabled.body.disabled).toBe(true);
    expect((await server.login('mueller', reset.body.password)).body.error?.code).toBe('INVALID_CREDENTIALS');
    const list = await server.http<{ username: string; disabled: boolean }[]>('GET', '/api/v1/staff', { token: server.adminToken });
    expect(list.body.find((a) => a.username === 'mueller')?.disabled).toBe(true);
  });
});
