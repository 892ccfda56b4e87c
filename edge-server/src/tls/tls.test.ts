import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsecureFileError } from '../security/files.ts';
import { ensureTls, TlsConfigError, TLS_FILES, type TlsMaterial } from './ensureTls.ts';
import { caInstallGuides, lanAddresses } from './lan.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const OPTS = { hostnames: ['lotse.local', 'Buergeramt-Lotse'], ips: ['192.168.1.20'], now: NOW };
const DAY = 86_400_000;
let root: string;
let base: string;
let tls: TlsMaterial;

// Key generation is the slow part: one CA + server cert for the file, copied for tests that change files.
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-tls-'));
  base = path.join(root, 'base');
  tls = await ensureTls({ dataDir: base, ...OPTS });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let copies = 0;
function copyOfBase(): string {
  const dir = path.join(root, `copy${copies++}`);
  fs.cpSync(base, dir, { recursive: true });
  for (const f of [TLS_FILES.caKey, TLS_FILES.serverKey]) fs.chmodSync(path.join(dir, f), 0o600);
  return dir;
}
const mode = (f: string) => fs.statSync(f).mode & 0o777;

function get(port: number, options: https.RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

describe('ensureTls: first start', () => {
  it('writes CA and server key/cert, keys 0600', () => {
    expect(tls.issued).toEqual({ ca: true, server: true, caReason: 'none' });
    for (const f of Object.values(TLS_FILES)) expect(fs.existsSync(path.join(base, f))).toBe(true);
    expect(mode(path.join(base, TLS_FILES.caKey))).toBe(0o600);
    expect(mode(path.join(base, TLS_FILES.serverKey))).toBe(0o600);
    expect(fs.readFileSync(path.join(base, TLS_FILES.serverKey), 'utf8')).toBe(tls.key);
  });

  it('makes a CA of at most two years with CA:true and keyCertSign', () => {
    const x = new X509Certificate(tls.ca);
    expect(x.ca).toBe(true);
    expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBeLessThanOrEqual(730 * DAY);
    expect(tls.caNotAfter).toBe(new Date(x.validTo).toISOString());
    const f = forge.pki.certificateFromPem(tls.ca);
    expect(f.getExtension('keyUsage')).toMatchObject({ keyCertSign: true, critical: true });
    expect(f.getExtension('basicConstraints')).toMatchObject({ cA: true, critical: true });
    expect(tls.caFingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(tls.caFingerprintSha256.replaceAll(':', '').toLowerCase()).toBe(createHash('sha256').update(x.raw).digest('hex'));
  });

  it('makes a server cert of at most 397 days with every SAN and serverAuth, signed by the CA', () => {
    const x = new X509Certificate(tls.cert);
    expect(x.ca).toBe(false);
    expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBeLessThanOrEqual(397 * DAY);
    expect(Date.parse(x.validFrom)).toBeLessThanOrEqual(NOW.getTime());
    expect(x.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    const san = x.subjectAltName?.split(', ').sort();
    expect(san).toEqual(['DNS:buergeramt-lotse', 'DNS:localhost', 'DNS:lotse.local', 'IP Address:127.0.0.1', 'IP Address:192.168.1.20']);
    expect(x.checkIssued(new X509Certificate(tls.ca))).toBe(true);
    expect(x.verify(new X509Certificate(tls.ca).publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(tls.serverNotAfter).toBe(new Date(x.validTo).toISOString());
  });
});

describe('HTTPS with the generated certificate', () => {
  let server: https.Server;
  let port: number;
  beforeAll(async () => {
    server = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a client trusting the CA connects (by IP and by host name)', async () => {
    expect(await get(port, { ca: tls.ca })).toBe('ok');
    expect(await get(port, { ca: tls.ca, servername: 'lotse.local' })).toBe('ok');
  });

  it('a client without the CA is refused', async () => {
    await expect(get(port, {})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('a name not in the certificate is refused even with the CA', async () => {
    await expect(get(port, { ca: tls.ca, servername: 'evil.example' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});

describe('ensureTls: later starts', () => {
  it('reuses CA and server cert when nothing changed', async () => {
    const again = await ensureTls({ dataDir: copyOfBase(), ...OPTS, now: new Date(NOW.getTime() + 30 * DAY) });
    expect(again.issued).toEqual({ ca: false, server: false });
    expect(again.cert).toBe(tls.cert);
    expect(again.key).toBe(tls.key);
    expect(again.caFingerprintSha256).toBe(tls.caFingerprintSha256);
  });

  it('re-issues only the server cert when a name goes away (order and case do not matter)', async () => {
    const dir = copyOfBase();
    const same = await ensureTls({ dataDir: dir, hostnames: ['LOTSE.local', 'buergeramt-lotse'], ips: ['192.168.1.20', '127.0.0.1'], now: NOW });
    expect(same.issued.server).toBe(false);
    const fewer = await ensureTls({ dataDir: dir, ...OPTS, ips: [] });
    expect(fewer.issued).toEqual({ ca: false, server: true });
    expect(fewer.ca).toBe(tls.ca);
    expect(fewer.key).not.toBe(tls.key);
    expect(new X509Certificate(fewer.cert).subjectAltName).not.toContain('192.168.1.20');
    expect(mode(path.join(dir, TLS_FILES.serverKey))).toBe(0o600);
  });

  it('makes a new CA when a new address is outside what the CA may sign for (it names its names)', async () => {
    const dir = copyOfBase();
    const moved = await ensureTls({ dataDir: dir, ...OPTS, ips: ['10.0.0.5'] });
    expect(moved.issued).toEqual({ ca: true, server: true, caReason: 'namesChanged' });
    expect(moved.ca).not.toBe(tls.ca);
    expect(new X509Certificate(moved.cert).subjectAltName).toContain('IP Address:10.0.0.5');
    expect(new X509Certificate(moved.cert).checkIssued(new X509Certificate(moved.ca))).toBe(true);
  });

  it('re-issues the server cert when it is within 30 days of expiry', async () => {
    const dir = copyOfBase();
    expect((await ensureTls({ dataDir: dir, ...OPTS, now: new Date(NOW.getTime() + 360 * DAY) })).issued.server).toBe(false);
    const renewed = await ensureTls({ dataDir: dir, ...OPTS, now: new Date(NOW.getTime() + 370 * DAY) });
    expect(renewed.issued).toEqual({ ca: false, server: true });
    expect(Date.parse(renewed.serverNotAfter)).toBeGreaterThan(NOW.getTime() + 700 * DAY);
  });

  it('refuses a CA key readable by others', async () => {
    const dir = copyOfBase();
    fs.chmodSync(path.join(dir, TLS_FILES.caKey), 0o644);
    await expect(ensureTls({ dataDir: dir, ...OPTS })).rejects.toThrow(InsecureFileError);
  });

  it('makes a new CA (and server cert) when the CA key is lost', async () => {
    const dir = copyOfBase();
    fs.rmSync(path.join(dir, TLS_FILES.caKey));
    const fresh = await ensureTls({ dataDir: dir, ...OPTS });
    expect(fresh.issued).toEqual({ ca: true, server: true, caReason: 'none' });
    expect(fresh.caFingerprintSha256).not.toBe(tls.caFingerprintSha256);
    expect(new X509Certificate(fresh.cert).checkIssued(new X509Certificate(fresh.ca))).toBe(true);
  });

  it('rejects invalid host names and IPs before touching files', async () => {
    const dir = path.join(root, 'invalid');
    await expect(ensureTls({ dataDir: dir, hostnames: ['bad host'], ips: [] })).rejects.toThrow(TlsConfigError);
    await expect(ensureTls({ dataDir: dir, hostnames: [], ips: ['999.1.1.1'] })).rejects.toThrow(TlsConfigError);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('LAN helpers', () => {
  it('lists non-internal IPv4 addresses only', () => {
    const fake = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      eth0: [
        { address: '192.168.1.20', family: 'IPv4', internal: false },
        { address: 'fe80::1', family: 'IPv6', internal: false },
      ],
      wlan0: [{ address: '10.0.0.5', family: 'IPv4', internal: false }, { address: '192.168.1.20', family: 'IPv4', internal: false }],
    } as unknown as NodeJS.Dict<os.NetworkInterfaceInfo[]>;
    expect(lanAddresses(fake)).toEqual(['10.0.0.5', '192.168.1.20']);
    for (const ip of lanAddresses()) expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('gives German and English install steps for Android, iPadOS and Windows with URL and fingerprint', () => {
    const guides = caInstallGuides('https://192.168.1.20/ca.crt', tls.caFingerprintSha256);
    expect(guides.map((g) => g.platform)).toEqual(['android', 'ipados', 'windows']);
    for (const g of guides) {
      expect(g.steps.length).toBeGreaterThanOrEqual(3);
      for (const s of g.steps) expect(s.de.length && s.en.length).toBeGreaterThan(0);
      const all = g.steps.map((s) => `${s.de} ${s.en}`).join(' ');
      expect(all).toContain('https://192.168.1.20/ca.crt');
      expect(all).toContain(tls.caFingerprintSha256);
    }
  });
});
