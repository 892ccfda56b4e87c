import { retentionPlan, type RetentionPlan, type RetentionSettings } from '../security/retention.ts';
import { noAudit, type Audit } from '../audit/auditor.ts';
import type { Db } from '../storage/db.ts';
import { purgeStalePairingCodes } from '../devices/repository.ts';

/**
 * A domain's share of the retention job: delete (or blank) what is past its cut-off in `plan` and return how
 * many rows it touched. Domains register theirs (`lotse.retention.register(...)`), e.g. the sessions domain
 * deletes `transcripts` past `plan.transcripts.*`; a table that does not exist yet simply has no target.
 */
export interface PurgeTarget {
  /** Short identifier, used as the key in the audited counts (e.g. 'transcripts'). */
  name: string;
  purge(plan: RetentionPlan): Promise<number>;
}

export interface RetentionJobOptions {
  settings: () => Promise<RetentionSettings>;
  now?: () => Date;
  audit?: Audit;
  /** How often `start()` runs the job; default 15 minutes. */
  intervalMs?: number;
  onError?: (err: unknown, target: string) => void;
}

export interface RetentionRun {
  at: string;
  counts: Record<string, number>;
  failed: string[];
}

/** Applies `retentionPlan` on a schedule (GDPR Art. 5(1)(e)); deletion is audited with counts, never content. */
export class RetentionJob {
  private readonly targets = new Map<string, PurgeTarget>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionRun> | undefined;
  lastRun: RetentionRun | undefined;

  constructor(private readonly opts: RetentionJobOptions) {}

  register(target: PurgeTarget): void {
    if (!/^[A-Za-z][A-Za-z0-9.-]{0,39}$/.test(target.name)) throw new Error(`retention target name "${target.name}" is not an identifier`);
    if (this.targets.has(target.name)) throw new Error(`retention target ${target.name} registered twice`);
    this.targets.set(target.name, target);
  }

  names(): string[] {
    return [...this.targets.keys()];
  }

  /** One pass over every target; concurrent calls share the pass in flight. */
  runOnce(): Promise<RetentionRun> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<RetentionRun> {
    const now = (this.opts.now ?? (() => new Date()))();
    const plan = retentionPlan(await this.opts.settings(), now);
    const counts: Record<string, number> = {};
    const failed: string[] = [];
    for (const target of this.targets.values()) {
      try {
        counts[target.name] = await target.purge(plan);
      } catch (err) {
        failed.push(target.name);
        this.opts.onError?.(err, target.name);
      }
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total > 0 || failed.length) {
      await (this.opts.audit ?? noAudit)({
        actor: 'system', action: 'retention.purged',
        details: { counts, count: total, ...(failed.length ? { reason: 'partialFailure' } : {}) },
      });
    }
    this.lastRun = { at: plan.now, counts, failed };
    return this.lastRun;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => void this.runOnce().catch((err: unknown) => this.opts.onError?.(err, 'plan'));
    tick();
    this.timer = setInterval(tick, this.opts.intervalMs ?? 15 * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}

/**
 * Personal columns of `tickets` to blank once a ticket is finished. Today there are none: a ticket holds its
 * number, service, times and the citizen's chosen language, none of which names a person; the language stays for
 * the call display and statistics. A column added later (name, phone, notes) goes here and gets blanked.
 */
export const TICKET_PERSONAL_COLUMNS: readonly string[] = [];

/** Built-in targets of the core tables; each domain deletes its own rows (the job runs no SQL of its own). */
export function coreTargets(db: Db, purgeSessions: () => Promise<number>): PurgeTarget[] {
  return [
    { name: 'staffSessions', purge: () => purgeSessions() },
    { name: 'pairingCodes', purge: (plan) => purgeStalePairingCodes(db, plan.now) },
    {
      name: 'ticketPersonalFields',
      async purge() {
        return 0; // nothing to blank yet (see TICKET_PERSONAL_COLUMNS)
      },
    },
  ];
}
