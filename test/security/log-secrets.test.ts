import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { TestServer } from '../helpers/server.ts';
import { hashId, safePath, safeText } from '../../edge-server/src/http/requestLog.ts';

/** Issue 10 §9: the info log holds no pairing code, no ticket id and no read-aloud text. */
const lines: string[] = [];
let server: TestServer;

beforeAll(async () => {
  server = await TestServer.start({ app: { logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } } });
});
afterAll(async () => {
  await server?.close();
});

describe('request log', () => {
  it('has no query strings and no ticket ids, but still one line per request with method and hashed path', async () => {
    const ticketId = ulid();
    const created = await server.http('POST', '/api/v1/tickets', { token: server.devices.kiosk.token, body: { id: ticketId, serviceId: 'abholung', language: 'de' } });
    expect(created.status).toBe(201);
    const code = await server.http<{ code: string }>('POST', '/api/v1/devices/pairing-codes', { token: server.adminToken, body: { role: 'kiosk', name: 'Halle' } });
    expect(code.status).toBe(201);
    const secretText = 'Frau Gülsen Yilmaz bitte zu Platz 3';
    const before = lines.length;
    await server.http('GET', `/api/v1/tickets/${ticketId}`);
    await server.http('GET', `/api/v1/tickets/${ticketId}/nothing-here`);
    await server.http('GET', `/kiosk/?pair=${encodeURIComponent(code.body.code)}`);
    await server.http('GET', `/api/v1/tts?text=${encodeURIComponent(secretText)}`, { token: server.devices.kiosk.token });
    const log = lines.slice(before).join('');
    expect(log).toContain('incoming request');
    expect(log).toContain(`/api/v1/tickets/${hashId(ticketId)}`);
    expect(log).toContain('/api/v1/tts?…');
    for (const secret of [ticketId, code.body.code, encodeURIComponent(code.body.code), 'pair=', 'text=', encodeURIComponent(secretText), 'Yilmaz']) {
      expect(log, secret).not.toContain(secret);
    }
    // The creating POST carried the id only in its body; nothing in the whole log names it.
    expect(lines.join('')).not.toContain(ticketId);
  });

  it('leaves route words and short ids, hashes id-like segments and ids in messages', () => {
    expect(safePath('/api/v1/staff/s1/reset-password?x=1')).toBe('/api/v1/staff/s1/reset-password?…');
    expect(safePath('/kiosk/assets/index-BfK3x9aZ.js')).toBe('/kiosk/assets/index-BfK3x9aZ.js');
    const token = 'a1B2c3D4e5F6g7H8i9J0';
    expect(safePath(`/t/${token}`)).toBe(`/t/${hashId(token)}`);
    expect(safeText(`no ticket ${token} at /api/v1/tts?text=Hallo`)).toBe(`no ticket ${hashId(token)} at /api/v1/tts?…`);
  });
});
