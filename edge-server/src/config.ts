import path from 'node:path';

/** Settings from the environment, with the embedded defaults a fresh install runs on. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  timeZone: string;
  /** Pair devices without a code when they connect from this machine (development only). */
  devAutoPair: boolean;
  /** Folder with the built apps (`kiosk-app/dist`, `counter-app/dist`); undefined serves none. */
  appsDir?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = Number(env.LOTSE_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`LOTSE_PORT must be a port number, got "${env.LOTSE_PORT}"`);
  return {
    host: env.LOTSE_HOST ?? '0.0.0.0',
    port,
    dataDir: path.resolve(cwd, env.LOTSE_DATA_DIR ?? 'data'),
    timeZone: env.LOTSE_TIME_ZONE ?? 'Europe/Berlin',
    devAutoPair: env.LOTSE_DEV_AUTOPAIR === '1',
    appsDir: path.resolve(cwd, env.LOTSE_APPS_DIR ?? '.'),
  };
}
