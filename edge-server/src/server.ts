import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openSqlite } from './storage/db.ts';
import { seedDemoOffice } from './storage/seed.ts';

/** Owns what `app.ts` leaves out: configuration, the database file, listen, console output and shutdown. */
async function main() {
  const config = loadConfig();
  const db = openSqlite(path.join(config.dataDir, 'lotse.sqlite'));
  await migrateToLatest(db);
  const lotse = await buildApp({
    db,
    timeZone: config.timeZone,
    devAutoPair: config.devAutoPair,
    appsDir: config.appsDir,
    logger: { level: process.env.LOTSE_LOG_LEVEL ?? 'info' },
  });
  const seeded = await seedDemoOffice(db, lotse.staff);
  await lotse.app.listen({ host: config.host, port: config.port });

  const port = (lotse.app.server.address() as { port: number }).port;
  const hosts = ['localhost', ...lanAddresses()];
  const lines = [
    '',
    'Lotse edge server is running.',
    ...hosts.flatMap((h) => [
      `  Kiosk:          http://${h}:${port}/kiosk/`,
      `  Aufrufanzeige:  http://${h}:${port}/kiosk/display`,
      `  Schalter:       http://${h}:${port}/counter/`,
      `  Verwaltung:     http://${h}:${port}/counter/admin`,
    ].concat(h === 'localhost' ? [`  API (OpenAPI):  http://${h}:${port}/api/openapi.json`] : [])),
    `  Data folder:    ${config.dataDir}`,
  ];
  if (seeded.createdAccounts.length) {
    lines.push('', 'First start: accounts created. Write these one-time passwords down now; they are not shown again:');
    for (const a of seeded.createdAccounts) lines.push(`  ${a.role.padEnd(6)} user "${a.username}"  password: ${a.password}`);
  }
  if (config.devAutoPair) lines.push('', 'LOTSE_DEV_AUTOPAIR=1: devices on this machine pair without a code (development only).');
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    lotse.app.log.info({ signal }, 'shutting down');
    await lotse.app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

main().catch((err: unknown) => {
  console.error('Lotse could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
