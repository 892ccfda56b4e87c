import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Value } from '@sinclair/typebox/value';
import { openapiPath } from '../../edge-server/src/integrations/openapi.ts';
import { OPERATION_EXAMPLES } from '../../edge-server/src/integrations/openapiExamples.ts';
import '../../edge-server/src/realtime/formats.ts';
import { frozenClock, TestServer } from '../helpers/server.ts';

type Op = { 'x-lotse-roles'?: unknown; responses?: Record<string, { content?: unknown; $ref?: string }>; description?: string; security?: unknown[] };
type Doc = { openapi: string; info: { description: string }; servers: { url: string }[]; paths: Record<string, Record<string, Op>>; components: { responses: Record<string, unknown> } };

describe('OpenAPI 3.1: valid, complete, says who may call what', () => {
  let server: TestServer;
  let doc: Doc;
  beforeAll(async () => {
    server = await TestServer.start({ clock: frozenClock(), pairDevices: false, signIn: false, app: { publicUrl: 'https://buergeramt.example.de/', integrations: { deliveryIntervalMs: 0 } } });
    doc = (await server.http<Doc>('GET', '/api/openapi.json')).body;
  });
  afterAll(() => server?.close());

  it('validates with a maintained OpenAPI validator (@readme/openapi-parser)', async () => {
    // The validator dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys((doc as unknown as { webhooks: object }).webhooks)).toContain('ticket.created');
  });

  it('names the three auth schemes and the configured public address', () => {
    for (const word of ['Device token', 'Staff session', 'API key']) expect(doc.info.description).toContain(word);
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'https://buergeramt.example.de' })]);
  });

  it('every /api/v1 route of the server is in the document, with who may call it and a success schema', () => {
    const routes = server.lotse.trust.routes.filter((r) => r.url.startsWith('/api/v1/'));
    const missing: string[] = [];
    const incomplete: string[] = [];
    for (const r of routes) {
      const op = doc.paths[openapiPath(r.url)]?.[r.method.toLowerCase()];
      if (!op) {
        missing.push(`${r.method} ${r.url}`);
        continue;
      }
      if (!op['x-lotse-roles'] || !op.description?.includes('Who may call')) incomplete.push(`${r.method} ${r.url}: no roles`);
      const ok = Object.entries(op.responses ?? {}).find(([s]) => s.startsWith('2'));
      if (!ok || (ok[0] !== '204' && !ok[1].content)) incomplete.push(`${r.method} ${r.url}: no success schema`);
      if (r.access !== 'public' && !op.responses?.['401']?.$ref) incomplete.push(`${r.method} ${r.url}: 401 not referenced`);
    }
    expect(missing).toEqual([]);
    expect(incomplete).toEqual([]);
  });

  it('errors are described once and referenced', () => {
    expect(Object.keys(doc.components.responses)).toEqual(expect.arrayContaining(['BadRequest', 'Unauthenticated', 'Forbidden', 'NotFound', 'RateLimited']));
    const inline = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).flatMap(([m, op]) =>
      Object.entries(op.responses ?? {}).filter(([s, r]) => Number(s) >= 400 && !r.$ref).map(([s]) => `${m} ${p} ${s}`)));
    expect(inline).toEqual([]);
  });

  it('the examples fit their schemas and appear on their operations', () => {
    for (const e of OPERATION_EXAMPLES) {
      const [method, url] = e.route.split(' ');
      const op = doc.paths[openapiPath(url)]?.[method.toLowerCase()] as Op & { requestBody?: { content: Record<string, { example?: unknown }> } };
      expect(op, e.route).toBeDefined();
      if (e.request) {
        expect(Value.Check(e.request.schema, e.request.value), `${e.route} request`).toBe(true);
        expect(op.requestBody?.content['application/json']?.example, `${e.route} request example`).toEqual(e.request.value);
      }
      if (e.response) {
        expect(Value.Check(e.response.schema, e.response.value), `${e.route} response`).toBe(true);
        expect((op.responses?.[String(e.response.status)] as { content?: Record<string, { example?: unknown }> })?.content?.['application/json']?.example, `${e.route} response example`).toEqual(e.response.value);
      }
    }
  });
});
