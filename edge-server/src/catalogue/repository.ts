import type { Transaction } from 'kysely';
import type { OpeningHoursT, ServiceConfigT, ServiceT, ServiceTextsT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Database, ServicesTable } from '../storage/schema.ts';

export type Tx = Db | Transaction<Database>;

export function parseJsonList(json: string | null | undefined): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Rows made before migration 0500 hold nulls: these are the defaults they mean. */
export function serviceFromRow(row: ServicesTable, texts: ServiceTextsT): ServiceConfigT {
  return {
    id: row.id,
    name: row.name,
    letter: row.letter,
    active: row.active === 1,
    sort: row.sort,
    pictogram: (row.pictogram ?? 'generic') as ServiceConfigT['pictogram'],
    durationMinutes: row.duration_minutes ?? 10,
    walkIns: (row.walk_ins ?? 1) === 1,
    appointments: (row.appointments ?? 1) === 1,
    dailyCapacity: row.daily_capacity,
    stopMinutesBeforeClose: row.stop_minutes_before_close,
    texts,
  };
}

/** What kiosks, displays, desks and phones get: the public part of a service, with its texts. */
export function toPublicService(s: ServiceConfigT): ServiceT {
  return {
    id: s.id, letter: s.letter, name: s.name, active: s.active, pictogram: s.pictogram,
    walkIns: s.walkIns, appointments: s.appointments, durationMinutes: s.durationMinutes, texts: s.texts,
  };
}

/** Office configuration tables (services' texts, hours, closed days, display groups). */
export const officeRepo = {
  async textsByService(db: Tx, serviceIds?: readonly string[]): Promise<Map<string, ServiceTextsT>> {
    let q = db.selectFrom('service_texts').selectAll();
    if (serviceIds) {
      if (serviceIds.length === 0) return new Map();
      q = q.where('service_id', 'in', serviceIds);
    }
    const map = new Map<string, ServiceTextsT>();
    for (const r of await q.execute()) {
      const texts = map.get(r.service_id) ?? {};
      texts[r.language] = { name: r.name, description: r.description, bring: parseJsonList(r.bring), fee: r.fee };
      map.set(r.service_id, texts);
    }
    return map;
  },

  async replaceTexts(db: Tx, serviceId: string, texts: ServiceTextsT): Promise<void> {
    await db.deleteFrom('service_texts').where('service_id', '=', serviceId).execute();
    const rows = Object.entries(texts).map(([language, t]) => ({
      service_id: serviceId, language, name: t.name, description: t.description, bring: JSON.stringify(t.bring), fee: t.fee,
    }));
    if (rows.length) await db.insertInto('service_texts').values(rows).execute();
  },

  async services(db: Tx): Promise<ServiceConfigT[]> {
    const rows = await db.selectFrom('services').selectAll().orderBy('sort').orderBy('id').execute();
    const texts = await officeRepo.textsByService(db);
    return rows.map((r) => serviceFromRow(r, texts.get(r.id) ?? {}));
  },

  async hours(db: Tx): Promise<OpeningHoursT> {
    const [weekdays, closed] = await Promise.all([
      db.selectFrom('opening_hours').selectAll().orderBy('weekday').execute(),
      db.selectFrom('closed_days').selectAll().orderBy('day').execute(),
    ]);
    return { weekdays: weekdays.map((w) => ({ weekday: w.weekday, opens: w.opens, closes: w.closes })), closedDays: closed };
  },

  async replaceHours(db: Tx, hours: OpeningHoursT): Promise<void> {
    await db.deleteFrom('opening_hours').execute();
    await db.deleteFrom('closed_days').execute();
    if (hours.weekdays.length) await db.insertInto('opening_hours').values(hours.weekdays.map((w) => ({ weekday: w.weekday, opens: w.opens, closes: w.closes }))).execute();
    if (hours.closedDays.length) await db.insertInto('closed_days').values(hours.closedDays.map((c) => ({ day: c.day, label: c.label }))).execute();
  },

  /** Walk-in tickets of a service on an office day (its number sequence counts appointments too, so count rows). */
  async walkInsOn(db: Tx, serviceId: string, day: string): Promise<number> {
    const row = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service_id', '=', serviceId).where('day', '=', day).where('kind', '=', 'walk-in').executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
