import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C } from '@lotse/shared';
import { callOk, freePort, newId, nextEvent, refused, TestServer } from '../helpers/server.ts';
import { pollUntil, WAIT } from '../helpers/timeouts.ts';

/**
 * Two nodes on one PostgreSQL database and one Redis (Socket.IO's Redis streams adapter): a kiosk on node A
 * checks in, a clerk on node B calls, and the display on node A shows the call. Redis: LOTSE_TEST_REDIS_URL (CI
 * starts one), else a redis-server of this test on a free port. Revocation cuts sockets on every node and
 * every node's token cache forgets the device. (Not yet across nodes: the kiosk's and phones' ticket:updated,
 * whose viewers are kept per process; staff sign-out; rate limits.)
 */
describe('two nodes behind one address', () => {
  let redis: ChildProcess | undefined;
  let redisUrl: string;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    redisUrl = process.env.LOTSE_TEST_REDIS_URL ?? '';
    if (!redisUrl) {
      const port = await freePort();
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      redis.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      await pollUntil('redis-server ready', () => out, (o) => o.includes('Ready to accept connections'), WAIT.serverStart);
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    a = await TestServer.start({ database: 'postgres', redisUrl });
    b = await TestServer.start({ nodeOf: a, redisUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (redis && redis.exitCode === null) {
      const gone = new Promise((resolve) => redis?.once('exit', resolve));
      redis.kill('SIGTERM');
      await gone;
    }
  });

  it('a call made on node B reaches the display on node A', async () => {
    const kiosk = await a.connect('kiosk');
    const display = await a.connect('display');
    const counter = await b.connect('counter');
    const receipt = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['personalausweis'] });
    const onDisplay = nextEvent(display, S2C.callCreated);
    const started = performance.now();
    const called = await callOk(counter, C2S.counterCallNext, { counterId: 'platz-2' });
    expect([await onDisplay].flat()).toContainEqual(expect.objectContaining({ ticketId: receipt.ticket.id, counterId: 'platz-2', ticketNumber: called.ticketNumber }));
    console.log(`call on node B → display on node A: ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('revoking a device on node A cuts its socket on node B within 1 s, and node B refuses its token from then on', async () => {
    const kiosk = await b.pairDevice('kiosk', 'Kiosk an Knoten B');
    const socket = await b.connect('kiosk', { token: kiosk.token });
    const told = new Promise<void>((resolve) => socket.once('device:revoked', () => resolve()));
    const cut = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const started = performance.now();
    expect((await a.http('POST', `/api/v1/devices/${kiosk.deviceId}/revoke`, { token: a.adminToken })).status).toBe(204);
    await Promise.all([told, cut]);
    expect(performance.now() - started).toBeLessThan(1000);
    // Node B knew the token a moment ago: it refuses it now all the same, on sockets and HTTP.
    await pollUntil('node B refuses the revoked token', async () => (await b.http('GET', '/api/v1/services', { deviceToken: kiosk.token })).status, (s) => s === 401, WAIT.event);
    expect(await refused(b.socket({ token: kiosk.token }))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
