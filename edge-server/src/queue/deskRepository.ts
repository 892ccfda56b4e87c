import type { Transaction } from 'kysely';
import type { DeskMarkT, TicketT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Database, TicketsTable } from '../storage/schema.ts';
import { toTicket } from './repository.ts';

type Tx = Db | Transaction<Database>;
type Patch = Partial<Omit<TicketsTable, 'id' | 'number' | 'day' | 'seq' | 'created_at' | 'language' | 'kind'>>;

/** A JSON list of strings, or [] for null and anything else. */
export function parseList(json: string | null): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Only what a desk needs to see; empty when the ticket carries no mark. */
export function toMark(row: TicketsTable): DeskMarkT | undefined {
  const mark: DeskMarkT = {
    ...(row.parked_at ? { parkedAt: row.parked_at } : {}),
    ...(row.from_counter_id ? { fromCounterId: row.from_counter_id } : {}),
    ...(row.transferred_at ? { transferredAt: row.transferred_at } : {}),
    ...(row.target_counter_id ? { targetCounterId: row.target_counter_id } : {}),
    ...(row.note ? { note: row.note } : {}),
    ...(row.help_language ? { helpLanguage: row.help_language } : {}),
  };
  return Object.keys(mark).length ? mark : undefined;
}

/**
 * The desk's claims on one ticket. Each is a single conditional UPDATE: the `where` on the expected status is the
 * only check, so of two clerks acting on one ticket at once exactly one changes a row (the other gets 0 rows and a
 * CONFLICT), on SQLite and on PostgreSQL alike.
 */
export const deskRepo = {
  async byNumber(db: Tx, day: string, number: string): Promise<TicketsTable | undefined> {
    return db.selectFrom('tickets').selectAll().where('day', '=', day).where('number', '=', number).executeTakeFirst();
  },

  /** `from` and, where given, the counter holding it and the earliest `finished_at`, must all still hold. */
  async claim(db: Tx, id: string, from: { status: TicketT['status']; counterId?: string; finishedSince?: string; helpRequested?: boolean }, patch: Patch): Promise<boolean> {
    let q = db.updateTable('tickets').set(patch).where('id', '=', id).where('status', '=', from.status);
    if (from.helpRequested) q = q.where('help_language', 'is not', null);
    if (from.counterId !== undefined) q = q.where('counter_id', '=', from.counterId);
    if (from.finishedSince !== undefined) q = q.where('finished_at', '>=', from.finishedSince);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /**
   * The queue's next ticket for a counter: its services' tickets that no other counter was named for, and every
   * ticket transferred to this counter by name (whatever its service).
   */
  async oldestWaitingFor(db: Tx, counterId: string, serviceIds: readonly string[], limit = 1): Promise<TicketsTable[]> {
    return db.selectFrom('tickets').selectAll()
      .where('status', '=', 'waiting')
      // A ticket waiting for a colleague who speaks its language is taken by "accept", never by call-next.
      .where('help_language', 'is', null)
      .where((eb) => eb.or([
        eb('target_counter_id', '=', counterId),
        ...(serviceIds.length ? [eb.and([eb('service_id', 'in', serviceIds), eb('target_counter_id', 'is', null)])] : []),
      ]))
      .orderBy('priority_at').orderBy('id').limit(limit).execute();
  },

  /** The first `perService` waiting tickets of each service, in queue order, with the full counts per service. */
  async waitingView(db: Tx, perService: number): Promise<{ rows: TicketsTable[]; counts: Record<string, number> }> {
    const countRows = await db.selectFrom('tickets').select(['service_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'waiting').groupBy('service_id').execute();
    const counts = Object.fromEntries(countRows.map((r) => [r.service_id, Number(r.n)]));
    // One indexed query per service with waiting tickets (tickets_waiting_order), retired ones included: a handful.
    const lists = await Promise.all(Object.keys(counts).map((id) =>
      db.selectFrom('tickets').selectAll().where('status', '=', 'waiting').where('service_id', '=', id)
        .orderBy('priority_at').orderBy('id').limit(perService).execute()));
    const rows = lists.flat().sort((a, b) => (a.priority_at < b.priority_at ? -1 : a.priority_at > b.priority_at ? 1 : a.id < b.id ? -1 : 1));
    return { rows, counts };
  },

  async parked(db: Tx, day: string): Promise<TicketsTable[]> {
    return db.selectFrom('tickets').selectAll().where('status', '=', 'parked').where('day', '=', day).orderBy('parked_at').orderBy('id').execute();
  },

  /** The languages a staff account speaks (JSON in `staff.languages`); anything unreadable counts as none. */
  async staffLanguages(db: Tx, staffId: string): Promise<string[]> {
    const row = await db.selectFrom('staff').select('languages').where('id', '=', staffId).executeTakeFirst();
    return parseList(row?.languages ?? null);
  },

  async rowsById(db: Tx, ids: readonly string[]): Promise<TicketsTable[]> {
    return ids.length ? db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute() : [];
  },

  async byId(db: Tx, id: string): Promise<TicketsTable | undefined> {
    return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async ticket(db: Tx, id: string): Promise<TicketT | undefined> {
    const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTicket(row);
  },
};
