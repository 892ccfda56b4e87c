import { ulid } from 'ulid';
import type { KeyObject } from 'node:crypto';
import { DomainError, WEBHOOK_EVENTS, type WebhookCreateInputT, type WebhookCreatedT, type WebhookEventT, type WebhookUpdateInputT, type WebhookViewT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { WebhookSubscriptionsTable } from '../storage/schema.ts';
import type { Audit } from '../audit/auditor.ts';
import { decryptField, encryptField, type DataKey } from '../crypto/fieldCrypto.ts';
import { newSecret } from './signing.ts';
import { targetProblem } from '../http/outboundTarget.ts';

export interface Subscription extends WebhookViewT {
  secret: string;
}

function toView(row: WebhookSubscriptionsTable): WebhookViewT {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventT[],
    allowPersonalData: row.allow_personal === 1,
    allowHttp: row.allow_http === 1,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

const aad = (id: string) => `webhook_subscriptions.secret:${id}`;

/** Webhook subscriptions (issue 17 §2). The signing secret is shown once and kept encrypted with the data key. */
export class Subscriptions {
  constructor(private readonly db: Db, private readonly key: DataKey | KeyObject, private readonly audit: Audit, private readonly now: () => Date) {}

  async create(input: WebhookCreateInputT, staffId: string): Promise<WebhookCreatedT> {
    const problem = targetProblem(input.url, input.allowHttp ?? false);
    if (problem) throw new DomainError('BAD_REQUEST', `webhook address refused: ${problem}`);
    const id = ulid();
    const secret = newSecret();
    const events = WEBHOOK_EVENTS.filter((e) => input.events.includes(e));
    const row: WebhookSubscriptionsTable = {
      id,
      name: input.name,
      url: input.url,
      events: JSON.stringify(events),
      secret_enc: encryptField(this.key, secret, aad(id)),
      allow_personal: input.allowPersonalData ? 1 : 0,
      allow_http: input.allowHttp ? 1 : 0,
      active: 1,
      created_at: this.now().toISOString(),
      deleted_at: null,
    };
    // Names are unique (also by constraint): the audit log tells integrations apart by name.
    const taken = await this.db.selectFrom('webhook_subscriptions').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw new DomainError('CONFLICT', `a webhook named ${input.name} exists already`);
    await this.db.insertInto('webhook_subscriptions').values(row).execute();
    await this.audit({ actor: `staff:${staffId}`, action: 'webhook.created', subject: id, details: { integration: row.name, events, personalData: row.allow_personal === 1 } });
    return { subscription: toView(row), secret };
  }

  async update(id: string, input: WebhookUpdateInputT, staffId: string): Promise<WebhookViewT> {
    const row = await this.row(id);
    const set: Partial<WebhookSubscriptionsTable> = {};
    if (input.events) set.events = JSON.stringify(WEBHOOK_EVENTS.filter((e) => input.events?.includes(e)));
    if (input.allowPersonalData !== undefined) set.allow_personal = input.allowPersonalData ? 1 : 0;
    if (input.active !== undefined) set.active = input.active ? 1 : 0;
    if (Object.keys(set).length) await this.db.updateTable('webhook_subscriptions').set(set).where('id', '=', id).execute();
    const next = { ...row, ...set };
    await this.audit({
      actor: `staff:${staffId}`, action: 'webhook.changed', subject: id,
      details: { integration: row.name, events: JSON.parse(next.events) as string[], personalData: next.allow_personal === 1, ok: next.active === 1 },
    });
    return toView(next);
  }

  /** Gone from the list and from delivery; its outbox rows stay for the record until retention. */
  async remove(id: string, staffId: string): Promise<void> {
    const row = await this.row(id);
    await this.db.updateTable('webhook_subscriptions').set({ deleted_at: this.now().toISOString(), active: 0 }).where('id', '=', id).execute();
    await this.db.updateTable('webhook_outbox').set({ state: 'dead', next_attempt_at: null, last_error: 'subscription deleted' }).where('subscription_id', '=', id).where('state', '=', 'pending').execute();
    await this.audit({ actor: `staff:${staffId}`, action: 'webhook.deleted', subject: id, details: { integration: row.name } });
  }

  async list(): Promise<WebhookViewT[]> {
    const rows = await this.db.selectFrom('webhook_subscriptions').selectAll().where('deleted_at', 'is', null).orderBy('created_at').execute();
    return rows.map(toView);
  }

  /** Active subscriptions of one event, with their secrets (for the outbox only). */
  async forEvent(event: WebhookEventT): Promise<WebhookViewT[]> {
    return (await this.list()).filter((s) => s.active && s.events.includes(event));
  }

  async withSecret(id: string): Promise<Subscription | undefined> {
    const row = await this.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return row ? { ...toView(row), secret: decryptField(this.key, row.secret_enc, aad(id)) } : undefined;
  }

  private async row(id: string): Promise<WebhookSubscriptionsTable> {
    const row = await this.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `no webhook ${id}`);
    return row;
  }
}
