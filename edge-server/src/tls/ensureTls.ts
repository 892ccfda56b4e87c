import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { assertPrivateFile, writePrivateFile } from '../security/files.ts';
import { covers, createCa, createServerCert, normalizeSan, permittedOf, sameSan, sanOf, type KeyAndCert, type SanSet } from './certificates.ts';

/**
 * HTTPS on the LAN (issue 5 §5): tablets need a secure context for the microphone and the service worker.
 * First start creates a local CA (installed once per tablet) and a server certificate signed by it; later
 * starts reuse both and only re-issue the server certificate when the addresses change or it nears expiry.
 */
export interface EnsureTlsOptions {
  dataDir: string;
  hostnames: string[];
  ips: string[];
  now?: Date;
  /** Re-issue the server certificate when fewer days than this remain. */
  renewBeforeDays?: number;
}

export interface TlsMaterial {
  key: string;
  cert: string;
  ca: string;
  /** SHA-256 of the CA certificate (DER), `AA:BB:…`, to show beside the download so staff can compare. */
  caFingerprintSha256: string;
  serverNotAfter: string;
  san: SanSet;
  caNotAfter: string;
  /** What this call had to create, e.g. to audit 'tls.certificateIssued'; `caReason` says why a CA was (re)made. */
  issued: { ca: boolean; server: boolean; caReason?: CaReason };
}

/** Why a new CA was made: none yet, unusable or near its end, from before name constraints, or the names changed. */
export type CaReason = 'none' | 'expiring' | 'unconstrained' | 'namesChanged';

export const TLS_FILES = { caKey: 'ca.key', caCert: 'ca.crt', serverKey: 'server.key', serverCert: 'server.crt' } as const;
const DAY_MS = 86_400_000;
const HOSTNAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export class TlsConfigError extends Error {
  override name = 'TlsConfigError';
}

/** Host names + LAN IPs + localhost/127.0.0.1, validated and de-duplicated. */
export function wantedSan(hostnames: readonly string[], ips: readonly string[]): SanSet {
  for (const h of hostnames) if (!HOSTNAME_RE.test(h)) throw new TlsConfigError(`not a valid host name for the certificate: ${JSON.stringify(h)}`);
  for (const ip of ips) if (net.isIP(ip) === 0) throw new TlsConfigError(`not a valid IP address for the certificate: ${JSON.stringify(ip)}`);
  return normalizeSan({ dns: [...hostnames, 'localhost'], ips: [...ips, '127.0.0.1'] });
}

function readPair(dir: string, keyFile: string, certFile: string): KeyAndCert | null {
  const k = path.join(dir, keyFile);
  const c = path.join(dir, certFile);
  if (!fs.existsSync(k) || !fs.existsSync(c)) return null;
  assertPrivateFile(k);
  return { keyPem: fs.readFileSync(k, 'utf8'), certPem: fs.readFileSync(c, 'utf8') };
}

function writePair(dir: string, keyFile: string, certFile: string, pair: KeyAndCert): void {
  writePrivateFile(path.join(dir, keyFile), pair.keyPem);
  // The certificate is public (it is offered for download); only the key is secret.
  fs.writeFileSync(path.join(dir, certFile), pair.certPem, { mode: 0o644 });
}

/** A pair is usable when the key matches the cert and the cert is valid for at least `minDays` more. */
function usable(pair: KeyAndCert, now: Date, minDays: number): X509Certificate | null {
  try {
    const x = new X509Certificate(pair.certPem);
    if (!x.checkPrivateKey(createPrivateKey(pair.keyPem))) return null;
    if (Date.parse(x.validFrom) > now.getTime() + DAY_MS) return null;
    if (Date.parse(x.validTo) - now.getTime() < minDays * DAY_MS) return null;
    return x;
  } catch {
    return null; // unreadable files are replaced, not trusted
  }
}

export async function ensureTls(options: EnsureTlsOptions): Promise<TlsMaterial> {
  const now = options.now ?? new Date();
  const renewBeforeDays = options.renewBeforeDays ?? 30;
  const dir = options.dataDir;
  const san = wantedSan(options.hostnames, options.ips);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  let ca = readPair(dir, TLS_FILES.caKey, TLS_FILES.caCert);
  let caX = ca && usable(ca, now, renewBeforeDays);
  const issued: TlsMaterial['issued'] = { ca: false, server: false };
  const permitted = ca && caX ? permittedOf(ca.certPem) : null;
  const caReason: CaReason | undefined = !ca ? 'none' : !caX ? 'expiring' : !permitted ? 'unconstrained' : !covers(permitted, san) ? 'namesChanged' : undefined;
  if (!ca || !caX || caReason) {
    // A new CA means every tablet must install it again: the caller surfaces `issued.caReason` to the admin.
    ca = await createCa(`Lotse Local CA ${os.hostname().slice(0, 32)} ${now.toISOString().slice(0, 10)}`, now, san);
    writePair(dir, TLS_FILES.caKey, TLS_FILES.caCert, ca);
    caX = new X509Certificate(ca.certPem);
    issued.ca = true;
    issued.caReason = caReason ?? 'none';
  }

  let server = readPair(dir, TLS_FILES.serverKey, TLS_FILES.serverCert);
  const serverX = server && usable(server, now, renewBeforeDays);
  const stillGood = server && serverX && !issued.ca && serverX.checkIssued(caX) && serverX.verify(caX.publicKey) && sameSan(sanOf(server.certPem), san);
  if (!server || !stillGood) {
    server = await createServerCert(ca, san, now);
    writePair(dir, TLS_FILES.serverKey, TLS_FILES.serverCert, server);
    issued.server = true;
  }

  return {
    key: server.keyPem,
    cert: server.certPem,
    ca: ca.certPem,
    caFingerprintSha256: caX.fingerprint256,
    serverNotAfter: new Date(new X509Certificate(server.certPem).validTo).toISOString(),
    caNotAfter: new Date(caX.validTo).toISOString(),
    san,
    issued,
  };
}
