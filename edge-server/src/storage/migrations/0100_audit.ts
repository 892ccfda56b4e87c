import { sql, type Kysely } from 'kysely';
import { dialectOf, refuseChangesPostgres } from '../dialect.ts';

/** The audit log: append-only, hash-chained (audit/chain.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
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
  // drop the triggers; that is what the hash chain is for. (The trigger text is stored as written: keep it.)
  if (dialectOf(db) === 'sqlite') {
    await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }
  if (dialectOf(db) === 'postgres') await refuseChangesPostgres(db, 'audit_log');
}
