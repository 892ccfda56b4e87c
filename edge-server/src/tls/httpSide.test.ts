import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Server as NetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type LotseApp } from '../app.ts';
import { migrateToLatest, openSqlite, type Db } from '../storage/db.ts';
import { ensureTls, type TlsMaterial } from './ensureTls.ts';
import { createHttpSide, dualProtocolPort, redirectHost } from './httpSide.ts';

/** Issue 10 §8: the redirect never copies a foreign Host; HSTS on HTTPS; the plain port also answers TLS. */
const names = () => ['lotse.local', 'localhost', '192.168.1.20', '127.0.0.1'];
const redirect = { names, fallback: 'lotse.local' };

function get(url: string, opts: https.RequestOptions = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    mod.get(url, { agent: false, ...opts }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    }).on('error', reject);
  });
}

describe('HTTP redirect target', () => {
  it('keeps a Host that is one of the certificate names, and replaces any other by the configured name', () => {
    expect(redirectHost('lotse.local:8080', redirect)).toBe('lotse.local');
    expect(redirectHost('LOTSE.local', redirect)).toBe('lotse.local');
    expect(redirectHost('192.168.1.20:8080', redirect)).toBe('192.168.1.20');
    for (const foreign of ['evil.example', 'evil.example:8080', 'lotse.local.evil.example', '10.9.9.9', '', undefined, 'a b', '[::1]']) {
      expect(redirectHost(foreign, redirect), String(foreign)).toBe('lotse.local');
    }
  });

  it('a request from the LAN with a foreign Host header is redirected to the configured name', () => {
    const side = createHttpSide({ handler: () => undefined, engine: { handleRequest: () => undefined, handleUpgrade: () => undefined }, httpsPort: 8443, caPem: () => '', redirect });
    const headers: Record<string, unknown> = {};
    const req = { url: '/counter/?x=1', method: 'GET', headers: { host: 'evil.example' }, socket: { remoteAddress: '192.168.1.50' } } as unknown as IncomingMessage;
    const res = { writeHead: (status: number, h: Record<string, string>) => Object.assign(headers, { status, ...h }), end: () => undefined } as unknown as ServerResponse;
    side.emit('request', req, res);
    expect(headers).toMatchObject({ status: 308, Location: 'https://lotse.local:8443/counter/?x=1' });
  });
});

describe('HSTS and one port for both protocols', () => {
  let dir: string;
  let db: Db;
  let lotse: LotseApp;
  let tls: TlsMaterial;
  let front: NetServer;
  let side: http.Server;
  let httpsPort: number;
  let httpPort: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-hsts-'));
    tls = await ensureTls({ dataDir: path.join(dir, 'tls'), hostnames: [], ips: [] });
    db = openSqlite(path.join(dir, 'lotse.sqlite'));
    await migrateToLatest(db);
    let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
    lotse = await buildApp({ db, trust: { tls: { material: tls, httpsPort: 8443, httpPort: 8080 } }, onHttpHandler: (h) => (handler = h) });
    await lotse.app.listen({ host: '127.0.0.1', port: 0 });
    httpsPort = (lotse.app.server.address() as AddressInfo).port;
    side = createHttpSide({ handler: handler!, engine: lotse.io.engine, httpsPort, caPem: () => tls.ca, redirect: { names: () => tls.san.dns, fallback: 'localhost' } });
    front = dualProtocolPort(side, lotse.app.server);
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    httpPort = (front.address() as AddressInfo).port;
  });
  afterAll(async () => {
    side?.closeAllConnections();
    await new Promise((r) => front?.close(r));
    await lotse?.app.close();
    await db?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('HTTPS answers carry Strict-Transport-Security also on a port other than 443', async () => {
    const res = await get(`https://localhost:${httpsPort}/api/v1/info`, { ca: tls.ca });
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
  });

  it('the plain-HTTP port serves plain HTTP and, for a browser HSTS sent there, HTTPS', async () => {
    expect((await get(`http://127.0.0.1:${httpPort}/api/v1/info`)).status).toBe(200);
    const upgraded = await get(`https://localhost:${httpPort}/api/v1/info`, { ca: tls.ca });
    expect(upgraded.status).toBe(200);
    expect(upgraded.headers['strict-transport-security']).toBeDefined();
  });
});
