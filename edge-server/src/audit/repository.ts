import { PostgresAdapter, SqliteAdapter, sql, type Kysely } from 'kysely';
import { registerMigration } from '../storage/migrations.ts';
import { ChainChecker, entryHash, GENESIS_HASH, type AuditRow, type VerifyResult } from './chain.ts';
import {
  assertAction, assertActor, assertSubject, canonicalDetails, type AuditAction, type AuditActor, type AuditDetails,
} from './events.ts';

export interface AuditLogTable extends AuditRow {}
export interface AuditTables { audit_log: AuditLogTable }

/**
 * Accepts the app's `Db` (or any Kysely instance whose database has run the migrations) and views it with only
 * the audit table, so this module does not depend on the central schema type.
 */
// Any Kysely<DB> is accepted and narrowed right below.
type AnyDb = Kysely<any>;
const auditDb = (db: AnyDb): Kysely<AuditTables> => db;

registerMigration('0100_audit', {
  async up(db) {
    await db.schema.createTable('audit_log').ifNotExists()
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      // Unique prev_hash makes a fork impossible even if two writers ever raced past the transaction.
      .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema.createIndex('audit_log_at').ifNotExists().on('audit_log').column('at').execute();
    // Defence in depth against application bugs: the database itself refuses edits. Someone with the file can
    // drop the triggers; that is what the hash chain is for.
    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    }
  },
});

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
 * personal data by mistake. Read-last + insert run in one transaction: on SQLite Kysely serialises
 * transactions on its single connection; on PostgreSQL the table is locked for the transaction.
 */
export async function appendAudit(db: AnyDb, event: AuditEvent, options: AppendOptions = {}): Promise<AuditEntry> {
  assertActor(event.actor);
  assertAction(event.action);
  const subject = event.subject ?? null;
  assertSubject(subject);
  const details = canonicalDetails(event.details);
  const at = (options.now?.() ?? new Date()).toISOString();

  const row = await auditDb(db).transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`LOCK TABLE audit_log IN EXCLUSIVE MODE`.execute(trx);
    }
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
export async function verifyChain(db: AnyDb, options: { pageSize?: number } = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 1000;
  const checker = new ChainChecker();
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = await auditDb(db).selectFrom('audit_log').selectAll()
      .where('seq', '>', after)
      .orderBy('seq', 'asc').limit(pageSize).execute();
    for (const row of rows) {
      if (!checker.push({ ...row, seq: Number(row.seq) })) return checker.result();
    }
    if (rows.length < pageSize) return checker.result();
    after = Number(rows[rows.length - 1].seq);
  }
}

/** Newest first, for the admin page. `beforeSeq` pages backwards. */
export async function listAudit(db: AnyDb, options: { beforeSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  let q = auditDb(db).selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit);
  if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
  return (await q.execute()).map((r) => toEntry({ ...r, seq: Number(r.seq) }));
}

/** Latest seq and hash: print or export it now and then so a truncated tail can be detected too. */
export async function auditHead(db: AnyDb): Promise<{ seq: number; hash: string }> {
  const last = await auditDb(db).selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}
