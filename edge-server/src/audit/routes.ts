import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AuditEntryView, AuditQuery, AuditVerifyResult, ErrorBody } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Authorize } from '../http/auth.ts';
import type { Audit } from './auditor.ts';
import { listAudit, verifyChain } from './repository.ts';

/** The admin page's "Protokoll": recent entries and "Kette prüfen" (the CLI does the same offline). */
export function auditRoutes(fastify: FastifyInstance, db: Db, authorize: Authorize, audit: Audit) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = authorize({ staff: ['admin'] });
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

  app.get('/api/v1/audit', {
    schema: { tags: ['audit'], summary: 'Audit log entries, newest first (admin)', querystring: AuditQuery, response: { 200: Type.Array(AuditEntryView), ...errors } },
    preHandler: admin,
  }, async (request) => {
    const { beforeSeq, limit } = request.query;
    const entries = await listAudit(db, { beforeSeq: beforeSeq === undefined ? undefined : Number(beforeSeq), limit: limit === undefined ? 100 : Number(limit) });
    return entries.map(({ prevHash: _prev, ...e }) => e);
  });

  app.post('/api/v1/audit/verify', {
    schema: { tags: ['audit'], summary: 'Verify the hash chain; names the first broken entry (admin)', response: { 200: AuditVerifyResult, ...errors } },
    preHandler: admin,
  }, async (request) => {
    const result = await verifyChain(db);
    await audit({
      actor: `staff:${request.staff?.id ?? 'unknown'}`,
      action: 'audit.verified',
      details: result.ok ? { ok: true, count: result.count } : { ok: false, firstBrokenSeq: result.firstBrokenSeq },
    });
    return result;
  });
}
