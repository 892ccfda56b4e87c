import os from 'node:os';
import path from 'node:path';

/** Settings from the environment, with the embedded defaults a fresh install runs on. */
export interface Config {
  host: string;
  /** Plain HTTP. With TLS on it serves this machine (localhost) and `/ca.crt`, and redirects everyone else. */
  port: number;
  dataDir: string;
  /** `LOTSE_DATABASE_URL` (postgres://…): PostgreSQL instead of the SQLite file in the data folder. */
  databaseUrl?: string;
  timeZone: string;
  /** Pair devices without a code when they connect from this machine (development only). */
  devAutoPair: boolean;
  /** Folder with the built apps (`kiosk-app/dist`, `counter-app/dist`); undefined serves none. */
  appsDir?: string;
  /** HTTPS on the LAN with a local CA (LOTSE_TLS=off disables it, for test setups only). */
  tls: boolean;
  httpsPort: number;
  /** Host names for the server certificate besides localhost and the LAN addresses. */
  tlsHostnames: string[];
  /** Apply rate limits to requests from this machine too (behind a reverse proxy everything looks local). */
  rateLimitLoopback: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

const HOSTNAME_RE = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const extraNames = (env.LOTSE_TLS_HOSTNAMES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of extraNames) if (!HOSTNAME_RE.test(name)) throw new Error(`LOTSE_TLS_HOSTNAMES: "${name}" is not a host name`);
  // This machine's own name goes in when it is a valid DNS name (some are not, e.g. with underscores).
  const own = [os.hostname(), os.hostname().split('.')[0]].filter((h) => HOSTNAME_RE.test(h) && h !== 'localhost');
  return {
    host: env.LOTSE_HOST ?? '0.0.0.0',
    port: int(env, 'LOTSE_PORT', 8080, 0, 65535),
    dataDir: path.resolve(cwd, env.LOTSE_DATA_DIR ?? 'data'),
    databaseUrl: env.LOTSE_DATABASE_URL?.trim() || undefined,
    timeZone: env.LOTSE_TIME_ZONE ?? 'Europe/Berlin',
    devAutoPair: env.LOTSE_DEV_AUTOPAIR === '1',
    appsDir: path.resolve(cwd, env.LOTSE_APPS_DIR ?? '.'),
    tls: (env.LOTSE_TLS ?? 'on').toLowerCase() !== 'off',
    httpsPort: int(env, 'LOTSE_HTTPS_PORT', 8443, 0, 65535),
    tlsHostnames: [...new Set([...own, ...extraNames].map((h) => h.toLowerCase()))],
    rateLimitLoopback: env.LOTSE_RATE_LIMIT_LOOPBACK === '1',
    sessionIdleMinutes: int(env, 'LOTSE_SESSION_IDLE_MINUTES', 30, 5, 240),
    sessionMaxHours: int(env, 'LOTSE_SESSION_MAX_HOURS', 10, 1, 24),
  };
}
