import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ClerkSettings, DEFAULT_OUTCOMES, DomainError, type ClerkSettingsT, type ClerkSettingsUpdateT } from '@lotse/shared';
import type { Transaction } from 'kysely';
import type { Db } from '../storage/db.ts';
import type { Database } from '../storage/schema.ts';
import { noAudit, type Audit } from '../audit/auditor.ts';

export const CLERK_SETTINGS_DEFAULTS: ClerkSettingsT = {
  noShowRecallMinutes: 15,
  outcomes: DEFAULT_OUTCOMES.map((o) => ({ ...o })),
  preferClerkLanguages: false,
  languageFairnessMinutes: 10,
};
const check = TypeCompiler.Compile(ClerkSettings);
const PREFIX = 'clerk.';

/**
 * The desk's office settings, one row per key in `settings` (JSON value). A stored value that no longer validates
 * is ignored in favour of the default, never trusted.
 */
export class ClerkSettingsStore {
  private cache: ClerkSettingsT | undefined;

  constructor(private readonly db: Db, private readonly audit: Audit = noAudit) {}

  /** `db`: the caller's transaction when it holds one (SQLite has a single connection: reading beside it waits forever). */
  async get(db: Db | Transaction<Database> = this.db): Promise<ClerkSettingsT> {
    if (this.cache) return this.cache;
    const rows = await db.selectFrom('settings').selectAll().where('key', 'like', `${PREFIX}%`).execute();
    const merged: Record<string, unknown> = { ...CLERK_SETTINGS_DEFAULTS };
    for (const row of rows) {
      const key = row.key.slice(PREFIX.length);
      if (!Object.hasOwn(CLERK_SETTINGS_DEFAULTS, key)) continue;
      try {
        const value: unknown = JSON.parse(row.value);
        if (check.Check({ ...merged, [key]: value })) merged[key] = value;
      } catch {
        /* unreadable: keep the default */
      }
    }
    if (!check.Check(merged)) throw new Error('clerk settings defaults are invalid');
    this.cache = merged;
    return merged;
  }

  async update(change: ClerkSettingsUpdateT, actor: `staff:${string}`): Promise<ClerkSettingsT> {
    const current = await this.get();
    const next = { ...current, ...change };
    if (!check.Check(next)) throw new DomainError('BAD_REQUEST', 'clerk settings out of range');
    if (new Set(next.outcomes.map((o) => o.code)).size !== next.outcomes.length) throw new DomainError('BAD_REQUEST', 'each outcome needs its own code');
    const changed = (Object.keys(change) as (keyof ClerkSettingsT)[]).filter((k) => JSON.stringify(change[k]) !== JSON.stringify(current[k]));
    if (changed.length === 0) return current;
    await this.db.transaction().execute(async (trx) => {
      for (const key of changed) {
        const value = JSON.stringify(next[key]);
        await trx.insertInto('settings').values({ key: `${PREFIX}${key}`, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
      }
    });
    this.cache = next;
    await this.audit({ actor, action: 'settings.changed', details: { settings: changed.map((k) => `${PREFIX}${k}`) } });
    return next;
  }
}
