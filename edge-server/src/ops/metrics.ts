import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LotseApp } from '../app.ts';
import type { SpeechEngines } from '../speech/registry.ts';
import type { Db } from '../storage/db.ts';
import type { BackupJob } from './backupJob.ts';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Prometheus metrics of one server, on a registry of its own (tests run several servers in one process). Besides
 * Node's defaults (event-loop delay as nodejs_eventloop_lag_* and percentiles, memory, CPU): sockets per role,
 * tickets waiting, engine capacity, streams in use and refusals, backup age, and check-in and call-next latency
 * measured around the queue's own operations (socket and HTTP alike).
 */
export function createMetrics(lotse: LotseApp, opts: { db: Db; engines?: SpeechEngines; backups: BackupJob; now: () => Date }): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 20 });

  new Gauge({
    name: 'lotse_sockets', help: 'Connected sockets per device role', labelNames: ['role'], registers: [register],
    collect() {
      this.reset();
      const counts = new Map<string, number>();
      for (const socket of lotse.io.of('/').sockets.values()) {
        const role = (socket.data as { device?: { role?: string } }).device?.role ?? 'unknown';
        counts.set(role, (counts.get(role) ?? 0) + 1);
      }
      for (const [role, n] of counts) this.set({ role }, n);
    },
  });
  new Gauge({
    name: 'lotse_queue_waiting', help: 'Tickets waiting to be called', registers: [register],
    async collect() {
      const row = await opts.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'waiting').executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  const engine = (name: string, help: string, pick: (s: { capacity: { streams: number }; inUse: number; waiting: number; refusedToday: number }) => number) =>
    new Gauge({
      name, help, labelNames: ['engine'], registers: [register],
      collect() {
        this.reset();
        if (!opts.engines) return;
        for (const s of opts.engines.admission.status(opts.engines.recognizers)) this.set({ engine: s.engine }, pick(s));
      },
    });
  engine('lotse_engine_capacity_streams', 'Live speech streams a recognizer serves in real time', (s) => s.capacity.streams);
  engine('lotse_engine_streams_in_use', 'Live speech streams a recognizer serves now', (s) => s.inUse);
  engine('lotse_engine_streams_waiting', 'Speech streams refused and waiting for a slot', (s) => s.waiting);
  engine('lotse_engine_refused_today', 'Speech streams refused since local midnight', (s) => s.refusedToday);
  if (opts.backups.supported) {
    new Gauge({
      name: 'lotse_backup_age_seconds', help: 'Age of the newest good backup (-1: none yet); absent on PostgreSQL (pg_dump)', registers: [register],
      async collect() {
        const { last } = await opts.backups.state();
        this.set(last ? (opts.now().getTime() - Date.parse(last.createdAt)) / 1000 : -1);
      },
    });
  }

  const checkIn = new Histogram({ name: 'lotse_checkin_seconds', help: 'Time to store a check-in durably (ticket:create / POST tickets)', buckets: LATENCY_BUCKETS, registers: [register] });
  const callNext = new Histogram({ name: 'lotse_call_next_seconds', help: 'Time to call the next ticket', buckets: LATENCY_BUCKETS, registers: [register] });
  timeMethod(lotse.queue, 'createTicket', checkIn);
  timeMethod(lotse.queue, 'callNext', callNext);
  return register;
}

/** Wraps one method of the service instance, so every caller (socket handler, HTTP route) is measured. */
function timeMethod<T extends object, K extends keyof T>(target: T, name: K, histogram: Histogram): void {
  const original = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
  const timed = async function (this: unknown, ...args: unknown[]) {
    const end = histogram.startTimer();
    try {
      return await original.apply(this, args);
    } finally {
      end();
    }
  };
  Object.defineProperty(target, name, { value: timed, configurable: true, writable: true });
}
