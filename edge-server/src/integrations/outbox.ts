import { createHash } from 'node:crypto';
import { DomainError, type DeliveryStateT, type WebhookDeliveryT, type WebhookEventT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { WebhookOutboxTable } from '../storage/schema.ts';
import type { Audit } from '../audit/auditor.ts';
import type { Subscriptions } from './subscriptions.ts';
import { sign } from './signing.ts';
import { targetProblem } from '../http/outboundTarget.ts';

export interface OutboxOptions {
  db: Db;
  subscriptions: Subscriptions;
  audit: Audit;
  now: () => Date;
  /** How long a delivery is retried before it goes to the dead-letter list (default 24 h; the last try comes after it). */
  retryWindowMs?: number;
  /** Per attempt (default 5 s). */
  timeoutMs?: number;
  /** Ticks of the delivery loop (default 2 s); 0: no loop, the caller runs `deliverDue()` (tests). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

/** Waits after the n-th failed attempt: 30 s, 1 min, 2 min … doubling, at most 2 h. */
export function backoffMs(attempts: number): number {
  return Math.min(2 * 3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** One id per subscription and event occurrence: the same event reported twice is queued once. */
export function deliveryId(subscriptionId: string, event: WebhookEventT, occurrence: string): string {
  return `msg_${createHash('sha256').update(`${subscriptionId}|${event}|${occurrence}`).digest('hex').slice(0, 32)}`;
}

const CLAIM_MS = 60_000;
const BATCH = 20;

/**
 * The webhook outbox (issue 17 §2): a row per subscription and event, in the database, so a restart loses nothing.
 * The loop claims due rows (a lease on `next_attempt_at`, so two processes never send the same row at once), posts
 * them signed, without following redirects and with a short timeout, and reschedules failures with backoff until
 * the retry window ends; then the row is dead and waits in the admin's list for "send again".
 */
export class Outbox {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly retryWindowMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: OutboxOptions) {
    this.retryWindowMs = opts.retryWindowMs ?? 24 * 3_600_000;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  /** Queues `data` for every active subscription of `event`; `occurrence` identifies the event (ticket id, call id). */
  async enqueue(event: WebhookEventT, occurrence: string, data: (allowPersonal: boolean) => Record<string, unknown>): Promise<void> {
    const subs = await this.opts.subscriptions.forEvent(event);
    if (!subs.length) return;
    const now = this.opts.now();
    for (const sub of subs) {
      const id = deliveryId(sub.id, event, occurrence);
      const payload = JSON.stringify({ type: event, timestamp: now.toISOString(), data: data(sub.allowPersonalData) });
      await this.opts.db.insertInto('webhook_outbox').values({
        id, subscription_id: sub.id, event, payload, state: 'pending', attempts: 0, created_at: now.toISOString(),
        next_attempt_at: now.toISOString(), retry_until: new Date(now.getTime() + this.retryWindowMs).toISOString(),
        delivered_at: null, last_status: null, last_error: null,
      }).onConflict((oc) => oc.column('id').doNothing()).execute();
    }
    this.kick();
  }

  start(): void {
    const every = this.opts.intervalMs ?? 2_000;
    if (every > 0 && !this.timer) this.timer = setInterval(() => this.kick(), every);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs one pass unless one is running; returns how many rows were attempted. */
  deliverDue(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Retention: a delivered notice is kept 7 days (to answer "did it arrive?"), one that could not be delivered 30
   * days after its retry window closed (for "send again"); payloads may carry a language or booking code.
   */
  async purgeFinished(now: Date): Promise<number> {
    const day = 86_400_000;
    const delivered = new Date(now.getTime() - 7 * day).toISOString();
    const dead = new Date(now.getTime() - 30 * day).toISOString();
    const a = await this.opts.db.deleteFrom('webhook_outbox').where('state', '=', 'delivered').where('delivered_at', '<', delivered).executeTakeFirst();
    const b = await this.opts.db.deleteFrom('webhook_outbox').where('state', '=', 'dead').where('retry_until', '<', dead).executeTakeFirst();
    return Number(a.numDeletedRows) + Number(b.numDeletedRows);
  }

  async list(state?: DeliveryStateT): Promise<WebhookDeliveryT[]> {
    let q = this.opts.db.selectFrom('webhook_outbox').innerJoin('webhook_subscriptions as s', 's.id', 'webhook_outbox.subscription_id')
      .selectAll('webhook_outbox').select('s.name as subscription_name');
    if (state) q = q.where('webhook_outbox.state', '=', state);
    const rows = await q.orderBy('webhook_outbox.created_at', 'desc').limit(200).execute();
    return rows.map((r) => ({
      id: r.id, subscriptionId: r.subscription_id, subscriptionName: r.subscription_name, event: r.event as WebhookEventT,
      state: r.state as DeliveryStateT, attempts: r.attempts, createdAt: r.created_at, nextAttemptAt: r.next_attempt_at,
      deliveredAt: r.delivered_at, lastStatus: r.last_status, lastError: r.last_error,
    }));
  }

  /** "Send again": a dead row gets a fresh retry window and is due at once. */
  async redeliver(id: string, staffId: string): Promise<void> {
    const now = this.opts.now();
    const res = await this.opts.db.updateTable('webhook_outbox')
      .set({ state: 'pending', next_attempt_at: now.toISOString(), retry_until: new Date(now.getTime() + this.retryWindowMs).toISOString() })
      .where('id', '=', id).where('state', '=', 'dead').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new DomainError('NOT_FOUND', `no dead-letter delivery ${id}`);
    await this.opts.audit({ actor: `staff:${staffId}`, action: 'webhook.redelivered', subject: id });
    this.kick();
  }

  private kick(): void {
    if ((this.opts.intervalMs ?? 2_000) === 0) return;
    void this.deliverDue().catch((err: unknown) => this.opts.onError?.(err));
  }

  private async pass(): Promise<number> {
    const now = this.opts.now();
    const due = await this.opts.db.selectFrom('webhook_outbox').selectAll()
      .where('state', '=', 'pending').where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at').limit(BATCH).execute();
    let attempted = 0;
    for (const row of due) {
      const claimed = await this.opts.db.updateTable('webhook_outbox').set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS).toISOString() })
        .where('id', '=', row.id).where('state', '=', 'pending').where('next_attempt_at', '=', row.next_attempt_at).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      attempted += 1;
      await this.attempt(row);
    }
    return attempted;
  }

  private async attempt(row: WebhookOutboxTable): Promise<void> {
    const sub = await this.opts.subscriptions.withSecret(row.subscription_id);
    if (!sub) return this.finish(row, { ok: false, status: null, error: 'subscription deleted', final: true });
    const problem = targetProblem(sub.url, sub.allowHttp);
    if (problem) return this.finish(row, { ok: false, status: null, error: `address refused: ${problem}`, final: true });
    const timestamp = Math.floor(this.opts.now().getTime() / 1000);
    try {
      const res = await fetch(sub.url, {
        method: 'POST',
        body: row.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Lotse-Webhooks/1',
          'webhook-id': row.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(sub.secret, row.id, timestamp, row.payload),
        },
      });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return this.finish(row, { ok: true, status: res.status, error: null, final: false });
      const error = res.status >= 300 && res.status < 400 ? `redirect (${res.status}) not followed` : `receiver answered ${res.status}`;
      return this.finish(row, { ok: false, status: res.status, error, final: false });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const error = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs / 1000} s` : `not reached (${e.cause?.code ?? e.cause?.message ?? e.message})`.slice(0, 200);
      return this.finish(row, { ok: false, status: null, error, final: false });
    }
  }

  private async finish(row: WebhookOutboxTable, r: { ok: boolean; status: number | null; error: string | null; final: boolean }): Promise<void> {
    const now = this.opts.now();
    const attempts = row.attempts + 1;
    if (r.ok) {
      await this.update(row.id, { state: 'delivered', attempts, delivered_at: now.toISOString(), next_attempt_at: null, last_status: r.status, last_error: null });
      return;
    }
    const next = new Date(now.getTime() + backoffMs(attempts));
    // Retried until the window has passed, so the last try comes at least the whole window after the event.
    const dead = r.final || now.toISOString() >= row.retry_until;
    await this.update(row.id, { state: dead ? 'dead' : 'pending', attempts, next_attempt_at: dead ? null : next.toISOString(), last_status: r.status, last_error: r.error });
    if (dead) await this.opts.audit({ actor: 'system', action: 'webhook.deadLettered', subject: row.id, details: { count: attempts, ...(r.status ? { status: r.status } : {}) } });
  }

  private async update(id: string, set: Partial<WebhookOutboxTable>): Promise<void> {
    await this.opts.db.updateTable('webhook_outbox').set(set).where('id', '=', id).execute();
  }
}
