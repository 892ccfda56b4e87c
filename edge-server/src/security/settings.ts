import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError, ErrorBody, Settings, SettingsUpdate, type SettingsT, type SettingsUpdateT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Authorize } from '../http/auth.ts';
import { noAudit, type Audit } from '../audit/auditor.ts';
import { RETENTION_DEFAULTS } from './retention.ts';

export const SETTINGS_DEFAULTS: SettingsT = { screenLockMinutes: 5, ...RETENTION_DEFAULTS };
const checkSettings = TypeCompiler.Compile(Settings);
const PREFIX = 'lotse.';

/**
 * Admin settings with safe defaults, stored one row per key in `settings` (value as JSON). A stored value that
 * no longer validates (hand-edited file, older range) is ignored in favour of the default, never trusted.
 */
export class SettingsService {
  private cache: SettingsT | undefined;
  private readonly listeners = new Set<(s: SettingsT) => void>();

  constructor(private readonly db: Db, private readonly audit: Audit = noAudit) {}

  async get(): Promise<SettingsT> {
    if (this.cache) return this.cache;
    const rows = await this.db.selectFrom('settings').selectAll().where('key', 'like', `${PREFIX}%`).execute();
    const merged: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
    for (const row of rows) {
      const key = row.key.slice(PREFIX.length);
      if (!Object.hasOwn(SETTINGS_DEFAULTS, key)) continue;
      try {
        const value: unknown = JSON.parse(row.value);
        if (checkSettings.Check({ ...merged, [key]: value })) merged[key] = value;
      } catch {
        /* unreadable value: keep the default */
      }
    }
    if (!checkSettings.Check(merged)) throw new Error('settings defaults are invalid');
    this.cache = merged;
    return merged;
  }

  async update(change: SettingsUpdateT, actor: `staff:${string}`): Promise<SettingsT> {
    const current = await this.get();
    const next = { ...current, ...change };
    if (!checkSettings.Check(next)) throw new DomainError('BAD_REQUEST', 'settings out of range');
    const changed = (Object.keys(change) as (keyof SettingsT)[]).filter((k) => change[k] !== current[k]);
    if (changed.length === 0) return current;
    await this.db.transaction().execute(async (trx) => {
      for (const key of changed) {
        await trx.insertInto('settings').values({ key: `${PREFIX}${key}`, value: JSON.stringify(next[key]) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next[key]) })).execute();
      }
    });
    this.cache = next;
    await this.audit({ actor, action: 'settings.changed', details: { settings: changed } });
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(listener: (s: SettingsT) => void): void {
    this.listeners.add(listener);
  }
}

export function settingsRoutes(fastify: FastifyInstance, settings: SettingsService, authorize: Authorize) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
  app.get('/api/v1/settings', {
    schema: { tags: ['settings'], summary: 'Current settings (screen lock, retention); staff read them, only admins change them', response: { 200: Settings, ...errors } },
    preHandler: authorize({ staff: ['clerk', 'admin'] }),
  }, () => settings.get());

  app.post('/api/v1/settings', {
    schema: { tags: ['settings'], summary: 'Change settings (admin); audited with the names of the changed settings', body: SettingsUpdate, response: { 200: Settings, ...errors } },
    preHandler: authorize({ staff: ['admin'] }),
  }, (request) => settings.update(request.body, `staff:${request.staff?.id ?? 'unknown'}`));
}
