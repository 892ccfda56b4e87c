import type { Db } from '../storage/db.ts';
import { appendAudit, type AuditEvent } from './repository.ts';

/** How domains write to the audit log: `await audit({ actor, action, subject, details })`. */
export type Audit = (event: AuditEvent) => Promise<void>;

export interface AuditorOptions {
  now?: () => Date;
  /** Where a failed append is reported; the action itself is not undone. */
  onError?: (err: unknown, event: Pick<AuditEvent, 'action'>) => void;
}

/**
 * An append that never throws into the request that caused it: a broken audit write is logged loudly, but a
 * citizen's check-in must not fail because of it. Invalid details (a bug) are logged the same way.
 */
export function createAuditor(db: Db, options: AuditorOptions = {}): Audit {
  return async (event) => {
    try {
      await appendAudit(db, event, { now: options.now });
    } catch (err) {
      options.onError?.(err, { action: event.action });
    }
  };
}

export const noAudit: Audit = async () => {};
