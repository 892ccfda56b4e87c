import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentFileImportResultT, AppointmentPreviewT, AppointmentSourceViewT } from '@lotse/shared';
import { frozenClock, TestServer } from '../helpers/server.ts';

const cal = (...events: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Termine//DE', ...events.flat(), 'END:VCALENDAR'].join('\r\n') + '\r\n';
const ev = (code: string, start: string, extra: string[] = []) => ['BEGIN:VEVENT', `UID:${code}@termine.example`, `DTSTART;TZID=Europe/Berlin:${start}`, 'DURATION:PT20M', 'X-LOTSE-SERVICE:reisepass', ...extra, 'END:VEVENT'];

/** A booking system's feed on a free loopback port, answering 304 to a matching If-None-Match. */
async function feed() {
  const state = { body: '', etag: '"v1"', status: 200, requests: [] as http.IncomingHttpHeaders[] };
  const srv = http.createServer((req, res) => {
    state.requests.push(req.headers);
    if (state.status !== 200) return void res.writeHead(state.status, state.status === 302 ? { location: '/moved' } : {}).end();
    if (req.headers['if-none-match'] === state.etag) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'text/calendar', etag: state.etag }).end(state.body);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}/termine.ics`, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

describe('appointment import: preview, file import, pulled source', () => {
  let server: TestServer;
  const clock = frozenClock(Date.parse('2026-03-10T08:00:00Z'));
  let src: Awaited<ReturnType<typeof feed>>;
  const admin = (method: string, url: string, body?: unknown) => server.http<never>(method, url, { token: server.adminToken, body });
  const codes = async () => (await server.db.selectFrom('appointments').select('code').orderBy('code').execute()).map((r) => r.code);
  beforeAll(async () => {
    server = await TestServer.start({ clock, pairDevices: false });
    src = await feed();
  });
  afterAll(async () => {
    await src?.close();
    await server?.close();
  });

  it('the preview says what would be imported, cancelled and refused (with line and reason) and changes nothing', async () => {
    const text = cal(ev('GOOD-0001', '20260311T100000'), ev('GONE-0001', '20260311T110000', ['STATUS:CANCELLED']), ev('BAD-00001', '20260311T250000'));
    const res = await server.http<AppointmentPreviewT>('POST', '/api/v1/appointments/preview', { token: server.adminToken, body: { format: 'ical', text } });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([{ code: 'GOOD-0001', serviceId: 'reisepass', startsAt: '2026-03-11T09:00:00.000Z', durationMinutes: 20 }]);
    expect(res.body.cancelled).toEqual(['GONE-0001']);
    expect(res.body.refused).toEqual([{ line: 17, code: 'BAD-00001', reason: expect.stringMatching(/^line 19: DTSTART .* is no calendar date/) }]);
    expect(await codes()).toEqual([]);
  });

  it('a CSV with semicolons (German spreadsheet) imports the good rows and lists the refused ones', async () => {
    const text = 'Code;Service;Start;Duration;Name\nCSV-0001;reisepass;11.03.2026 09:30;15;Erika Muster\nCSV-0002;hundesteuer;2026-03-11 10:00;15;X\n';
    const res = await server.http<AppointmentFileImportResultT>('POST', '/api/v1/appointments/import-file', { token: server.adminToken, body: { format: 'csv', text } });
    expect(res.body).toMatchObject({ created: 1, updated: 0, removed: 0, refused: [{ line: 3, code: 'CSV-0002', reason: expect.stringContaining('no service') }] });
    const row = await server.db.selectFrom('appointments').selectAll().where('code', '=', 'CSV-0001').executeTakeFirstOrThrow();
    expect(row.starts_at).toBe('2026-03-11T08:30:00.000Z');
    expect(JSON.stringify(await server.db.selectFrom('appointments').selectAll().execute())).not.toContain('Erika');
    const audit = await server.db.selectFrom('audit_log').select('details').where('action', '=', 'appointments.imported').execute();
    expect(JSON.parse(audit[0].details)).toEqual({ format: 'csv', counts: { created: 1, updated: 0, removed: 0, refused: 1 } });
  });

  it('a pulled source: imports, answers 304 to its ETag, applies changes and cancellations, shows errors', async () => {
    expect((await admin('PUT', '/api/v1/appointments/source', { url: src.url, format: 'ical', intervalMinutes: 15 })).status).toBe(400);
    expect((await admin('PUT', '/api/v1/appointments/source', { url: src.url, format: 'ical', intervalMinutes: 15, allowHttp: true })).status).toBe(200);
    src.state.body = cal(ev('FEED-0001', '20260311T100000'), ev('FEED-0002', '20260311T110000'), ev('FEED-0003', '20260311T120000'));
    const pull = async () => (await server.http<{ source: AppointmentSourceViewT }>('POST', '/api/v1/appointments/source/pull', { token: server.adminToken })).body.source;
    expect(await pull()).toMatchObject({ lastStatus: 'ok', lastCounts: { created: 3, updated: 0, removed: 0, refused: 0 }, lastError: null });
    expect(await pull()).toMatchObject({ lastStatus: 'not-modified' });
    expect(src.state.requests.at(-1)?.['if-none-match']).toBe('"v1"');

    // FEED-0001 moves, FEED-0002 is cancelled, FEED-0003 is gone from the feed.
    src.state.etag = '"v2"';
    src.state.body = cal(ev('FEED-0001', '20260311T140000'), ev('FEED-0002', '20260311T110000', ['STATUS:CANCELLED']));
    expect(await pull()).toMatchObject({ lastStatus: 'ok', lastCounts: { created: 0, updated: 1, removed: 2 } });
    expect((await codes()).filter((c) => c.startsWith('FEED'))).toEqual(['FEED-0001']);
    const moved = await server.db.selectFrom('appointments').select('starts_at').where('code', '=', 'FEED-0001').executeTakeFirstOrThrow();
    expect(moved.starts_at).toBe('2026-03-11T13:00:00.000Z');

    src.state.status = 500;
    expect(await pull()).toMatchObject({ lastStatus: 'error', lastError: 'the source answered 500' });
    src.state.status = 302;
    expect(await pull()).toMatchObject({ lastStatus: 'error', lastError: expect.stringContaining('redirect') });
    expect(src.state.requests.length).toBe(5);
    expect((await codes()).filter((c) => c.startsWith('FEED'))).toEqual(['FEED-0001']);
  });

  it('the schedule pulls when the interval has passed, not before', async () => {
    src.state.status = 200;
    await admin('PUT', '/api/v1/appointments/source', { url: src.url, format: 'ical', intervalMinutes: 15, allowHttp: true });
    const source = server.lotse.appointments.source;
    const before = src.state.requests.length;
    await source.pullIfDue(); // never pulled since the address changed: due
    expect(src.state.requests.length).toBe(before + 1);
    clock.advance(14 * 60_000);
    await source.pullIfDue();
    expect(src.state.requests.length).toBe(before + 1);
    clock.advance(60_000);
    await source.pullIfDue();
    expect(src.state.requests.length).toBe(before + 2);
  });
});
