/**
 * `npm run bench`: call-next → display latency with 50 display clients, and durable ticket creation throughput,
 * against a real edge server (SQLite file, WAL, synchronous=FULL) running in its own process on 127.0.0.1.
 * Prints a table; asserts nothing. Bounded: the watchdog stops the run and its server after DEADLINE_MS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { ulid } from 'ulid';
import { io as ioClient } from 'socket.io-client';
import { C2S, DEMO_SERVICES, PROTOCOL_VERSION, S2C, type CallT } from '@lotse/shared';
import { TestServer, callOk, connected, type ClientSocket } from '../helpers/server.ts';

const DISPLAYS = 50;
const CALLS = 300;
const SEQUENTIAL_TICKETS = 500;
const CONCURRENT_KIOSKS = 10;
const CONCURRENT_TICKETS = 1000;
const DEADLINE_MS = 100_000;

interface ServerInfo {
  url: string;
  displayTokens: string[];
  kioskTokens: string[];
  counterToken: string;
  clerkToken: string;
}

/* ---------- child: the edge server in its own process, so clients do not share its event loop ---------- */
async function serve(): Promise<void> {
  const server = await TestServer.start();
  const displayTokens: string[] = [];
  for (let i = 0; i < DISPLAYS; i++) displayTokens.push((await server.pairDevice('display', `Anzeige ${i + 1}`)).token);
  const kioskTokens: string[] = [];
  for (let i = 0; i < CONCURRENT_KIOSKS; i++) kioskTokens.push((await server.pairDevice('kiosk', `Kiosk ${i + 1}`)).token);
  const info: ServerInfo = { url: server.url, displayTokens, kioskTokens, counterToken: server.devices.counter.token, clerkToken: server.clerkToken };
  process.on('message', (msg) => {
    if (msg === 'stop') void server.close().then(() => process.exit(0));
  });
  // The bench process died (or was killed): go with it.
  process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
  process.send?.(info);
}

/* ---------- parent: clients and measurements ---------- */
function client(url: string, deviceToken: string, staffToken?: string): ClientSocket {
  return ioClient(url, { auth: { protocolVersion: PROTOCOL_VERSION, deviceToken, staffToken }, transports: ['websocket'], reconnection: false, forceNew: true });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] };
}

async function createTickets(kiosk: ClientSocket, n: number, latencies: number[]): Promise<void> {
  const services = DEMO_SERVICES.map((s) => s.id);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await callOk(kiosk, C2S.ticketCreate, { id: ulid(), serviceId: services[i % services.length], language: 'de' });
    latencies.push(performance.now() - t0);
  }
}

async function bench(): Promise<void> {
  const started = performance.now();
  let forked: ChildProcess | undefined;
  const watchdog = setTimeout(() => {
    // A loaded machine may overrun: stop the forked server too, never leave it running.
    console.error(`benchmark exceeded ${DEADLINE_MS / 1000} s: aborting`);
    forked?.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE_MS);

  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  forked = child;
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServerInfo));
    child.once('exit', (code) => reject(new Error(`server process exited early (${code})`)));
  });
  const sockets: ClientSocket[] = [];
  try {
    /* durable ticket creation: sequential, one kiosk */
    const kiosks = info.kioskTokens.map((t) => client(info.url, t));
    sockets.push(...kiosks);
    await Promise.all(kiosks.map((k) => connected(k)));
    await createTickets(kiosks[0], 20, []); // warm-up
    const seqLat: number[] = [];
    let t0 = performance.now();
    await createTickets(kiosks[0], SEQUENTIAL_TICKETS, seqLat);
    const seqSeconds = (performance.now() - t0) / 1000;

    /* durable ticket creation: 10 kiosks at once */
    const concLat: number[] = [];
    t0 = performance.now();
    await Promise.all(kiosks.map((k) => createTickets(k, CONCURRENT_TICKETS / CONCURRENT_KIOSKS, concLat)));
    const concSeconds = (performance.now() - t0) / 1000;

    /* call-next → display received, 50 displays */
    const displays = info.displayTokens.map((t) => client(info.url, t));
    sockets.push(...displays);
    await Promise.all(displays.map((d) => connected(d)));
    const counter = client(info.url, info.counterToken, info.clerkToken);
    sockets.push(counter);
    await connected(counter);
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-1', serviceIds: DEMO_SERVICES.map((s) => s.id) });

    const perDisplay: number[] = [];
    const lastDisplay: number[] = [];
    const ackLat: number[] = [];
    let pending: { ticketId?: string; sentAt: number; left: number; last: number; done: () => void } | undefined;
    const onCall = (call: CallT) => {
      const now = performance.now();
      if (!pending || (pending.ticketId && call.ticketId !== pending.ticketId)) return;
      perDisplay.push(now - pending.sentAt);
      pending.last = now;
      if (--pending.left === 0) pending.done();
    };
    for (const d of displays) d.on(S2C.callCreated, onCall);
    for (let i = 0; i < CALLS + 10; i++) {
      const warm = i < 10;
      const all = new Promise<void>((done) => (pending = { sentAt: performance.now(), left: DISPLAYS, last: 0, done }));
      const sentAt = pending!.sentAt;
      const call = await callOk(counter, C2S.counterCallNext, { counterId: 'platz-1' });
      ackLat.push(performance.now() - sentAt);
      pending!.ticketId = call.ticketId;
      await all;
      lastDisplay.push(pending!.last - sentAt);
      if (warm) {
        perDisplay.length = 0;
        lastDisplay.length = 0;
        ackLat.length = 0;
      }
    }

    /* report */
    const fmt = (n: number) => n.toFixed(2).padStart(9);
    const row = (name: string, s: ReturnType<typeof stats>) => `| ${name.padEnd(46)} | ${String(s.n).padStart(6)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} |`;
    const head = `| ${'latency (ms)'.padEnd(46)} | ${'n'.padStart(6)} | ${'p50'.padStart(9)} | ${'p95'.padStart(9)} | ${'p99'.padStart(9)} | ${'max'.padStart(9)} |`;
    const sep = head.replace(/[^|]/g, '-');
    console.log(`\nLotse benchmark — ${os.cpus().length} cores, Node ${process.version}, server in its own process, loopback, SQLite WAL + synchronous=FULL\n`);
    console.log(head);
    console.log(sep);
    console.log(row(`call-next → display received (each of ${DISPLAYS})`, stats(perDisplay)));
    console.log(row(`call-next → last of ${DISPLAYS} displays received`, stats(lastDisplay)));
    console.log(row('call-next → counter ack', stats(ackLat)));
    console.log(row('ticket:create ack, 1 kiosk sequential', stats(seqLat)));
    console.log(row(`ticket:create ack, ${CONCURRENT_KIOSKS} kiosks concurrent`, stats(concLat)));
    console.log('');
    console.log(`| ${'durable ticket creation'.padEnd(46)} | ${'tickets'.padStart(7)} | ${'seconds'.padStart(8)} | ${'tickets/s'.padStart(10)} |`);
    console.log(`| ${'-'.repeat(46)} | ${'-'.repeat(7)} | ${'-'.repeat(8)} | ${'-'.repeat(10)} |`);
    console.log(`| ${'1 kiosk, sequential'.padEnd(46)} | ${String(SEQUENTIAL_TICKETS).padStart(7)} | ${seqSeconds.toFixed(2).padStart(8)} | ${(SEQUENTIAL_TICKETS / seqSeconds).toFixed(0).padStart(10)} |`);
    console.log(`| ${`${CONCURRENT_KIOSKS} kiosks, concurrent`.padEnd(46)} | ${String(CONCURRENT_TICKETS).padStart(7)} | ${concSeconds.toFixed(2).padStart(8)} | ${(CONCURRENT_TICKETS / concSeconds).toFixed(0).padStart(10)} |`);
    console.log(`\n${CALLS} calls measured after 10 warm-up calls; total run ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  } finally {
    for (const s of sockets) s.disconnect();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop', () => undefined);
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
    console.error('benchmark failed:', err);
    process.exit(1);
  });
}
