// One long-lived Apertium pipeline per language pair, in null-flush mode: every stage flushes its output when it
// reads a NUL, so a line written with a NUL after it comes back followed by a NUL, and the pipeline stays up for
// the next line. The stages are spawned here, no shell, each a direct child connected to the next, so the death
// of any one is seen at once. Requests go through one at a time (a small bounded queue), each with a deadline; a
// pipeline that loses a stage or misses a deadline is killed whole and started again for the next line.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { which } from './proc.ts';
import { SpeechEngineError } from './types.ts';

const ENGINE = 'apertium';

/**
 * The stages of an installed mode file as argv lists, with `-z` after each program as `apertium -z` runs them.
 * `$1` is the generator's option (-n: no '*' on unknown words, as `apertium -u`), `$2` the tagger's (none).
 * The mode file is the package's own (root-owned, under the data dir); text never enters an argv.
 */
export function nullFlushStages(modeFile: string, generatorOption = '-n', taggerOption = ''): string[][] {
  const text = readFileSync(modeFile, 'utf8').trim();
  const stages = text.split('|').map((stage) =>
    [...stage.matchAll(/'([^']*)'|(\S+)/g)]
      .map((m) => m[1] ?? m[2].replace(/^\$1$/, generatorOption).replace(/^\$2$/, taggerOption))
      .filter((arg) => arg !== ''),
  );
  if (stages.length === 0 || stages.some((s) => s.length === 0 || !/^[\w.-]+$/.test(s[0]) || s.some((a) => a.includes('$')))) {
    throw new SpeechEngineError('engine_failed', `unexpected apertium mode file ${modeFile}`, ENGINE);
  }
  return stages.map(([program, ...args]) => [program, '-z', ...args]);
}

/** What apertium-destxt makes of plain text: reserved characters escaped, other blanks than one space bracketed, a closing '.[]'. */
export function deformat(text: string): string {
  const escaped = text.replace(/\0/g, '').replace(/[\\[\]^$/@<>{}]/g, (c) => `\\${c}`);
  return `${escaped.replace(/\s+/g, (blank) => (blank === ' ' ? ' ' : `[${blank}]`))}.[]`;
}

/** What apertium-retxt makes of the pipeline's output: brackets gone, escapes undone, the inserted period dropped. */
export function reformat(stream: string): string {
  let out = '';
  for (let i = 0; i < stream.length; i++) {
    const c = stream[i];
    if (c === '\\' && i + 1 < stream.length) out += stream[++i];
    else if (c === '.' && stream.startsWith('[]', i + 1)) i += 2;
    else if (c !== '[' && c !== ']' && c !== '\0') out += c;
  }
  return out;
}

export interface WarmPipeOptions {
  /** Mode name, e.g. 'eng-spa'. */
  mode: string;
  dataDir: string;
  /** Deadline of one request from the moment it is queued. */
  timeoutMs: number;
  /** Requests waiting beyond the one in flight; more are refused as busy. */
  maxQueue: number;
  /** Nice value for the pipeline's processes (the server runs at 0). */
  nice: number;
  /** A pipeline without a line for this long is stopped (about 190 MB for eng-spa); the next line starts it again. */
  idleMs: number;
}

interface Request {
  input: string;
  resolve: (text: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Sent once to a pipeline that died without answering; a second such death fails the line. */
  retried?: boolean;
}

interface Pipeline {
  stages: ChildProcess[];
  stdin: Writable;
  stdout: Readable;
}

const MAX_OUTPUT = 1 << 20;

export class WarmPipe {
  private pipeline: Pipeline | undefined;
  private readonly queue: Request[] = [];
  private inflight: Request | undefined;
  private output = '';
  private closed = false;
  /** Stages are being spawned (one per event-loop turn). */
  private starting = false;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Pipelines started, the first included (restarts = started - 1). */
  started = 0;

  constructor(private readonly options: WarmPipeOptions) {}

  /** Process ids of the running pipeline's stages, for tests and reports. */
  get pids(): number[] {
    return this.pipeline?.stages.map((s) => s.pid ?? 0) ?? [];
  }

  translate(text: string): Promise<string> {
    if (this.closed) return Promise.reject(new SpeechEngineError('closed', 'apertium closed', ENGINE));
    // While the stages start, the first queued line is the one that will be in flight: it does not count as waiting.
    const waiting = this.queue.length - (this.inflight ? 0 : Math.min(1, this.queue.length));
    if (waiting >= this.options.maxQueue) {
      return Promise.reject(new SpeechEngineError('busy', `apertium ${this.options.mode} has ${waiting} lines waiting`, ENGINE));
    }
    return new Promise((resolve, reject) => {
      const request: Request = { input: `${deformat(text)}\0`, resolve, reject, timer: undefined as unknown as NodeJS.Timeout };
      request.timer = setTimeout(() => this.expire(request), this.options.timeoutMs);
      this.queue.push(request);
      this.pump();
    });
  }

  private pump(): void {
    if (this.inflight || this.closed) return;
    clearTimeout(this.idleTimer);
    if (!this.queue.length) {
      this.idleTimer = setTimeout(() => this.stopIdle(), this.options.idleMs);
      this.idleTimer.unref();
      return;
    }
    if (!this.pipeline) {
      if (!this.starting) this.start();
      return;
    }
    const next = this.queue.shift()!;
    this.inflight = next;
    this.output = '';
    this.pipeline.stdin.write(next.input);
  }

  /**
   * Spawns the stages one per turn of the event loop: each spawn copies the server's page tables, and seven in one
   * turn held calls and displays for about 95 ms. Lines queue meanwhile; `pump` sends them once all stages run.
   */
  private start(): void {
    const argvs = nullFlushStages(join(this.options.dataDir, 'modes', `${this.options.mode}.mode`));
    const stages: ChildProcess[] = [];
    this.starting = true;
    const fail = (err: SpeechEngineError) => {
      this.starting = false;
      for (const s of stages) s.kill('SIGKILL');
      for (const request of this.queue.splice(0)) {
        clearTimeout(request.timer);
        request.reject(err);
      }
    };
    const next = (at: number, input: Readable | undefined) => {
      if (this.closed) return fail(new SpeechEngineError('closed', 'apertium closed', ENGINE));
      if (at === argvs.length) return this.run(stages);
      const [program, ...args] = argvs[at];
      const binary = which(program);
      if (!binary) return fail(new SpeechEngineError('engine_failed', `apertium stage ${program} not found`, ENGINE));
      // Each stage reads the previous one's output directly (the descriptor is handed over, no copy through here).
      const stage = spawn(binary, args, { stdio: [input ?? 'pipe', 'pipe', 'ignore'] });
      stage.unref();
      // A stage that fails while the later ones start is found through the last stage's closed output.
      stage.on('error', () => undefined);
      if (stage.pid) {
        try {
          setPriority(stage.pid, this.options.nice);
        } catch {
          // Not permitted: it runs at the server's priority.
        }
      }
      stages.push(stage);
      setImmediate(() => next(at + 1, stage.stdout ?? undefined));
    };
    next(0, undefined);
  }

  /** All stages run: the pipeline takes lines. */
  private run(stages: ChildProcess[]): void {
    this.starting = false;
    const stdin = stages[0].stdin as Writable;
    const stdout = stages[stages.length - 1].stdout as Readable;
    const pipeline: Pipeline = { stages, stdin, stdout };
    this.pipeline = pipeline;
    this.started++;
    stdin.on('error', () => undefined); // EPIPE when a stage died; handled through 'exit'
    stdout.setEncoding('utf8');
    stdout.on('data', (chunk: string) => this.onOutput(pipeline, chunk));
    // Output still buffered is read before 'close', so a line answered just before a stage quit is not lost.
    stdout.on('close', () => this.onClosed(pipeline));
    for (const stage of stages) {
      stage.on('exit', () => this.kill(pipeline));
      stage.on('error', () => this.kill(pipeline));
    }
    this.pump();
  }

  private onOutput(pipeline: Pipeline, chunk: string): void {
    if (pipeline !== this.pipeline) return;
    this.output += chunk;
    const end = this.output.indexOf('\0');
    if (end < 0) {
      if (this.output.length > MAX_OUTPUT) this.kill(pipeline);
      return;
    }
    const request = this.inflight;
    const text = this.output.slice(0, end);
    this.output = this.output.slice(end + 1);
    this.inflight = undefined;
    if (request) {
      clearTimeout(request.timer);
      request.resolve(reformat(text).trim());
    }
    this.pump();
  }

  /** The last stage's output is closed: the pipeline is gone; a line still waiting for it failed. */
  private onClosed(pipeline: Pipeline): void {
    this.kill(pipeline);
    if (this.pipeline !== pipeline) return;
    this.pipeline = undefined;
    const request = this.inflight;
    this.inflight = undefined;
    if (request && !request.retried && !this.closed) {
      // It may have been written to a pipeline that was already going (translation can be repeated safely).
      request.retried = true;
      this.queue.unshift(request);
    } else if (request) {
      clearTimeout(request.timer);
      request.reject(new SpeechEngineError('engine_crashed', `apertium ${this.options.mode} stopped before answering`, ENGINE));
    }
    // The next line starts a new pipeline.
    this.pump();
  }

  private expire(request: Request): void {
    const error = new SpeechEngineError('timeout', `apertium took longer than ${this.options.timeoutMs} ms`, ENGINE);
    const queued = this.queue.indexOf(request);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      request.reject(error);
      return;
    }
    if (this.inflight !== request) return;
    // Its answer may still come and would be taken for the next line's: the pipeline goes.
    this.inflight = undefined;
    const pipeline = this.pipeline;
    this.pipeline = undefined;
    if (pipeline) this.kill(pipeline);
    request.reject(error);
    this.pump();
  }

  private stopIdle(): void {
    if (this.inflight || this.queue.length > 0 || !this.pipeline) return;
    const pipeline = this.pipeline;
    this.pipeline = undefined;
    this.kill(pipeline);
  }

  /** Kills every stage (idempotent); the last one's output then closes. */
  private kill(pipeline: Pipeline): void {
    for (const stage of pipeline.stages) {
      if (stage.exitCode === null && stage.signalCode === null) stage.kill('SIGKILL');
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    if (this.pipeline) this.kill(this.pipeline);
    this.pipeline = undefined;
    const error = new SpeechEngineError('closed', 'apertium closed', ENGINE);
    for (const request of [this.inflight, ...this.queue.splice(0)]) {
      if (!request) continue;
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.inflight = undefined;
  }
}
