import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, mobileTicketPath } from '@lotse/shared';
import { TestServer, call, callOk, freePort, newId, type ClientSocket } from '../../../test/helpers/server.ts';
import { encodeCp1252, printable, qrStoreCommand, ticketBytes } from './escpos.ts';
import { parsePrinterAddress, sendRaw } from './printer.ts';

/** A real TCP listener standing in for the printer's port 9100; collects what each connection sent. */
async function fakePrinter() {
  const jobs: Buffer[] = [];
  let waiter: ((b: Buffer) => void) | undefined;
  const server = net.createServer((socket) => {
    const parts: Buffer[] = [];
    socket.on('data', (d) => parts.push(d));
    socket.on('end', () => {
      const job = Buffer.concat(parts);
      jobs.push(job);
      waiter?.(job);
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    jobs,
    next: () => new Promise<Buffer>((resolve) => (waiter = resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('ESC/POS bytes', () => {
  it('has init, code page, big number, QR model/size/level/store/print, feed and cut', () => {
    const bytes = ticketBytes({
      officeName: 'Bürgeramt Mitte', number: 'A-017', serviceNameDe: 'Reisepass', serviceNameCitizen: 'Passeport', issuedAt: '10.03.2026, 10:00',
      ahead: 3, estimate: { minMinutes: 18, maxMinutes: 30 }, url: 'https://192.168.1.10:8443/kiosk/t/01J0000000000000000000000A',
    });
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 16]));
    expect(bytes.includes(Buffer.concat([Buffer.from([0x1d, 0x21, 0x33, 0x1b, 0x45, 1]), Buffer.from('A-017\n')]))).toBe(true);
    expect(bytes.includes(encodeCp1252('Bürgeramt Mitte'))).toBe(true);
    expect(bytes.includes(Buffer.from('Passeport'))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0]))).toBe(true); // model 2
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31]))).toBe(true); // level M
    expect(bytes.includes(qrStoreCommand('https://192.168.1.10:8443/kiosk/t/01J0000000000000000000000A'))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]))).toBe(true); // print
    expect(bytes.subarray(-4)).toEqual(Buffer.from([0x1d, 0x56, 66, 0]));
  });

  it('prints the citizen language only where WPC1252 can (German only for Arabic, Turkish, Cyrillic)', () => {
    expect(printable('Größe 12,50 €')).toBe(true);
    expect(encodeCp1252('Größe €')).toEqual(Buffer.from([0x47, 0x72, 0xf6, 0xdf, 0x65, 0x20, 0x80]));
    for (const text of ['جواز السفر', 'Pasaport başvurusu', 'Паспорт', 'Paszport']) expect(printable(text), text).toBe(text === 'Paszport');
    const bytes = ticketBytes({ officeName: 'X', number: 'B-001', serviceNameDe: 'Reisepass', serviceNameCitizen: 'جواز السفر', issuedAt: '', ahead: 0, estimate: { minMinutes: 0, maxMinutes: 0 }, url: 'http://x/kiosk/t/1' });
    expect(bytes.includes(Buffer.from('?'))).toBe(false);
  });

  it('parses printer addresses', () => {
    expect(parsePrinterAddress('192.168.1.50:9100')).toEqual({ host: '192.168.1.50', port: 9100 });
    expect(parsePrinterAddress('drucker.local')).toEqual({ host: 'drucker.local', port: 9100 });
    expect(parsePrinterAddress('[fd00::5]:9101')).toEqual({ host: 'fd00::5', port: 9101 });
    for (const bad of ['', 'a b', 'host:0', 'host:70000', 'http://x:9100', undefined]) expect(parsePrinterAddress(bad)).toBeUndefined();
  });

  it('gives up after the timeout when the printer does not take the bytes', async () => {
    const stuck = net.createServer({ pauseOnConnect: true }, () => {});
    await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
    const { port } = stuck.address() as net.AddressInfo;
    const started = Date.now();
    await expect(sendRaw({ host: '127.0.0.1', port }, Buffer.alloc(64 * 1024 * 1024), 300)).rejects.toThrow('no answer within 0.3 s');
    expect(Date.now() - started).toBeLessThan(2000);
    stuck.close();
  });
});

describe('printing a ticket over TCP', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  let printer: Awaited<ReturnType<typeof fakePrinter>>;

  beforeAll(async () => {
    delete process.env.LOTSE_PRINTER;
    printer = await fakePrinter();
    server = await TestServer.start();
    kiosk = await server.connect('kiosk');
  });
  afterAll(async () => {
    await server.close();
    await printer.close();
  });

  it('without a printer: UNAVAILABLE with a clear message', async () => {
    const receipt = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'fr' });
    expect(await call(kiosk, C2S.ticketPrint, { id: receipt.ticket.id })).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('no ticket printer') } });
    const res = await server.http('POST', `/api/v1/tickets/${receipt.ticket.id}/print`, { token: server.clerkToken });
    expect(res.status).toBe(503);
  });

  it('the kiosk’s printer (set by the admin) receives number, service and the QR store command with the mobile URL', async () => {
    const set = await server.http('PUT', `/api/v1/printers/${server.devices.kiosk.deviceId}`, { token: server.adminToken, body: { address: printer.address } });
    expect(set).toEqual({ status: 200, body: { address: printer.address } });
    expect((await server.http('PUT', `/api/v1/printers/${server.devices.kiosk.deviceId}`, { token: server.clerkToken, body: { address: printer.address } })).status).toBe(403);
    const receipt = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'fr' });
    const job = printer.next();
    expect(await callOk(kiosk, C2S.ticketPrint, { id: receipt.ticket.id })).toEqual({ printed: true });
    const bytes = await job;
    expect(bytes.includes(Buffer.from(receipt.ticket.number))).toBe(true);
    expect(bytes.includes(Buffer.from('Reisepass'))).toBe(true);
    expect(bytes.includes(qrStoreCommand(`${server.url}${mobileTicketPath(receipt.ticket.id)}`))).toBe(true);
  });

  it('a printer that refuses the connection: UNAVAILABLE naming the printer; unknown ticket: NOT_FOUND', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    await server.http('PUT', `/api/v1/printers/${server.devices.kiosk.deviceId}`, { token: server.adminToken, body: { address: closed } });
    const receipt = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'de' });
    expect(await call(kiosk, C2S.ticketPrint, { id: receipt.ticket.id })).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: `the ticket printer ${closed} did not take the ticket: connection refused` } });
    await server.http('PUT', `/api/v1/printers/${server.devices.kiosk.deviceId}`, { token: server.adminToken, body: { address: printer.address } });
    expect(await call(kiosk, C2S.ticketPrint, { id: newId() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await server.http('POST', `/api/v1/tickets/${receipt.ticket.id}/print`, { token: server.devices.display.token })).status).toBe(403);
  });
});
