/**
 * The edge server as its own process (`edge-server/src/main/server.ts`, as operators start it), for tests about the
 * process itself: start-up checks, signals, the data-folder lock, a kill in mid-write. Everything else uses the
 * in-process `TestServer`. `stopServerProcesses()` (in an `afterEach`/`afterAll`) kills whatever is still running and removes
 * the folders made here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WAIT } from './timeouts.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcessOptions {
  /** Data folder (several processes may share one); default: a new temp folder. */
  dataDir?: string;
  /** Further environment, e.g. `LOTSE_DATA_KEY` or `LOTSE_RATE_LIMIT_LOOPBACK`. */
  env?: Record<string, string>;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  /** Resolves with the exit code (null after a signal). */
  readonly exited: Promise<number | null>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Waits until its output contains `text`; on timeout the error shows the output. */
  printed(text: string, timeoutMs?: number): Promise<void>;
  /** The HTTP port from its start-up banner (after `printed('Lotse edge server is running.')`). */
  port(): number;
  /** Sends `signal` (default SIGTERM: a graceful shutdown) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();
/** Data folders made here, removed by `stopServerProcesses()`. */
const madeDirs = new Set<string>();

export function startServerProcess(opts: ServerProcessOptions = {}): ServerProcess {
  let dataDir = opts.dataDir;
  if (!dataDir) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-proc-'));
    madeDirs.add(dataDir);
  }
  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-proc-models-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'edge-server/src/main/server.ts')], {
    cwd: repoRoot,
    env: { ...process.env, LOTSE_DATA_DIR: dataDir, LOTSE_MODELS_DIR: models, LOTSE_TLS: 'off', LOTSE_PORT: '0', LOTSE_HOST: '127.0.0.1', LOTSE_DATA_KEY: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer) => {
    output += b.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      fs.rmSync(models, { recursive: true, force: true });
      for (const l of listeners) l();
      resolve(code);
    }),
  );

  return {
    child,
    dataDir,
    exited,
    output: () => output,
    printed(text, timeoutMs = WAIT.serverStart) {
      return new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (err) reject(err);
          else resolve();
        };
        const check = () => {
          if (output.includes(text)) done();
          else if (child.exitCode !== null || child.signalCode !== null) done(new Error(`the server exited before printing "${text}"; output:\n${output}`));
        };
        const timer = setTimeout(() => done(new Error(`no "${text}" within ${timeoutMs} ms; output so far:\n${output}`)), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    port() {
      const m = /http:\/\/localhost:(\d+)/.exec(output);
      if (!m) throw new Error(`no port in the output yet:\n${output}`);
      return Number(m[1]);
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Kills every server process started here that is still running, waits until they are gone, removes their folders. */
export async function stopServerProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  for (const dir of madeDirs) fs.rmSync(dir, { recursive: true, force: true });
  madeDirs.clear();
}
