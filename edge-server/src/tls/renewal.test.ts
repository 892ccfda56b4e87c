import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTls, type TlsMaterial } from './ensureTls.ts';
import { renewIfDue } from './renewal.ts';

/** Issue 10 §8: a server that runs for a year gets a new certificate without a restart. */
const NOW = new Date();
const DAY = 86_400_000;
let dir: string;
let material: TlsMaterial;
let server: https.Server;
let port: number;

// The renewed certificate starts in the test's future, so only its serial is read here (no chain check).
const servedSerial = () =>
  new Promise<string>((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()?.serialNumber ?? '');
      socket.end();
    });
    socket.on('error', reject);
  });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-renew-'));
  material = await ensureTls({ dataDir: dir, hostnames: [], ips: [], now: NOW });
  server = https.createServer({ key: material.key, cert: material.cert }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('certificate renewal while running', () => {
  it('does nothing while the certificate has time left, and swaps in a new one when < 30 days remain', async () => {
    const runtime = { material };
    const before = await servedSerial();
    expect(before).toBe(new X509Certificate(material.cert).serialNumber);
    expect(await renewIfDue({ dataDir: dir, hostnames: [], ips: [], now: new Date(NOW.getTime() + 300 * DAY) }, { runtime, server })).toBeUndefined();
    expect(runtime.material).toBe(material);

    const issued = await renewIfDue({ dataDir: dir, hostnames: [], ips: [], now: new Date(NOW.getTime() + 370 * DAY) }, { runtime, server });
    expect(issued).toEqual({ ca: false, server: true });
    expect(runtime.material.cert).not.toBe(material.cert);
    expect(runtime.material.ca).toBe(material.ca); // tablets keep trusting it
    const after = await servedSerial();
    expect(after).toBe(new X509Certificate(runtime.material.cert).serialNumber);
    expect(after).not.toBe(before);
  });
});
