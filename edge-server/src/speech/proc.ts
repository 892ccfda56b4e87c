// Small helpers for spawning engine binaries: no shell, bounded time, bounded output.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SpeechEngineError } from './types.ts';

/** Absolute path of an executable on PATH, or undefined. */
export function which(binary: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  if (binary.includes('/')) return isExecutable(binary) ? binary : undefined;
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return existsSync(path);
  } catch {
    return false;
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

const MAX_OUTPUT = 1 << 20;

/**
 * Spawns `command` with a real pipe as stdin. Node's stdio 'pipe' is a socketpair, and both
 * pocketsphinx (-infile /dev/stdin) and apertium-destxt fopen /dev/stdin, which fails on a socket.
 * bash puts `cat` in between and then execs the engine itself, so the pid is the engine's and
 * killing it needs no process group. Arguments are passed as argv, never through the shell text.
 */
export function spawnWithPipeStdin(
  command: string,
  args: readonly string[],
  options: { signal?: AbortSignal } = {},
): ChildProcessWithoutNullStreams {
  return spawn('bash', ['-c', 'exec "$0" "$@" < <(exec cat)', command, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    signal: options.signal,
    killSignal: 'SIGKILL',
  });
}

/** Runs a binary with input on stdin; rejects on spawn failure, timeout or non-zero exit. */
export function runProcess(
  engine: string,
  command: string,
  args: readonly string[],
  input: Uint8Array | string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // With a signal, aborting kills the child (e.g. a partial pass made obsolete by the final one).
    const child = spawnWithPipeStdin(command, args, { signal });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (error: SpeechEngineError | undefined, result?: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else if (result) resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new SpeechEngineError('timeout', `${command} took longer than ${timeoutMs} ms`, engine));
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += s;
    });
    child.stderr.on('data', (s: string) => {
      // Keep only the tail: it holds the error message.
      stderr = (stderr + s).slice(-4096);
    });
    child.on('error', (err) => finish(new SpeechEngineError('engine_failed', `cannot run ${command}: ${err.message}`, engine)));
    child.on('close', (code) => {
      if (code === 0) finish(undefined, { stdout, stderr, code });
      else finish(new SpeechEngineError('engine_failed', `${command} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, engine));
    });
    // EPIPE when the child dies early is reported through 'close'.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
