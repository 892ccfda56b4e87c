/**
 * Every time limit of the tests, in one place. A loaded machine should make tests slower, not red: all limits are
 * multiplied by one factor, `LOTSE_TEST_SLOWDOWN` (default 1, 2 under CI, raised further when the machine is already
 * busy when the run starts). `vitest.config.ts` computes it once and hands it to every worker through the
 * environment, so the config's test timeouts and the waits inside the tests scale together.
 */
import os from 'node:os';

function slowdownFromEnvironment(): number {
  const set = Number(process.env.LOTSE_TEST_SLOWDOWN);
  if (Number.isFinite(set) && set > 0) return set;
  const base = process.env.CI ? 2 : 1;
  // Work already queued per core when the run starts (another test run, a build): give every wait that much more.
  const busy = os.loadavg()[0] / Math.max(1, os.availableParallelism());
  return Math.min(4, Math.max(base, Math.ceil(base * busy * 2) / 2));
}

/** The factor every limit below is multiplied by. */
export const SLOWDOWN = slowdownFromEnvironment();

/** A limit of `ms` on an idle developer machine, scaled for this run. */
export const scaled = (ms: number): number => Math.round(ms * SLOWDOWN);

/** Limits of whole tests and hooks, per Vitest project. */
export const TEST_LIMITS = {
  unit: { test: scaled(20_000), hook: scaled(30_000) },
  engines: { test: scaled(90_000), hook: scaled(60_000) },
  integration: { test: scaled(90_000), hook: scaled(90_000) },
  security: { test: scaled(60_000), hook: scaled(90_000) },
  e2e: { test: scaled(180_000), hook: scaled(120_000) },
} as const;

/** Limits of single waits inside a test; each is well below the test limit, so the wait's own message is shown. */
export const WAIT = {
  /** A socket connects or is refused, an acknowledgement or a server event arrives. */
  event: scaled(10_000),
  /** Something the page shows (a locator, a text, a count) in an e2e test. */
  ui: scaled(15_000),
  /** A page load (`goto`, reload) in an e2e test. */
  navigation: scaled(30_000),
  /** The app notices the network or server is gone or back (offline banner, reconnect, replay). */
  reconnect: scaled(30_000),
  /** A speech engine result (recognition, translation, synthesis) through the whole pipeline. */
  speech: scaled(60_000),
  /** The app starts (Fastify plugins, the read-aloud engine's voice check) and listens. */
  serverStart: scaled(60_000),
  /** A file or database write the test cannot await (fire-and-forget audit entries, offline replays). */
  write: scaled(10_000),
} as const;

/** How often polls look again; short, because a poll ends at the first positive read anyway. */
export const POLL_MS = 50;

/**
 * Waits until `read()` returns a value `accept` takes, and returns it. On timeout the error names `what` and the
 * last value read (or the last error thrown), so a failure shows what was seen instead of only what was expected.
 */
export async function pollUntil<T>(
  what: string,
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number = WAIT.event,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const seen = last === undefined ? 'nothing' : 'error' in last ? `an error: ${String(last.error)}` : describe(last.value);
      throw new Error(`expected ${what} within ${timeoutMs} ms, saw ${seen}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Waits until `check()` is true (see `pollUntil`). */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number = WAIT.event): Promise<void> {
  await pollUntil(what, check, (ok) => ok, timeoutMs);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 500 ? `${json.slice(0, 500)}…` : json;
  } catch {
    return String(value);
  }
}
