import { DomainError, isLanguageCode, mobileTicketPath, type StaffAccountT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Audit } from '../audit/auditor.ts';
import type { DeviceService } from '../devices/service.ts';
import type { StaffService } from '../staff/service.ts';

export interface OfficeAdminOptions {
  db: Db;
  audit: Audit;
  devices: DeviceService;
  staff: StaffService;
  /** LOTSE_PUBLIC_URL as the app got it. */
  publicUrl?: string;
  now?: () => Date;
}

/** The admin's smaller chores of issue 11: staff languages, device names and removal, the phones' address. */
export class OfficeAdmin {
  constructor(private readonly opts: OfficeAdminOptions) {}

  /** Stored for calling by language; only codes of the language catalogue. */
  async setStaffLanguages(id: string, languages: readonly string[], actor: `staff:${string}`): Promise<StaffAccountT> {
    const unknown = languages.filter((l) => !isLanguageCode(l));
    if (unknown.length) throw new DomainError('BAD_REQUEST', `not in the language catalogue: ${unknown.join(', ')}`);
    const res = await this.opts.db.updateTable('staff').set({ languages: JSON.stringify(languages) }).where('id', '=', id).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new DomainError('NOT_FOUND', `no staff account ${id}`);
    await this.opts.audit({ actor, action: 'staff.updated', subject: id, details: { kind: 'languages', languages: [...languages] } });
    const account = (await this.opts.staff.list()).find((a) => a.id === id);
    if (!account) throw new DomainError('NOT_FOUND', `no staff account ${id}`);
    return account;
  }

  async renameDevice(id: string, name: string, actor: `staff:${string}`): Promise<void> {
    const res = await this.opts.db.updateTable('devices').set({ name }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new DomainError('NOT_FOUND', `no device ${id}`);
    await this.opts.audit({ actor, action: 'device.renamed', subject: id, details: { deviceId: id } });
  }

  /** Revokes first (sockets are cut), then hides the row; the audit keeps every entry naming it. */
  async removeDevice(id: string, actor: `staff:${string}`): Promise<void> {
    const row = await this.opts.db.selectFrom('devices').select(['id', 'revoked_at', 'removed_at']).where('id', '=', id).executeTakeFirst();
    if (!row || row.removed_at) throw new DomainError('NOT_FOUND', `no device ${id}`);
    if (!row.revoked_at) await this.opts.devices.revoke(id, actor);
    await this.opts.db.updateTable('devices').set({ removed_at: (this.opts.now?.() ?? new Date()).toISOString() }).where('id', '=', id).execute();
    await this.opts.audit({ actor, action: 'device.removed', subject: id, details: { deviceId: id } });
  }

  /** Id → name of everything the audit log names by id (accounts by display name and user name). */
  async names(): Promise<{ staff: Record<string, string>; devices: Record<string, string>; services: Record<string, string>; counters: Record<string, string> }> {
    const db = this.opts.db;
    const [staff, devices, services, counters] = await Promise.all([
      db.selectFrom('staff').select(['id', 'username', 'display_name']).execute(),
      db.selectFrom('devices').select(['id', 'name']).execute(),
      db.selectFrom('services').select(['id', 'name']).execute(),
      db.selectFrom('counters').select(['id', 'name']).execute(),
    ]);
    return {
      staff: Object.fromEntries(staff.map((s) => [s.id, `${s.display_name} (${s.username})`])),
      devices: Object.fromEntries(devices.map((d) => [d.id, d.name])),
      services: Object.fromEntries(services.map((s) => [s.id, s.name])),
      counters: Object.fromEntries(counters.map((c) => [c.id, c.name])),
    };
  }

  /** What a phone opens from the ticket's QR code: LOTSE_PUBLIC_URL, else the `public.url` setting, else the kiosk's own address. */
  async publicUrl(): Promise<{ publicUrl: string | null; phoneReaches: string; source: 'env' | 'setting' | 'kiosk' }> {
    const setting = (await this.opts.db.selectFrom('settings').select('value').where('key', '=', 'public.url').executeTakeFirst())?.value;
    const base = this.opts.publicUrl ?? setting;
    const source = this.opts.publicUrl ? 'env' : setting ? 'setting' : 'kiosk';
    const path = mobileTicketPath('…');
    return { publicUrl: base ?? null, phoneReaches: base ? `${base.replace(/\/+$/, '')}${path}` : path, source };
  }
}
