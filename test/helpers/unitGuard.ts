/**
 * Set-up of the `unit` project: unit tests start no child process or worker thread (the engines run in those) and
 * open no network socket (that is what keeps
 * them fast and calm on a busy machine). A test that tries anyway fails at once with a message saying which project
 * it belongs in, instead of silently making the unit run slow.
 */
import childProcess from 'node:child_process';
import net from 'node:net';
import workerThreads from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';

function refuse(what: string): never {
  throw new Error(`${what} in a unit test: list this file under engines, integration or security in vitest.config.ts`);
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  Object.defineProperty(childProcess, name, { value: () => refuse(`child_process.${name}()`), configurable: true, writable: true });
}
Object.defineProperty(workerThreads, 'Worker', {
  value: class RefusedWorker {
    constructor() {
      refuse('a worker thread');
    }
  },
  configurable: true,
  writable: true,
});
net.Server.prototype.listen = function listen() {
  return refuse('a network server (listen)');
};
net.Socket.prototype.connect = function connect() {
  return refuse('a network connection');
};
// Named imports (`import { spawn } from 'node:child_process'`) see the replacements too.
syncBuiltinESMExports();
