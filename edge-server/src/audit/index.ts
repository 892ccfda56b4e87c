export { AUDIT_ACTIONS, AUDIT_DETAIL_KEYS, AuditInputError, type AuditAction, type AuditActor, type AuditDetails } from './events.ts';
export { GENESIS_HASH, type VerifyResult } from './chain.ts';
export { appendAudit, auditHead, listAudit, verifyChain, type AuditEntry, type AuditEvent } from './repository.ts';
