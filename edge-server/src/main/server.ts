import path from 'node:path';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { buildApp } from '../app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openDatabase, redactUrl } from '../storage/db.ts';
import { seedDemoOffice } from './seed.ts';
import { findKey } from '../crypto/fieldCrypto.ts';
import { openDataKey } from '../crypto/dataKey.ts';
import { acquireDataLock } from './dataLock.ts';
import { ensureTls, lanAddresses, type TlsMaterial } from '../tls/index.ts';
import { createHttpSide, dualProtocolPort } from '../tls/httpSide.ts';
import { startRenewal } from '../tls/renewal.ts';
import { createSpeechEngines, type SpeechEngines } from '../speech/registry.ts';
import { installOps } from '../ops/index.ts';
import { attachRedisAdapter } from '../ops/cluster.ts';

/** Owns what `app.ts` leaves out: configuration, keys and certificates, the database file, listen, output, shutdown. */
async function main() {
  const config = loadConfig();
  // One process per data folder; the 'exit' hook also runs on process.exit and uncaught errors (kill -9 leaves a stale lock, taken over).
  const lock = acquireDataLock(config.dataDir, { command: 'server' });
  process.on('exit', () => lock.release());
  // Secrets first: a key file with loose permissions stops the start before anything is written.
  findKey({ dataDir: config.dataDir });
  const lan = lanAddresses();
  let tls: TlsMaterial | undefined;
  const tlsOptions = { dataDir: path.join(config.dataDir, 'tls'), hostnames: config.tlsHostnames, ips: lan };
  if (config.tls) tls = await ensureTls(tlsOptions);
  const tlsRuntime = tls && { material: tls, httpsPort: config.httpsPort, httpPort: config.port };

  const db = openDatabase({ url: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'lotse.sqlite') });
  await migrateToLatest(db);
  // A missing or different key for a database that holds transcripts stops here, with how to restore it.
  const dataKey = await openDataKey(db, { dataDir: config.dataDir });
  let engines: SpeechEngines | undefined;
  try {
    engines = createSpeechEngines({ warmUp: true });
  } catch (err) {
    console.error('Speech engines unavailable (typing and phrasebook still work):', err instanceof Error ? err.message : err);
  }
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const lotse = await buildApp({
    db,
    timeZone: config.timeZone,
    devAutoPair: config.devAutoPair,
    appsDir: config.appsDir,
    logger: { level: process.env.LOTSE_LOG_LEVEL ?? 'info' },
    dataKey,
    engines,
    trust: {
      tls: tlsRuntime,
      rateLimits: { exemptLoopback: !config.rateLimitLoopback },
      socketRate: { exemptLoopback: !config.rateLimitLoopback },
      session: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionMaxHours },
    },
    onHttpHandler: (h) => (handler = h),
  });
  // Several nodes behind one address share room broadcasts through Redis (docs/operations.md).
  const closeRedis = process.env.LOTSE_REDIS_URL
    ? await attachRedisAdapter(lotse.io, process.env.LOTSE_REDIS_URL, { devices: lotse.devices, onError: (err) => lotse.app.log.error({ err }, 'Redis connection failed') })
    : undefined;
  // Health, metrics and the backup schedule (before listen: Fastify takes no routes once it listens).
  const ops = installOps(lotse, {
    db, dataDir: config.dataDir, sqliteFile: config.databaseUrl ? undefined : path.join(config.dataDir, 'lotse.sqlite'), key: dataKey, engines,
    metricsToken: process.env.LOTSE_METRICS_TOKEN || undefined,
  });
  const { audit } = lotse.trust;
  if (dataKey.source === 'created') await audit({ actor: 'system', action: 'crypto.keyCreated', details: { kind: 'dataKey' } });
  if (tls?.issued.ca || tls?.issued.server) {
    await audit({ actor: 'system', action: 'tls.certificateIssued', details: { kind: tls.issued.ca ? 'caAndServer' : 'server' } });
  }
  const seeded = await seedDemoOffice(db, lotse.staff);

  let httpSide: Server | undefined;
  let httpPortServer: NetServer | undefined;
  let stopRenewal: (() => void) | undefined;
  if (tls && tlsRuntime && handler) {
    await lotse.app.listen({ host: config.host, port: config.httpsPort });
    const side = createHttpSide({
      handler,
      engine: lotse.io.engine,
      httpsPort: config.httpsPort,
      caPem: () => tlsRuntime.material.ca,
      redirect: { names: () => [...tlsRuntime.material.san.dns, ...tlsRuntime.material.san.ips], fallback: config.tlsHostnames[0] ?? lan[0] ?? 'localhost' },
    });
    httpSide = side;
    // The plain port answers TLS too, so HSTS's http://name:port -> https://name:port upgrade lands on HTTPS.
    const front = dualProtocolPort(side, lotse.app.server);
    httpPortServer = front;
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(config.port, config.host, () => resolve());
    });
    // The server certificate renews itself while the server runs (ensureTls re-issues when < 30 days are left).
    stopRenewal = startRenewal(() => tlsOptions, { runtime: tlsRuntime, server: lotse.app.server as unknown as HttpsServer }, (issued, err) => {
      if (err) return lotse.app.log.error({ err }, 'certificate renewal failed');
      void audit({ actor: 'system', action: 'tls.certificateIssued', details: { kind: issued?.ca ? 'caAndServer' : 'server' } });
      lotse.app.log.warn({ serverNotAfter: tlsRuntime.material.serverNotAfter, newCa: Boolean(issued?.ca) }, issued?.ca ? 'new local CA: every tablet must install it' : 'server certificate renewed');
    });
  } else {
    await lotse.app.listen({ host: config.host, port: config.port });
  }
  lotse.trust.retention.start();
  await audit({ actor: 'system', action: 'system.started', details: { kind: tls ? 'https' : 'http', version: String(process.env.npm_package_version ?? '0') } });

  const httpPort = httpPortServer ? (httpPortServer.address() as AddressInfo).port : (lotse.app.server.address() as AddressInfo).port;
  const httpsPort = tls ? (lotse.app.server.address() as AddressInfo).port : undefined;
  const urls = (base: string) => [
    `  Kiosk:          ${base}/kiosk/`,
    `  Aufrufanzeige:  ${base}/kiosk/display`,
    `  Schalter:       ${base}/counter/`,
    `  Verwaltung:     ${base}/counter/admin`,
  ];
  const lines = ['', 'Lotse edge server is running.', ...urls(`http://localhost:${httpPort}`), `  API (OpenAPI):  http://localhost:${httpPort}/api/openapi.json`];
  for (const h of lan) lines.push(...urls(httpsPort ? `https://${h}:${httpsPort}` : `http://${h}:${httpPort}`));
  if (tls && httpsPort) {
    lines.push(
      '',
      `HTTPS on the LAN (port ${httpsPort}); plain HTTP on ${httpPort} serves this machine and redirects everyone else.`,
      `  Install the local CA on every tablet once: http://<this-address>:${httpPort}/ca.crt`,
      `  CA fingerprint (SHA-256): ${tls.caFingerprintSha256}`,
    );
    const why = { none: 'first start or CA files missing', expiring: 'the old one was ending', unconstrained: 'the old one could sign for any name', namesChanged: 'this server has a name or address the old one may not sign for' };
    if (tls.issued.ca) lines.push(`  A new CA was created (${why[tls.issued.caReason ?? 'none']}): tablets that trusted an older one must install this one.`);
    const caDaysLeft = Math.floor((Date.parse(tls.caNotAfter) - Date.now()) / 86_400_000);
    if (caDaysLeft < 90) lines.push(`  The local CA ends on ${tls.caNotAfter.slice(0, 10)}; 30 days before, a new one is made and every tablet must install it.`);
  } else {
    lines.push('', 'LOTSE_TLS=off: no HTTPS. Tablets get no microphone or offline mode over plain HTTP (test setups only).');
  }
  lines.push(`  Data folder:    ${config.dataDir} (data key: ${dataKey.source === 'env' ? 'LOTSE_DATA_KEY' : dataKey.file})`);
  lines.push(`  Database:       ${config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : path.join(config.dataDir, 'lotse.sqlite')}`);
  if (seeded.createdAccounts.length) {
    lines.push('', 'First start: accounts created. Write these one-time passwords down now; they are not shown again and must be changed at the first sign-in:');
    for (const a of seeded.createdAccounts) lines.push(`  ${a.role.padEnd(6)} user "${a.username}"  password: ${a.password}`);
  }
  if (config.devAutoPair) lines.push('', 'LOTSE_DEV_AUTOPAIR=1: devices on this machine pair without a code (development only).');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    lotse.app.log.info({ signal }, 'shutting down');
    stopRenewal?.();
    ops.stop();
    if (httpSide && httpPortServer) {
      httpSide.closeAllConnections();
      await new Promise<void>((resolve) => httpPortServer?.close(() => resolve()));
    }
    await lotse.app.close();
    await closeRedis?.();
    await engines?.close().catch(() => undefined);
    await db.destroy();
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // The banner last: whoever waits for it (an operator's script, a test) may signal at once.
  console.log(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  console.error('Lotse could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
