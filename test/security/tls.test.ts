import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, PROTOCOL_VERSION } from '@lotse/shared';
import { buildApp, type LotseApp } from '../../edge-server/src/app.ts';
import { migrateToLatest, openSqlite, type Db } from '../../edge-server/src/storage/db.ts';
import { ensureTls, lanAddresses, type TlsMaterial } from '../../edge-server/src/tls/index.ts';
import { createHttpSide } from '../../edge-server/src/tls/httpSide.ts';
import { DeviceService } from '../../edge-server/src/devices/service.ts';
import { emitRaw, type ClientSocket } from '../helpers/server.ts';

function get(url: string, opts: https.RequestOptions = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, opts, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('HTTPS on the LAN', () => {
  let dir: string;
  let db: Db;
  let lotse: LotseApp;
  let tls: TlsMaterial;
  let side: http.Server;
  let httpsPort: number;
  let httpPort: number;
  let deviceToken: string;
  const lan = lanAddresses();
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-tls-'));
    tls = await ensureTls({ dataDir: path.join(dir, 'tls'), hostnames: [], ips: lan });
    db = openSqlite(path.join(dir, 'lotse.sqlite'));
    await migrateToLatest(db);
    let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
    side = http.createServer();
    await new Promise<void>((r) => side.listen(0, '0.0.0.0', () => r()));
    httpPort = (side.address() as AddressInfo).port;
    side.close();
    lotse = await buildApp({ db, trust: { tls: { material: tls, httpsPort: 0, httpPort } }, onHttpHandler: (h) => (handler = h) });
    await lotse.app.listen({ host: '0.0.0.0', port: 0 });
    httpsPort = (lotse.app.server.address() as AddressInfo).port;
    side = createHttpSide({ handler: handler!, engine: lotse.io.engine, httpsPort, caPem: () => tls.ca, redirect: { names: () => [...tls.san.dns, ...tls.san.ips], fallback: 'localhost' } });
    await new Promise<void>((r) => side.listen(httpPort, '0.0.0.0', () => r()));
    deviceToken = (await new DeviceService({ db }).pairWithoutCode('display', 'TLS display')).token;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    side?.closeAllConnections();
    await new Promise((r) => side?.close(r));
    await lotse?.app.close();
    await db?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a client that trusts the generated CA connects over HTTPS and WSS; one that does not is refused', async () => {
    const ok = await get(`https://localhost:${httpsPort}/api/v1/info`, { ca: tls.ca });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    await expect(get(`https://localhost:${httpsPort}/api/v1/info`)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);

    const trusted = ioClient(`https://localhost:${httpsPort}`, { ca: tls.ca, transports: ['websocket'], reconnection: false, auth: { protocolVersion: PROTOCOL_VERSION, deviceToken } });
    sockets.push(trusted);
    await new Promise<void>((resolve, reject) => {
      trusted.once('connect', () => resolve());
      trusted.once('connect_error', reject);
    });
    expect((await emitRaw(trusted, C2S.displayGet, {})).ok).toBe(true);

    const untrusted = ioClient(`https://localhost:${httpsPort}`, { transports: ['websocket'], reconnection: false, auth: { protocolVersion: PROTOCOL_VERSION, deviceToken } });
    sockets.push(untrusted);
    const err = await new Promise<Error>((resolve, reject) => {
      untrusted.once('connect', () => reject(new Error('connected without trusting the CA')));
      untrusted.once('connect_error', resolve);
    });
    expect(err).toBeInstanceOf(Error);
  });

  it('the certificate names localhost, 127.0.0.1 and the LAN addresses', () => {
    expect(tls.san.dns).toContain('localhost');
    expect(tls.san.ips).toEqual(expect.arrayContaining(['127.0.0.1', ...lan]));
  });

  it('plain HTTP serves this machine as before, offers /ca.crt to everyone and redirects everyone else to HTTPS', async () => {
    const local = await get(`http://127.0.0.1:${httpPort}/api/v1/info`);
    expect(local.status).toBe(200);
    const ca = await get(`http://127.0.0.1:${httpPort}/ca.crt`);
    expect(ca.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(ca.body).toBe(tls.ca);
    // Over the LAN address the source is not loopback: redirect, except the CA download.
    for (const ip of lan.slice(0, 1)) {
      const redirected = await get(`http://${ip}:${httpPort}/counter/admin?x=1`);
      expect(redirected.status).toBe(308);
      expect(redirected.headers.location).toBe(`https://${ip}:${httpsPort}/counter/admin?x=1`);
      expect((await get(`http://${ip}:${httpPort}/ca.crt`)).body).toBe(tls.ca);
      expect((await get(`https://${ip}:${httpsPort}/api/v1/info`, { ca: tls.ca })).status).toBe(200);
    }
  });

  it('the admin page gets the fingerprint and install steps for Android, iPadOS and Windows', async () => {
    const staff = lotse.staff;
    await staff.create('tlsadmin', 'TLS Admin', 'admin', 'Sehr-langes-Admin-Passwort-1');
    await db.updateTable('staff').set({ must_change_password: 0 }).where('username', '=', 'tlsadmin').execute();
    const session = await staff.login('tlsadmin', 'Sehr-langes-Admin-Passwort-1');
    const res = await get(`https://localhost:${httpsPort}/api/v1/tls`, { ca: tls.ca, headers: { authorization: `Bearer ${session.token}` } });
    const info = JSON.parse(res.body) as { enabled: boolean; caFingerprintSha256: string; caUrl: string; guides: { platform: string }[] };
    expect(info.enabled).toBe(true);
    expect(info.caFingerprintSha256).toBe(tls.caFingerprintSha256);
    expect(info.caUrl).toBe(`http://localhost:${httpPort}/ca.crt`);
    expect(info.guides.map((g) => g.platform)).toEqual(['android', 'ipados', 'windows']);
  });
});
