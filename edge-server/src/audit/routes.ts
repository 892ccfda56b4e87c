import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AuditEntryView, AuditQuery, AuditVerifyResult, ErrorBody, type AuditQueryT } from '@lotse/shared';
import type { Kysely } from 'kysely';
import type { Authorize } from '../http/auth.ts';
import type { Audit } from './auditor.ts';
import { listAudit, verifyChain } from './repository.ts';

/** The admin page's "Protokoll": recent entries and "Kette prüfen" (the CLI does the same offline). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Kysely database that ran the audit migration
export function auditRoutes(app: FastifyInstance, db: Kysely<any>, authorize: Authorize, audit: Audit) {
  const admin = authorize({ staff: ['admin'] });
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

  app.get<{ Querystring: AuditQueryT }>('/api/v1/audit', {
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
