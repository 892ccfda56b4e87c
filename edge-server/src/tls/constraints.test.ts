import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { covers, createServerCert, permittedOf } from './certificates.ts';
import { ensureTls, TLS_FILES, type TlsMaterial } from './ensureTls.ts';

/** Issue 10 §8: the local CA may sign only for this server's names, checked with OpenSSL itself. */
const OPTS = { hostnames: ['lotse.local'], ips: ['192.168.1.20'] };
let dir: string;
let tls: TlsMaterial;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const openssl = (...args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });
const verify = (leafPem: string, name: string) => openssl('verify', '-CAfile', path.join(dir, 'tls', TLS_FILES.caCert), file(name, leafPem));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-nc-'));
  tls = await ensureTls({ dataDir: path.join(dir, 'tls'), ...OPTS });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('local CA name constraints', () => {
  it('carries critical name constraints permitting exactly the host names, localhost and the addresses', () => {
    const text = openssl('x509', '-noout', '-text', '-in', path.join(dir, 'tls', TLS_FILES.caCert)).stdout;
    expect(text).toMatch(/X509v3 Name Constraints: critical\s+Permitted:/);
    for (const name of ['DNS:lotse.local', 'DNS:localhost', 'IP:192.168.1.20/255.255.255.255', 'IP:127.0.0.1/255.255.255.255']) expect(text).toContain(name);
    expect(permittedOf(tls.ca)).toEqual({ dns: ['localhost', 'lotse.local'], ips: ['127.0.0.1', '192.168.1.20'] });
  });

  it('OpenSSL accepts the server certificate and refuses a leaf for a foreign name or address signed by the same CA key', async () => {
    expect(verify(tls.cert, 'server.pem')).toMatchObject({ status: 0 });
    const ca = { keyPem: fs.readFileSync(path.join(dir, 'tls', TLS_FILES.caKey), 'utf8'), certPem: tls.ca };
    const now = new Date();
    const bank = await createServerCert(ca, { dns: ['www.bank.example'], ips: [] }, now);
    const otherHost = await createServerCert(ca, { dns: [], ips: ['192.168.1.21'] }, now);
    const sub = await createServerCert(ca, { dns: ['kiosk.lotse.local'], ips: [] }, now);
    for (const [name, leaf] of [['bank.pem', bank], ['other.pem', otherHost]] as const) {
      const out = verify(leaf.certPem, name);
      expect(out.status, name).not.toBe(0);
      expect(out.stdout + out.stderr).toMatch(/permitted subtree violation/);
    }
    expect(verify(sub.certPem, 'sub.pem')).toMatchObject({ status: 0 }); // a sub-domain of a configured name is inside
  });

  it('coverage: exact addresses, names or their sub-domains', () => {
    const permitted = { dns: ['lotse.local'], ips: ['10.0.0.1'] };
    expect(covers(permitted, { dns: ['a.lotse.local'], ips: ['10.0.0.1'] })).toBe(true);
    expect(covers(permitted, { dns: ['evil-lotse.local'], ips: [] })).toBe(false);
    expect(covers(permitted, { dns: [], ips: ['10.0.0.2'] })).toBe(false);
  });

  it('a CA from before name constraints is replaced, and the reason says so', async () => {
    const old = path.join(dir, 'old');
    fs.cpSync(path.join(dir, 'tls'), old, { recursive: true });
    // An unconstrained 10-year CA as the previous release made it.
    const key = path.join(old, TLS_FILES.caKey);
    const made = openssl('req', '-x509', '-new', '-key', key, '-subj', '/CN=Lotse Local CA old', '-days', '3650', '-out', path.join(old, TLS_FILES.caCert),
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    expect(made.status, made.stderr).toBe(0);
    const next = await ensureTls({ dataDir: old, ...OPTS });
    expect(next.issued).toEqual({ ca: true, server: true, caReason: 'unconstrained' });
    expect(permittedOf(next.ca)).not.toBeNull();
  });
});
