import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../storage/schema.ts';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns of one entry, exactly as they are in the database (details as canonical JSON text). */
export type AuditRow = AuditLogTable;

/**
 * SHA-256 over a JSON array of every column but `hash`. A JSON array (not concatenation) keeps field borders
 * unambiguous; the version tag lets the format change later without old entries verifying under new rules.
 */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify(['lotse-audit-v1', row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prev_hash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type VerifyResult =
  | { ok: true; count: number; headHash: string }
  | { ok: false; firstBrokenSeq: number; reason: string };

/**
 * Incremental checker so verify can page through a large log. Rows must be fed in seq order.
 * A deleted row shows as a gap (reported at the missing seq); an edited row as a hash mismatch at that row.
 */
export class ChainChecker {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private failure: Extract<VerifyResult, { ok: false }> | null = null;

  /** Returns false once the chain is broken; further rows are ignored. */
  push(row: AuditRow): boolean {
    if (this.failure) return false;
    const fail = (firstBrokenSeq: number, reason: string) => {
      this.failure = { ok: false, firstBrokenSeq, reason };
      return false;
    };
    if (row.seq !== this.expectedSeq) {
      return fail(this.expectedSeq, row.seq > this.expectedSeq
        ? `entry ${this.expectedSeq} is missing (next entry found is ${row.seq})`
        : `entry ${row.seq} is out of order`);
    }
    if (row.prev_hash !== this.prevHash) return fail(row.seq, `prev_hash does not match the hash of entry ${row.seq - 1} (one of the two was altered)`);
    if (entryHash(row) !== row.hash) return fail(row.seq, 'hash does not match the entry content (entry was altered)');
    this.prevHash = row.hash;
    this.expectedSeq++;
    return true;
  }

  result(): VerifyResult {
    return this.failure ?? { ok: true, count: this.expectedSeq - 1, headHash: this.prevHash };
  }
}
