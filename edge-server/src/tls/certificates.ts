import { generateKeyPair, randomBytes } from 'node:crypto';
import net from 'node:net';
import { promisify } from 'node:util';
import forge from 'node-forge';

/**
 * Certificate creation with node-forge. Keys come from node:crypto (native, fast); forge only builds and signs
 * the X.509 structures. Rules followed so iPadOS/Android/Windows accept the server cert once the CA is trusted:
 * RSA 2048, SHA-256, SAN (CN is ignored by browsers), serverAuth EKU, validity ≤ 397 days.
 */
const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * Two years, not ten (issue 10 §8): a CA whose key sits in data/tls/ should not outlive a replaced server box by
 * years. It is re-made (with a notice: every tablet installs the new one) when it nears its end or when the names
 * it may sign for change; the server certificate renews by itself (ensureTls, daily while running).
 */
export const CA_VALIDITY_DAYS = 730;
export const SERVER_VALIDITY_DAYS = 397;
// Tablets with a slightly wrong clock must still accept a fresh certificate.
const BACKDATE_MS = 60 * 60 * 1000;
const DAY_MS = 86_400_000;

export interface KeyAndCert { keyPem: string; certPem: string }
export interface SanSet { dns: string[]; ips: string[] }

export async function newRsaKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return privateKey;
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // positive INTEGER
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: Date, days: number): void {
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  // Measured from notBefore, so the whole span stays within `days`.
  cert.validity.notAfter = new Date(cert.validity.notBefore.getTime() + days * DAY_MS);
}

const NAME_CONSTRAINTS_OID = '2.5.29.30';

function ipBytes(ip: string): string {
  if (net.isIPv4(ip)) return String.fromCharCode(...ip.split('.').map(Number));
  const full = new URL(`http://[${ip}]`).hostname.slice(1, -1);
  const [head, tail = ''] = full.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = full.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.map((g) => { const n = parseInt(g, 16); return String.fromCharCode(n >> 8, n & 0xff); }).join('');
}

/**
 * NameConstraints (RFC 5280 §4.2.1.10), critical: the CA may only sign for these host names (and their
 * sub-domains) and exactly these addresses. A stolen CA key then cannot vouch for a bank or any other LAN host.
 * forge has no builder for this extension, so its DER is written here.
 */
function nameConstraints(permitted: SanSet): { id: string; critical: true; value: string } {
  const { asn1 } = forge;
  const subtree = (name: forge.asn1.Asn1) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [name]);
  const subtrees = [
    ...permitted.dns.map((d) => subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, d))),
    ...permitted.ips.map((ip) => {
      const bytes = ipBytes(ip);
      return subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, bytes + '\xff'.repeat(bytes.length)));
    }),
  ];
  const value = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, subtrees)]);
  return { id: NAME_CONSTRAINTS_OID, critical: true, value: asn1.toDer(value).getBytes() };
}

/** The names a CA may sign for (its permitted subtrees), or null for a CA without name constraints. */
export function permittedOf(caPem: string): SanSet | null {
  const ext = forge.pki.certificateFromPem(caPem).extensions.find((e: { id?: string }) => e.id === NAME_CONSTRAINTS_OID) as { value?: string } | undefined;
  if (!ext?.value) return null;
  const { asn1 } = forge;
  const root = asn1.fromDer(ext.value);
  const permitted = (root.value as forge.asn1.Asn1[]).find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  const out: SanSet = { dns: [], ips: [] };
  for (const sub of (permitted?.value ?? []) as forge.asn1.Asn1[]) {
    const name = (sub.value as forge.asn1.Asn1[])[0];
    const raw = name.value as string;
    if (name.type === 2) out.dns.push(raw);
    if (name.type === 7 && raw.length === 8) out.ips.push([...raw.slice(0, 4)].map((c) => c.charCodeAt(0)).join('.'));
    if (name.type === 7 && raw.length === 32) {
      const g = [];
      for (let i = 0; i < 16; i += 2) g.push(((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1)).toString(16));
      out.ips.push(g.join(':'));
    }
  }
  return normalizeSan(out);
}

/** Whether every name of `wanted` lies within what `permitted` allows (exact addresses; names or their sub-domains). */
export function covers(permitted: SanSet, wanted: SanSet): boolean {
  const p = normalizeSan(permitted);
  const w = normalizeSan(wanted);
  return w.ips.every((ip) => p.ips.includes(ip)) && w.dns.every((d) => p.dns.some((base) => d === base || d.endsWith(`.${base}`)));
}

export async function createCa(commonName: string, now: Date, permitted: SanSet): Promise<KeyAndCert> {
  const keyPem = await newRsaKeyPem();
  const privateKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = serial();
  validity(cert, now, CA_VALIDITY_DAYS);
  const name = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Lotse' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    // pathLen 0: this CA can only sign end-entity certificates, never another CA.
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    nameConstraints(normalizeSan(permitted)),
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

export async function createServerCert(ca: KeyAndCert, san: SanSet, now: Date): Promise<KeyAndCert> {
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const keyPem = await newRsaKeyPem();
  const privateKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = serial();
  validity(cert, now, SERVER_VALIDITY_DAYS);
  // Never past the CA: a chain with an expired CA fails anyway, and renewal is keyed on the leaf's end.
  if (cert.validity.notAfter > caCert.validity.notAfter) cert.validity.notAfter = new Date(caCert.validity.notAfter);
  cert.setSubject([{ name: 'commonName', value: san.dns[0] ?? 'localhost' }, { name: 'organizationName', value: 'Lotse' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...san.dns.map((value) => ({ type: 2, value })), ...san.ips.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** Canonical text form of an IP (IPv6 compressed, lower case) so SAN sets compare reliably. */
export function canonicalIp(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
}

/** The SAN set a certificate carries, read back with forge. */
export function sanOf(certPem: string): SanSet {
  const ext = forge.pki.certificateFromPem(certPem).getExtension('subjectAltName') as
    | { altNames?: { type: number; value?: string; ip?: string }[] }
    | null;
  const names = ext?.altNames ?? [];
  return normalizeSan({
    dns: names.filter((n) => n.type === 2 && n.value).map((n) => n.value as string),
    ips: names.filter((n) => n.type === 7 && n.ip).map((n) => n.ip as string),
  });
}

export function normalizeSan(san: SanSet): SanSet {
  return {
    dns: [...new Set(san.dns.map((d) => d.trim().toLowerCase()))].sort(),
    ips: [...new Set(san.ips.map((i) => canonicalIp(i.trim())))].sort(),
  };
}

export function sameSan(a: SanSet, b: SanSet): boolean {
  const x = normalizeSan(a);
  const y = normalizeSan(b);
  return x.dns.join(',') === y.dns.join(',') && x.ips.join(',') === y.ips.join(',');
}
