import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../edge-server/src/audit/index.ts';
import { TestServer } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

/** Reads a staff row's attempt count as often as the event loop allows (a scrypt check takes tens of ms). */
async function attemptsReach(server: TestServer, username: string, n: number): Promise<void> {
  const deadline = Date.now() + WAIT.event;
  for (;;) {
    const row = await server.db.selectFrom('staff').select('failed_attempts').where('username', '=', username).executeTakeFirstOrThrow();
    if (row.failed_attempts >= n) return;
    if (Date.now() > deadline) throw new Error(`failed_attempts of ${username} stayed at ${row.failed_attempts}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('lock-out under parallel sign-ins (issue 10, item 1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ pairDevices: false });
  });
  afterAll(() => server?.close());

  it('59 wrong passwords and the right one last, all at once: only 5 are verified, the right one is refused', async () => {
    const attempts = [...Array.from({ length: 59 }, (_, i) => `wrong-password-${i}`), server.passwords.admin];
    const answers = await Promise.all(attempts.map((password) => server.login('admin', password)));
    const codes = answers.map((a) => (a.status === 200 ? 'SIGNED_IN' : a.body.error?.code));
    expect(codes.at(-1)).toBe('LOCKED');
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c !== 'INVALID_CREDENTIALS' && c !== 'LOCKED')).toEqual([]);
    // The attempts beyond the limit were refused without trying the password.
    const verifiedWrong = (await listAudit(server.db, { limit: 200 })).filter((e) => e.action === 'auth.signInFailed' && e.details.reason === 'badPassword');
    expect(verifiedWrong.length).toBeLessThanOrEqual(5);
    expect((await server.login('admin', server.passwords.admin)).body.error?.code).toBe('LOCKED');
  });

  it('the right password is refused when the account locked while it was being checked', async () => {
    const login = server.login('sachbearbeitung', server.passwords.sachbearbeitung);
    await attemptsReach(server, 'sachbearbeitung', 1);
    // What a parallel fifth wrong password does while this one's scrypt check runs.
    await server.db.updateTable('staff').set({ failed_attempts: 0, locked_until: new Date(Date.now() + 15 * 60_000).toISOString() })
      .where('username', '=', 'sachbearbeitung').execute();
    const answer = await login;
    expect(answer.status).toBe(423);
    expect(answer.body.error?.code).toBe('LOCKED');
  });
});
