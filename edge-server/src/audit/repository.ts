import type { Db } from '../storage/db.ts';
import { lockTableForWrite } from '../storage/dialect.ts';
import { ChainChecker, entryHash, GENESIS_HASH, type AuditRow, type VerifyResult } from './chain.ts';
import {
  assertAction, assertActor, assertSubject, canonicalDetails, type AuditAction, type AuditActor, type AuditDetails,
} from './events.ts';

export interface AuditEvent {
  actor: AuditActor;
  action: AuditAction;
  subject?: string | null;
  details?: AuditDetails;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  subject: string | null;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

export interface AppendOptions { now?: () => Date }

/**
 * Appends one entry. Input is validated first (closed action set, detail whitelist) so a caller cannot write
 * personal data by mistake. Read-last + insert run in one transaction that holds the table against other
 * writers (see `lockTableForWrite`).
 */
export async function appendAudit(db: Db, event: AuditEvent, options: AppendOptions = {}): Promise<AuditEntry> {
  assertActor(event.actor);
  assertAction(event.action);
  const subject = event.subject ?? null;
  assertSubject(subject);
  const details = canonicalDetails(event.details);
  const at = (options.now?.() ?? new Date()).toISOString();

  const row = await db.transaction().execute(async (trx) => {
    await lockTableForWrite(trx, 'audit_log');
    const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const base = { seq: (last?.seq ?? 0) + 1, at, actor: event.actor, action: event.action, subject, details, prev_hash: last?.hash ?? GENESIS_HASH };
    const full: AuditRow = { ...base, hash: entryHash(base) };
    await trx.insertInto('audit_log').values(full).execute();
    return full;
  });
  return toEntry(row);
}

function toEntry(row: AuditRow): AuditEntry {
  // Rows come from our own validated inserts; verifyChain is what detects rows that did not.
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor as AuditActor,
    action: row.action as AuditAction,
    subject: row.subject,
    details: JSON.parse(row.details) as AuditDetails,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Walks the whole chain in seq order, page by page, and reports the first broken entry. */
export async function verifyChain(db: Db, options: { pageSize?: number } = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 1000;
  const checker = new ChainChecker();
  // No lower bound on the first page: a stored seq below 1 must be seen (and reported), and PostgreSQL's integer
  // column refuses a bound beyond its range such as Number.MIN_SAFE_INTEGER.
  let after: number | undefined;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll()
      .$if(after !== undefined, (q) => q.where('seq', '>', after as number))
      .orderBy('seq', 'asc').limit(pageSize).execute();
    for (const row of rows) {
      if (!checker.push({ ...row, seq: Number(row.seq) })) return checker.result();
    }
    if (rows.length < pageSize) return checker.result();
    after = Number(rows[rows.length - 1].seq);
  }
}

/** Newest first, for the admin page. `beforeSeq` pages backwards. */
export async function listAudit(db: Db, options: { beforeSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit);
  if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
  return (await q.execute()).map((r) => toEntry({ ...r, seq: Number(r.seq) }));
}

/** Latest seq and hash: print or export it now and then so a truncated tail can be detected too. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string }> {
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}
