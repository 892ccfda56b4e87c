import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SettingsT } from '@lotse/shared';
import { buildApp } from '../app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openSqlite, openSqliteReadOnly } from '../storage/db.ts';
import { KEY_ENV_VAR, KEY_FILE_NAME, loadOrCreateKey } from '../crypto/fieldCrypto.ts';
import { DEFAULT_LOCKOUT } from '../security/lockout.ts';
import { SettingsService } from '../security/settings.ts';
import { collectPrivacyFacts } from '../privacy/facts.ts';
import { privacyReportMarkdown } from '../privacy/markdown.ts';

/**
 * `npm run privacy-report`: prints the Art. 30 record and DPIA facts for this installation. Reads the settings and
 * tables of the configured database read-only (it is never migrated or changed) and the route table from an
 * in-memory build of the same server.
 */
async function main() {
  const config = loadConfig();
  const file = path.join(config.dataDir, 'lotse.sqlite');
  const probe = openSqlite(':memory:');
  await migrateToLatest(probe);
  const lotse = await buildApp({ db: probe, trust: { session: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionMaxHours } } });
  await lotse.app.ready();
  // Without a database yet, the tables are those a first start creates (the in-memory build above).

  const live = fs.existsSync(file) ? openSqliteReadOnly(file) : undefined;
  try {
    let settings: SettingsT = await lotse.trust.settings.get();
    if (live) settings = await new SettingsService(live).get().catch(() => settings);
    const keyFile = path.join(config.dataDir, KEY_FILE_NAME);
    const facts = await collectPrivacyFacts({
      db: live ?? probe,
      now: () => new Date(),
      settings: async () => settings,
      routes: lotse.trust.routes,
      // An existing key is read only for its id; a missing one is not created here (that is the server's first start).
      dataKey: process.env[KEY_ENV_VAR] || fs.existsSync(keyFile) ? loadOrCreateKey({ dataDir: config.dataDir }) : { source: 'created', keyId: '(noch keiner)' },
      tls: { enabled: config.tls, fingerprint: config.tls ? fingerprintOf(path.join(config.dataDir, 'tls', 'ca.crt')) : undefined },
      retentionTargets: lotse.trust.retention.names(),
      sessionPolicy: lotse.staff.policy,
      lockout: DEFAULT_LOCKOUT,
      rateLimits: { ...lotse.trust.rateLimits, exemptLoopback: !config.rateLimitLoopback },
    });
    console.log(privacyReportMarkdown(facts));
  } finally {
    await live?.destroy();
    await lotse.app.close();
    await probe.destroy();
  }
}

function fingerprintOf(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return new X509Certificate(fs.readFileSync(file)).fingerprint256;
}

main().catch((err: unknown) => {
  console.error('privacy report failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
