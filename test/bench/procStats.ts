// Memory, processes and threads of a process and everything it started, read from /proc (Linux).
import fs from 'node:fs';

interface Proc {
  pid: number;
  /** CPU time used so far (user + system), from /proc/<pid>/stat. */
  cpuMs: number;
  ppid: number;
  rssKiB: number;
  threads: number;
  name: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => status.match(new RegExp(`^${name}:\\s*(\\S+)`, 'm'))?.[1] ?? '0';
    return { pid, cpuMs: procCpuMs(pid) ?? 0, ppid: Number(field('PPid')), rssKiB: Number(field('VmRSS')), threads: Number(field('Threads')), name: field('Name') };
  } catch {
    return undefined; // exited meanwhile
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system, all threads) a process has used, or undefined once it is gone. */
export function procCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of proc(5); fields[0] is field 3.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** CPU time of processes tracked by pid: a process that exits keeps the last value read, so nothing is lost. */
export class ChildCpu {
  private readonly last = new Map<number, number>();

  /** Reads every pid given (and every one seen before) and returns the total CPU ms. */
  read(pids: readonly number[]): number {
    for (const pid of pids) {
      const ms = procCpuMs(pid);
      if (ms !== undefined) this.last.set(pid, ms);
    }
    for (const pid of this.last.keys()) {
      const ms = procCpuMs(pid);
      if (ms !== undefined) this.last.set(pid, ms);
    }
    let total = 0;
    for (const ms of this.last.values()) total += ms;
    return total;
  }
}

function allProcs(): Proc[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readProc(Number(d))).filter((p): p is Proc => !!p);
}

/** Every process below `root` (children, grandchildren …), not `root` itself. */
export function descendants(root: number, procs = allProcs()): Proc[] {
  const out: Proc[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const p of procs) if (p.ppid === parent) {
      out.push(p);
      queue.push(p.pid);
    }
  }
  return out;
}

export interface TreeStats {
  /** The process itself (includes its worker threads' memory). */
  selfRssMiB: number;
  selfThreads: number;
  /** Engine processes it started (PocketSphinx/Apertium/whisper children), with their threads and memory. */
  childProcesses: number;
  childThreads: number;
  childRssMiB: number;
  childNames: string[];
  /** CPU ms the engine processes alive now have used since they started. */
  childCpuMs: number;
}

export function treeStats(pid = process.pid): TreeStats {
  const procs = allProcs();
  const self = procs.find((p) => p.pid === pid);
  // tsx's esbuild service is a child of every process started with `--import tsx`; production has none.
  const kids = descendants(pid, procs).filter((p) => p.name !== 'esbuild');
  return {
    selfRssMiB: (self?.rssKiB ?? 0) / 1024,
    selfThreads: self?.threads ?? 0,
    childProcesses: kids.length,
    childThreads: kids.reduce((n, p) => n + p.threads, 0),
    childRssMiB: kids.reduce((n, p) => n + p.rssKiB, 0) / 1024,
    childNames: [...new Set(kids.map((p) => p.name))],
    childCpuMs: kids.reduce((n, p) => n + p.cpuMs, 0),
  };
}

/** The larger of each figure: engine processes come and go (a process per line), so the peak is what counts. */
export function peak(a: TreeStats, b: TreeStats): TreeStats {
  return {
    selfRssMiB: Math.max(a.selfRssMiB, b.selfRssMiB),
    selfThreads: Math.max(a.selfThreads, b.selfThreads),
    childProcesses: Math.max(a.childProcesses, b.childProcesses),
    childThreads: Math.max(a.childThreads, b.childThreads),
    childRssMiB: Math.max(a.childRssMiB, b.childRssMiB),
    childNames: [...new Set([...a.childNames, ...b.childNames])],
    childCpuMs: b.childCpuMs,
  };
}
