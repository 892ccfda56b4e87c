/**
 * `npm run bench desk`: check-ins per second while 1,500 tickets wait and three desks follow the queue, against the
 * same with an empty queue, and against the old behaviour (every waiting ticket to every desk after each change,
 * `perServiceLimit` unbounded). The server runs in its own process; printed, not asserted; bounded by DEADLINE_MS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ulid } from 'ulid';
import { io as ioClient } from 'socket.io-client';
import { C2S, DEMO_SERVICES, PROTOCOL_VERSION, S2C, type QueueSnapshotT } from '@lotse/shared';
import { TestServer, callOk, connected, type ClientSocket } from '../helpers/server.ts';

const WAITING = 1500;
const KIOSKS = 10;
const TICKETS = 2400;
const DESKS = 3;
const DEADLINE_MS = 150_000;
const SERVICES = DEMO_SERVICES.map((s) => s.id);

interface ServerInfo { url: string; kioskTokens: string[]; deskTokens: string[]; clerkToken: string }
type Control = { fill: number } | { limit: number } | 'drain' | 'stop';

/* ---------- child: the edge server ---------- */
async function serve(): Promise<void> {
  const server = await TestServer.start();
  const kioskTokens: string[] = [];
  for (let i = 0; i < KIOSKS; i++) kioskTokens.push((await server.pairDevice('kiosk', `Kiosk ${i + 1}`)).token);
  const deskTokens: string[] = [];
  for (let i = 0; i < DESKS; i++) deskTokens.push((await server.pairDevice('counter', `Platz ${i + 1}`)).token);
  process.on('message', (msg: Control) => {
    void (async () => {
      if (msg === 'stop') return server.close().then(() => process.exit(0));
      if (msg === 'drain') await server.db.updateTable('tickets').set({ status: 'finished' }).where('status', '=', 'waiting').execute();
      else if ('fill' in msg) {
        for (let i = 0; i < msg.fill; i++) await server.lotse.queue.createTicket({ id: ulid(), serviceId: SERVICES[i % SERVICES.length], language: 'de' });
      } else (server.lotse.queue as { perServiceLimit: number }).perServiceLimit = msg.limit;
      process.send?.('done');
    })();
  });
  process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
  process.send?.({ url: server.url, kioskTokens, deskTokens, clerkToken: server.clerkToken } satisfies ServerInfo);
}

/* ---------- parent ---------- */
function client(url: string, deviceToken: string, staffToken?: string): ClientSocket {
  return ioClient(url, { auth: { protocolVersion: PROTOCOL_VERSION, deviceToken, staffToken }, transports: ['websocket'], reconnection: false, forceNew: true });
}

async function bench(): Promise<void> {
  let forked: ChildProcess | undefined;
  const watchdog = setTimeout(() => {
    console.error(`desk benchmark exceeded ${DEADLINE_MS / 1000} s: aborting`);
    forked?.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE_MS);
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  forked = child;
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServerInfo));
    child.once('exit', (code) => reject(new Error(`server process exited early (${code})`)));
  });
  const control = (msg: Control) => new Promise<void>((resolve) => {
    child.once('message', () => resolve());
    child.send(msg);
  });
  const sockets: ClientSocket[] = [];
  try {
    const kiosks = info.kioskTokens.map((t) => client(info.url, t));
    const desks = info.deskTokens.map((t) => client(info.url, t, info.clerkToken));
    sockets.push(...kiosks, ...desks);
    await Promise.all(sockets.map((s) => connected(s)));
    await Promise.all(desks.map((d, i) => callOk(d, C2S.counterOpen, { counterId: `platz-${i + 1}`, serviceIds: SERVICES })));
    let snapshots = 0;
    let bytes = 0;
    for (const d of desks) d.on(S2C.queueChanged, (snap: QueueSnapshotT) => {
      snapshots++;
      bytes += JSON.stringify(snap).length;
    });

    const run = async (label: string, waiting: number, limit: number) => {
      await control('drain');
      await control({ limit });
      if (waiting) await control({ fill: waiting });
      await new Promise((r) => setTimeout(r, 500)); // let the fill's snapshots go out before counting
      snapshots = 0;
      bytes = 0;
      const t0 = performance.now();
      await Promise.all(kiosks.map(async (k, i) => {
        for (let n = 0; n < TICKETS / KIOSKS; n++) await callOk(k, C2S.ticketCreate, { id: ulid(), serviceId: SERVICES[(i + n) % SERVICES.length], language: 'de' });
      }));
      const seconds = (performance.now() - t0) / 1000;
      const perDesk = snapshots / DESKS;
      console.log(`| ${label.padEnd(48)} | ${String(waiting).padStart(7)} | ${(TICKETS / seconds).toFixed(1).padStart(11)} | ${perDesk.toFixed(0).padStart(10)} | ${(snapshots ? bytes / snapshots / 1024 : 0).toFixed(1).padStart(12)} |`);
      return TICKETS / seconds;
    };
    console.log(`\nCheck-ins while ${DESKS} desks follow the queue (${KIOSKS} kiosks, ${TICKETS} check-ins each run)\n`);
    console.log(`| ${'run'.padEnd(48)} | waiting | check-ins/s | snapshots/desk | KB/snapshot |`);
    console.log(`| ${'-'.repeat(48)} | ------- | ----------- | -------------- | ----------- |`);
    await run('warm-up (JIT, caches; not compared)', 0, 100);
    const base = await run('queue starts empty (bounded view, reference)', 0, 100);
    const bounded = await run('1,500 waiting, bounded view (100/service)', WAITING, 100);
    const whole = await run('1,500 waiting, whole list (no per-service bound)', WAITING, 1_000_000);
    console.log(`\nWith ${WAITING} waiting: bounded ${(100 * bounded / base).toFixed(0)} % of the empty-queue rate, whole list ${(100 * whole / base).toFixed(0)} %.\n`);
  } finally {
    for (const s of sockets) s.disconnect();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    clearTimeout(watchdog);
  }
}

if (process.argv.includes('--server')) {
  serve().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  bench().catch((err: unknown) => {
    console.error('desk benchmark failed:', err);
    process.exit(1);
  });
}
