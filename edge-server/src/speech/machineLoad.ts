// How much CPU everything but our own decoders uses (the server itself, Apertium, other programs on the box),
// measured from /proc (Linux): the decoders may only count on the rest. The peak of a sliding window is used, so a
// busy spell at the kiosks is not forgotten a moment later.
import { readFileSync } from 'node:fs';

export interface LoadReading {
  /** Jiffies the whole machine spent busy (all cores) since boot. */
  busy: number;
  /** Jiffies the whole machine spent at all (busy + idle). */
  total: number;
  /** Jiffies our decoder processes used (alive ones; the sampler keeps the last value of those that exited). */
  own: number;
}

/** Readings kept: with a sample every 2 s, the peak of the last 30 s. */
export const LOAD_WINDOW = 15;

/** Busy and total jiffies from the first line of /proc/stat, or undefined where there is none. */
export function readMachineTicks(stat?: string): { busy: number; total: number } | undefined {
  try {
    const line = (stat ?? readFileSync('/proc/stat', 'utf8')).split('\n', 1)[0]!;
    if (!line.startsWith('cpu ')) return undefined;
    // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    return { busy, total: busy + idle! + (iowait ?? 0) };
  } catch {
    return undefined;
  }
}

/** Jiffies a process has used (user + system), or undefined once it is gone. */
export function readProcessTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

export class MachineLoad {
  private last: LoadReading | undefined;
  /** Cores used by others, per interval, newest last. */
  private readonly others: number[] = [];
  private readonly ownTicks = new Map<number, number>();

  constructor(
    private readonly cores: number,
    private readonly window = LOAD_WINDOW,
  ) {}

  /** Reads the machine and our decoders now (the production sampler). */
  sample(decoderPids: readonly number[]): void {
    const machine = readMachineTicks();
    if (!machine) return;
    for (const pid of decoderPids) {
      const t = readProcessTicks(pid);
      if (t !== undefined) this.ownTicks.set(pid, t);
    }
    let own = 0;
    for (const t of this.ownTicks.values()) own += t;
    this.add({ ...machine, own });
  }

  /** One reading; the interval since the previous one gives the cores the others used. */
  add(reading: LoadReading): void {
    const prev = this.last;
    this.last = reading;
    if (!prev || reading.total <= prev.total) return;
    // total counts every core's jiffies: busy share × cores = cores in use.
    const busyCores = ((reading.busy - prev.busy) / (reading.total - prev.total)) * this.cores;
    const ownCores = ((reading.own - prev.own) / (reading.total - prev.total)) * this.cores;
    this.others.push(Math.max(0, busyCores - ownCores));
    if (this.others.length > this.window) this.others.shift();
  }

  /** Peak cores others used over the window, or undefined before two readings. */
  othersPeak(): number | undefined {
    return this.others.length ? Math.max(...this.others) : undefined;
  }
}
