/**
 * `npm run bench`: every part on its own, in its own process group, with its own time bound. A part that fails or
 * overruns is killed with everything it started (servers, engines) and reported; the next part still runs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const levelSeconds = Number(process.env.BENCH_LEVEL_SECONDS ?? 30);
const levels = (process.env.BENCH_LEVELS ?? '1,2,4,8,16').split(',').length + 1;
const PARTS: Array<{ name: string; file: string; limitS: number }> = [
  { name: 'queue and displays', file: 'run.ts', limitS: 150 },
  { name: 'check-ins with 1,500 waiting, desks following', file: 'desk.ts', limitS: 180 },
  { name: 'captions, one counter', file: 'speech.ts', limitS: 180 },
  { name: 'kiosk bundle and LCP', file: 'kiosk.ts', limitS: 180 },
  { name: 'first load over the wire', file: 'firstLoad.ts', limitS: 240 },
  { name: 'phrasebook suggestions per keystroke', file: 'phrasebook.ts', limitS: 60 },
  { name: 'durable check-ins on SQLite and PostgreSQL vs raw inserts', file: 'storage.ts', limitS: 90 },
  // Setup and the bare-engine run, then each level plus its drain.
  { name: 'concurrent conversations', file: 'conversations.ts', limitS: 120 + levels * (levelSeconds + 25) },
];

const running = new Set<number>();
const killGroup = (pid: number) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const pid of running) killGroup(pid);
    process.exit(130);
  });
}

function runPart(part: (typeof PARTS)[number]): Promise<string> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, part.file)], { stdio: 'inherit', detached: true });
    const pid = child.pid!;
    running.add(pid);
    let overran = false;
    const timer = setTimeout(() => {
      overran = true;
      killGroup(pid);
    }, part.limitS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Whatever the part left behind in its group (a forked server, engine processes) goes with it.
      killGroup(pid);
      running.delete(pid);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      resolve(overran ? `stopped after its limit of ${part.limitS} s` : code === 0 ? `ok (${seconds} s)` : `failed (${signal ?? `exit ${code}`}, ${seconds} s)`);
    });
  });
}

const only = process.argv.slice(2);
const outcomes: string[] = [];
for (const part of PARTS.filter((p) => only.length === 0 || only.some((o) => p.file.startsWith(o)))) {
  console.log(`\n=== bench: ${part.name} (${part.file}, at most ${part.limitS} s) ===`);
  outcomes.push(`${part.name}: ${await runPart(part)}`);
}
console.log(`\n=== bench summary ===\n${outcomes.join('\n')}`);
process.exit(outcomes.every((o) => o.includes(': ok')) ? 0 : 1);
