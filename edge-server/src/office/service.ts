import {
  DomainError,
  isLanguageCode,
  type CounterConfigT,
  type CounterCreateInputT,
  type CounterInputT,
  type CounterT,
  type DisplayGroupInputT,
  type DisplayGroupT,
  type OpeningHoursT,
  type ServiceConfigT,
  type ServiceCreateInputT,
  type ServiceInputT,
  type ServiceT,
  type ServiceTextsT,
} from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Audit } from '../audit/auditor.ts';
import { Listeners } from '../queue/events.ts';
import { officeRepo, parseJsonList, toPublicService } from '../catalogue/repository.ts';

export { toPublicService };
import { hasText } from '../catalogue/texts.ts';

export type OfficeEvent = { type: 'servicesChanged' } | { type: 'countersChanged' } | { type: 'hoursChanged' };
type Actor = `staff:${string}`;

export interface OfficeOptions {
  db: Db;
  audit: Audit;
  onListenerError?: (err: unknown) => void;
}

/** German → an id a URL and the ticket room can carry: "Führungszeugnis" → "fuehrungszeugnis". */
export function slugOf(name: string): string {
  const slug = name.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32);
  return slug || 'dienst';
}

/** Drops languages left empty, refuses unknown codes and a German text without a name. */
export function cleanTexts(texts: ServiceTextsT): ServiceTextsT {
  const out: ServiceTextsT = {};
  for (const [language, text] of Object.entries(texts)) {
    if (!isLanguageCode(language)) throw new DomainError('BAD_REQUEST', `"${language}" is no language of the catalogue`);
    const t = { name: text.name.trim(), description: text.description.trim(), bring: text.bring.map((b) => b.trim()).filter(Boolean), fee: text.fee.trim() };
    if (!t.name && (t.description || t.bring.length || t.fee)) throw new DomainError('BAD_REQUEST', `the ${language} text has no name`);
    if (hasText(t)) out[language] = t;
  }
  if (!hasText(out.de)) throw new DomainError('BAD_REQUEST', 'the German name of the service is required');
  return out;
}

/**
 * The office's own configuration (issue 11): services, counters, display groups, opening hours. Every change is
 * validated, audited by who made it and which fields changed, and published so kiosks and displays update at once.
 * Services and counters are retired, never deleted: tickets, calls and statistics keep pointing at them.
 */
export class OfficeService {
  private readonly db: Db;
  private readonly audit: Audit;
  private readonly listeners: Listeners<OfficeEvent>;

  constructor(opts: OfficeOptions) {
    this.db = opts.db;
    this.audit = opts.audit;
    this.listeners = new Listeners(opts.onListenerError ?? ((err) => console.error('office listener failed', err)));
  }

  subscribe(listener: (event: OfficeEvent) => void | Promise<unknown>): () => void {
    return this.listeners.subscribe(listener);
  }

  services(): Promise<ServiceConfigT[]> {
    return officeRepo.services(this.db);
  }

  async publicServices(): Promise<ServiceT[]> {
    return (await this.services()).map(toPublicService);
  }

  async createService(input: ServiceCreateInputT, actor: Actor): Promise<ServiceConfigT> {
    const texts = cleanTexts(input.texts);
    const existing = await this.services();
    await this.assertLetterFree(input.letter, undefined, existing);
    const base = input.id ?? slugOf(texts.de.name);
    if (input.id && existing.some((s) => s.id === input.id)) throw new DomainError('CONFLICT', `a service "${input.id}" exists already`);
    let id = base;
    for (let n = 2; existing.some((s) => s.id === id); n++) id = `${base}-${n}`;
    const sort = existing.reduce((max, s) => Math.max(max, s.sort + 1), 0);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('services').values({ id, letter: input.letter, name: texts.de.name, active: 1, sort, ...serviceColumns(input) }).execute();
      await officeRepo.replaceTexts(trx, id, texts);
    });
    await this.audit({ actor, action: 'office.serviceCreated', subject: id, details: { serviceId: id, languages: Object.keys(texts) } });
    return this.changedService(id);
  }

  async updateService(id: string, input: ServiceInputT, actor: Actor): Promise<ServiceConfigT> {
    const before = await this.service(id);
    const texts = cleanTexts(input.texts);
    if (before.active) await this.assertLetterFree(input.letter, id);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('services').set({ letter: input.letter, name: texts.de.name, ...serviceColumns(input) }).where('id', '=', id).execute();
      await officeRepo.replaceTexts(trx, id, texts);
    });
    const after = { ...before, ...input, texts };
    const fields = (Object.keys(input) as (keyof ServiceInputT)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await this.audit({ actor, action: 'office.serviceChanged', subject: id, details: { serviceId: id, fields, languages: Object.keys(texts) } });
    return this.changedService(id);
  }

  /** Retired services leave the kiosk; waiting tickets stay callable and history stays readable. */
  async setServiceActive(id: string, active: boolean, actor: Actor): Promise<ServiceConfigT> {
    const before = await this.service(id);
    if (active && !before.active) await this.assertLetterFree(before.letter, id);
    await this.db.updateTable('services').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
    await this.audit({ actor, action: active ? 'office.serviceChanged' : 'office.serviceRetired', subject: id, details: { serviceId: id, fields: ['active'] } });
    return this.changedService(id);
  }

  async orderServices(ids: readonly string[], actor: Actor): Promise<ServiceConfigT[]> {
    const all = await this.services();
    const unknown = ids.filter((id) => !all.some((s) => s.id === id));
    if (unknown.length) throw new DomainError('NOT_FOUND', `unknown service(s): ${unknown.join(', ')}`);
    // Services not named keep their relative order after the named ones.
    const order = [...ids, ...all.map((s) => s.id).filter((id) => !ids.includes(id))];
    await this.db.transaction().execute(async (trx) => {
      for (const [sort, id] of order.entries()) await trx.updateTable('services').set({ sort }).where('id', '=', id).execute();
    });
    await this.audit({ actor, action: 'office.serviceChanged', details: { fields: ['sort'], count: ids.length } });
    this.listeners.publish({ type: 'servicesChanged' });
    return this.services();
  }

  private async service(id: string): Promise<ServiceConfigT> {
    const found = (await this.services()).find((s) => s.id === id);
    if (!found) throw new DomainError('NOT_FOUND', `no service ${id}`);
    return found;
  }

  private async assertLetterFree(letter: string, ownId: string | undefined, list?: ServiceConfigT[]): Promise<void> {
    const clash = (list ?? (await this.services())).find((s) => s.active && s.letter === letter && s.id !== ownId);
    // Ticket numbers are letter + number of the day: two open services with one letter would hand out A-017 twice.
    if (clash) throw new DomainError('CONFLICT', `letter ${letter} is already used by "${clash.texts.de?.name ?? clash.id}"`);
  }

  private async changedService(id: string): Promise<ServiceConfigT> {
    this.listeners.publish({ type: 'servicesChanged' });
    return this.service(id);
  }

  /* ---- counters ---- */

  async counters(): Promise<CounterConfigT[]> {
    const [rows, bound] = await Promise.all([
      this.db.selectFrom('counters').selectAll().orderBy('id').execute(),
      this.db.selectFrom('devices').select(['id', 'name', 'counter_id']).where('counter_id', 'is not', null).where('revoked_at', 'is', null).execute(),
    ]);
    return rows.map((r) => ({
      id: r.id, name: r.name, spokenName: r.spoken_name ?? '', active: r.active !== 0,
      serviceIds: parseJsonList(r.default_service_ids),
      boundDevices: bound.filter((d) => d.counter_id === r.id).map((d) => ({ id: d.id, name: d.name })),
    }));
  }

  /** What desks and displays get: active counters with how the display speaks them. */
  async publicCounters(): Promise<CounterT[]> {
    return (await this.counters()).filter((c) => c.active).map((c) => ({
      id: c.id, name: c.name, ...(c.spokenName ? { spokenName: c.spokenName } : {}), ...(c.serviceIds.length ? { defaultServiceIds: c.serviceIds } : {}),
    }));
  }

  async createCounter(input: CounterCreateInputT, actor: Actor): Promise<CounterConfigT> {
    await this.assertServices(input.serviceIds);
    const existing = await this.counters();
    const base = input.id ?? slugOf(input.name);
    if (input.id && existing.some((c) => c.id === input.id)) throw new DomainError('CONFLICT', `a counter "${input.id}" exists already`);
    let id = base;
    for (let n = 2; existing.some((c) => c.id === id); n++) id = `${base}-${n}`;
    await this.db.insertInto('counters').values({
      id, name: input.name, spoken_name: input.spokenName.trim() || null, default_service_ids: JSON.stringify(input.serviceIds),
      service_ids: '[]', clerk: null, current_ticket_id: null, active: 1,
    }).execute();
    await this.audit({ actor, action: 'office.counterCreated', subject: id, details: { counterId: id } });
    return this.changedCounter(id);
  }

  async updateCounter(id: string, input: CounterInputT, actor: Actor): Promise<CounterConfigT> {
    const before = await this.counter(id);
    await this.assertServices(input.serviceIds);
    await this.db.updateTable('counters')
      .set({ name: input.name, spoken_name: input.spokenName.trim() || null, default_service_ids: JSON.stringify(input.serviceIds) })
      .where('id', '=', id).execute();
    const fields = (['name', 'spokenName', 'serviceIds'] as const).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(k === 'spokenName' ? input.spokenName.trim() : input[k]));
    await this.audit({ actor, action: 'office.counterChanged', subject: id, details: { counterId: id, fields } });
    return this.changedCounter(id);
  }

  /** A counter in use (clerk signed in or a citizen being served) is not retired under their feet. */
  async setCounterActive(id: string, active: boolean, actor: Actor): Promise<CounterConfigT> {
    await this.counter(id);
    if (!active) {
      const row = await this.db.selectFrom('counters').select(['clerk', 'current_ticket_id']).where('id', '=', id).executeTakeFirstOrThrow();
      if (row.clerk !== null || row.current_ticket_id !== null) throw new DomainError('CONFLICT', 'this counter is open: close it at the desk first');
    }
    await this.db.updateTable('counters').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
    await this.audit({ actor, action: active ? 'office.counterChanged' : 'office.counterRetired', subject: id, details: { counterId: id, fields: ['active'] } });
    return this.changedCounter(id);
  }

  private async counter(id: string): Promise<CounterConfigT> {
    const found = (await this.counters()).find((c) => c.id === id);
    if (!found) throw new DomainError('NOT_FOUND', `no counter ${id}`);
    return found;
  }

  private async assertServices(ids: readonly string[]): Promise<void> {
    const known = new Set((await this.services()).map((s) => s.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new DomainError('NOT_FOUND', `unknown service(s): ${unknown.join(', ')}`);
  }

  private async changedCounter(id: string): Promise<CounterConfigT> {
    this.listeners.publish({ type: 'countersChanged' });
    return this.counter(id);
  }

  /* ---- display groups ---- */

  async displayGroups(): Promise<DisplayGroupT[]> {
    const rows = await this.db.selectFrom('display_groups').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, counterIds: parseJsonList(r.counter_ids), deviceIds: parseJsonList(r.device_ids) }));
  }

  async saveDisplayGroup(id: string | undefined, input: DisplayGroupInputT, actor: Actor): Promise<DisplayGroupT> {
    const known = new Set((await this.counters()).map((c) => c.id));
    const unknown = input.counterIds.filter((c) => !known.has(c));
    if (unknown.length) throw new DomainError('NOT_FOUND', `unknown counter(s): ${unknown.join(', ')}`);
    const groups = await this.displayGroups();
    if (id && !groups.some((g) => g.id === id)) throw new DomainError('NOT_FOUND', `no display group ${id}`);
    let newId = id ?? slugOf(input.name);
    for (let n = 2; !id && groups.some((g) => g.id === newId); n++) newId = `${slugOf(input.name)}-${n}`;
    const row = { name: input.name, counter_ids: JSON.stringify(input.counterIds), device_ids: JSON.stringify(input.deviceIds) };
    if (id) await this.db.updateTable('display_groups').set(row).where('id', '=', id).execute();
    else await this.db.insertInto('display_groups').values({ id: newId, ...row }).execute();
    await this.audit({ actor, action: 'office.displayGroupChanged', subject: newId, details: { kind: id ? 'changed' : 'created' } });
    this.listeners.publish({ type: 'countersChanged' });
    return (await this.displayGroups()).find((g) => g.id === newId) as DisplayGroupT;
  }

  /** A group holds no history (calls keep their counter), so it may really be deleted. */
  async deleteDisplayGroup(id: string, actor: Actor): Promise<void> {
    const res = await this.db.deleteFrom('display_groups').where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw new DomainError('NOT_FOUND', `no display group ${id}`);
    await this.audit({ actor, action: 'office.displayGroupChanged', subject: id, details: { kind: 'deleted' } });
    this.listeners.publish({ type: 'countersChanged' });
  }

  /* ---- opening hours ---- */

  hours(): Promise<OpeningHoursT> {
    return officeRepo.hours(this.db);
  }

  async setHours(hours: OpeningHoursT, actor: Actor): Promise<OpeningHoursT> {
    const days = new Set<number>();
    for (const w of hours.weekdays) {
      if (days.has(w.weekday)) throw new DomainError('BAD_REQUEST', `weekday ${w.weekday} is listed twice`);
      days.add(w.weekday);
      if ((w.opens === null) !== (w.closes === null)) throw new DomainError('BAD_REQUEST', `weekday ${w.weekday}: give both times or none`);
      if (w.opens && w.closes && w.closes <= w.opens) throw new DomainError('BAD_REQUEST', `weekday ${w.weekday}: closes before it opens`);
    }
    const closed = new Map(hours.closedDays.map((c) => [c.day, { day: c.day, label: c.label.trim() }]));
    for (const day of closed.keys()) if (Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new DomainError('BAD_REQUEST', `${day} is no date`);
    await this.db.transaction().execute((trx) => officeRepo.replaceHours(trx, { weekdays: hours.weekdays, closedDays: [...closed.values()] }));
    await this.audit({ actor, action: 'office.hoursChanged', details: { count: closed.size } });
    this.listeners.publish({ type: 'hoursChanged' });
    return this.hours();
  }
}

function serviceColumns(input: ServiceInputT) {
  return {
    pictogram: input.pictogram, duration_minutes: input.durationMinutes, walk_ins: input.walkIns ? 1 : 0,
    appointments: input.appointments ? 1 : 0, daily_capacity: input.dailyCapacity, stop_minutes_before_close: input.stopMinutesBeforeClose,
  };
}
