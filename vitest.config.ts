import { defineConfig } from 'vitest/config';
import { POLL_MS, SLOWDOWN, TEST_LIMITS, WAIT } from './test/helpers/timeouts.ts';

// Computed once here and inherited by every worker, so all of them scale their waits by the same factor.
process.env.LOTSE_TEST_SLOWDOWN = String(SLOWDOWN);
// Engines run at nice 10 in production, below the server alone. Here they compete with Chromium and other test
// files at nice 0 and would starve past their deadlines on a loaded machine; the priority itself is tested with
// explicit nice values (pocketsphinx.test.ts, apertium.test.ts).
process.env.LOTSE_ENGINE_NICE ??= '0';

/**
 * Which test runs where. A test file lands in `unit` unless it is listed below; a file that starts a child process
 * (an engine, a CLI) or a network server does not belong in `unit`, and `test/helpers/unitGuard.ts` makes it fail
 * there.
 */
const ENGINES = [
  'edge-server/src/speech/apertium*.test.ts',
  'edge-server/src/speech/pocketsphinx*.test.ts',
  'edge-server/src/speech/whisper/**/*.test.ts',
  'edge-server/src/speech/audio.test.ts', // espeak-ng + sox synthesis
  'edge-server/src/speech/contract.test.ts',
  'edge-server/src/speech/registry.test.ts', // starts the whisper worker
  'edge-server/src/speech/mt/**/*.test.ts', // onnxruntime on generated models; a real server
  'edge-server/src/tts/**/*.test.ts',
];
const INTEGRATION = [
  'test/integration/**/*.test.ts',
  'test/fault/**/*.test.ts', // backups under load, killed processes
  'edge-server/src/appointments/appointments.test.ts', // real server and clients
  'edge-server/src/printing/printing.test.ts', // real server and a TCP printer
  'edge-server/src/realtime/ticketViewers.test.ts', // real server and clients
  'edge-server/src/app.test.ts', // real server and clients
  'edge-server/src/main/auditCli.test.ts', // runs the CLI as a process
  'edge-server/src/speech/models/install.test.ts', // a local HTTP download server
];
const SECURITY = ['test/security/**/*.test.ts', 'edge-server/src/tls/**/*.test.ts'];
const E2E = ['test/e2e/**/*.e2e.test.ts'];
/**
 * Re-run on PostgreSQL (test/pg/globalSetup.ts starts a throwaway cluster unless LOTSE_TEST_PG_URL is given):
 * repositories and real concurrency (test/pg), the queue's HTTP and socket paths, and the security suites whose
 * guarantees live in the database. Files that read the SQLite file itself stay SQLite-only. (Not yet
 * test/integration/concurrency.test.ts: two clerks on one counter pressing at the same instant get CONFLICT on
 * PostgreSQL where SQLite runs both presses one after the other; test/pg/concurrency.test.ts covers the races.)
 */
const PG = [
  'test/pg/**/*.test.ts',
  'test/integration/flow.test.ts',
  // Issue 11: the last walk-in place of the day, drawn by two kiosks at once, is a real race here.
  'test/integration/office-capacity.test.ts',
  'test/integration/restart.test.ts',
  // Issue 11: two clerks acting on one ticket at once (park, transfer, call a number, no-show, accept help).
  'test/integration/clerk-desk.test.ts',
  'test/integration/clerk-language.test.ts',
  'test/security/lockout-race.test.ts',
  'test/security/ticket-ack-codes.test.ts',
  'test/security/devices.test.ts',
  'test/security/signed-out-sockets.test.ts',
];
const UNIT = [
  'test/helpers/**/*.test.ts',
  'shared/src/**/*.test.ts',
  'edge-server/src/**/*.test.ts',
  'kiosk-app/src/**/*.test.{ts,tsx}',
  'counter-app/src/**/*.test.{ts,tsx}',
];

type Extra = { exclude?: string[]; setupFiles?: string[]; globalSetup?: string[]; limits?: keyof typeof TEST_LIMITS; env?: Record<string, string> };
const project = (name: keyof typeof TEST_LIMITS | 'pg', include: string[], extra: Extra = {}) => ({
  extends: true as const,
  test: {
    name,
    include,
    exclude: ['**/node_modules/**', '**/dist/**', ...(extra.exclude ?? [])],
    setupFiles: extra.setupFiles,
    globalSetup: extra.globalSetup,
    env: extra.env,
    testTimeout: TEST_LIMITS[extra.limits ?? (name as keyof typeof TEST_LIMITS)].test,
    hookTimeout: TEST_LIMITS[extra.limits ?? (name as keyof typeof TEST_LIMITS)].hook,
  },
});

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    // Chromium-driven tests are heavy on a 2-core machine: keep the number of parallel files small.
    maxWorkers: 2,
    allowOnly: !process.env.CI,
    // `expect.poll` waits as long as the tests' own polls (Vitest's default of 1 s is short on a busy machine).
    expect: { poll: { timeout: WAIT.event, interval: POLL_MS } },
    projects: [
      project('unit', UNIT, { exclude: [...ENGINES, ...INTEGRATION, ...SECURITY], setupFiles: ['test/helpers/unitGuard.ts'] }),
      project('engines', ENGINES),
      project('integration', INTEGRATION),
      project('security', SECURITY),
      project('e2e', E2E),
      // The dialect is this project's alone: set in a global setup it would reach every project's workers.
      project('pg', PG, { globalSetup: ['test/pg/globalSetup.ts'], limits: 'integration', env: { LOTSE_TEST_DATABASE: 'postgres' } }),
    ],
  },
});
