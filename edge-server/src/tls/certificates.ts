import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/**
 * Certificate creation with node-forge. Keys come from node:crypto (native, fast); forge only builds and signs
 * the X.509 structures. Rules followed so iPadOS/Android/Windows accept the server cert once the CA is trusted:
 * RSA 2048, SHA-256, SAN (CN is ignored by browsers), serverAuth EKU, validity ≤ 397 days.
 */
const generateKeyPairAsync = promisify(generateKeyPair);

export const CA_VALIDITY_DAYS = 3650;
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

export async function createCa(commonName: string, now: Date): Promise<KeyAndCert> {
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
