import { sql, type Transaction } from 'kysely';
import type { CallT, CounterT, ServiceT, TicketT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Database, TicketsTable } from '../storage/schema.ts';
import { officeRepo, parseJsonList, toPublicService } from '../catalogue/repository.ts';

type Tx = Db | Transaction<Database>;

export function toTicket(row: TicketsTable): TicketT {
  return {
    id: row.id,
    number: row.number,
    serviceId: row.service_id,
    language: row.language as TicketT['language'],
    kind: row.kind as TicketT['kind'],
    status: row.status as TicketT['status'],
    day: row.day,
    createdAt: row.created_at,
    calledAt: row.called_at,
    finishedAt: row.finished_at,
    counterId: row.counter_id,
    priorityAt: row.priority_at || row.created_at,
    ...(row.provisional_number ? { provisionalNumber: row.provisional_number } : {}),
  };
}

/** Data access for services, counters, tickets and calls. Plain SQL that SQLite and PostgreSQL both run. */
export const queueRepo = {
  /** With the office's texts per language (issue 11): apps show these over the shipped resources. */
  async services(db: Tx): Promise<ServiceT[]> {
    return (await officeRepo.services(db)).map(toPublicService);
  },

  async service(db: Tx, id: string) {
    return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async counters(db: Tx) {
    return db.selectFrom('counters').selectAll().orderBy('id').execute();
  },

  async counter(db: Tx, id: string) {
    return db.selectFrom('counters').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async updateCounter(db: Tx, id: string, patch: Partial<{ service_ids: string; clerk: string | null; current_ticket_id: string | null; clerk_languages: string | null }>) {
    await db.updateTable('counters').set(patch).where('id', '=', id).execute();
  },

  /** Moves the counter on to another ticket only if its current one is still `from` (two presses of call-next). */
  async replaceCurrentTicket(db: Tx, id: string, from: string | null, to: string | null): Promise<boolean> {
    const res = await db.updateTable('counters').set({ current_ticket_id: to }).where('id', '=', id)
      .where('current_ticket_id', from === null ? 'is' : '=', from).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** The tickets with these ids (a counter snapshot's current tickets) in one query. */
  async ticketsById(db: Tx, ids: readonly string[]): Promise<Map<string, TicketT>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, toTicket(r)]));
  },

  async ticket(db: Tx, id: string): Promise<TicketT | undefined> {
    const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTicket(row);
  },

  /** Next number of the day for a service; the upsert makes it atomic on both databases. */
  async nextSequence(db: Tx, serviceId: string, day: string): Promise<number> {
    const row = await db
      .insertInto('day_sequences')
      .values({ service_id: serviceId, day, last: 1 })
      .onConflict((oc) => oc.columns(['service_id', 'day']).doUpdateSet({ last: sql<number>`day_sequences.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  },

  async insertTicket(db: Tx, row: TicketsTable): Promise<void> {
    await db.insertInto('tickets').values(row).execute();
  },

  async waiting(db: Tx, serviceIds?: readonly string[]): Promise<TicketT[]> {
    let q = db.selectFrom('tickets').selectAll().where('status', '=', 'waiting');
    if (serviceIds) {
      if (serviceIds.length === 0) return [];
      q = q.where('service_id', 'in', serviceIds);
    }
    const rows = await q.orderBy('priority_at').orderBy('id').execute();
    return rows.map(toTicket);
  },

  async oldestWaiting(db: Tx, serviceIds: readonly string[]): Promise<TicketT | undefined> {
    if (serviceIds.length === 0) return undefined;
    const row = await db
      .selectFrom('tickets')
      .selectAll()
      .where('status', '=', 'waiting')
      .where('service_id', 'in', serviceIds)
      .orderBy('priority_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row && toTicket(row);
  },

  /** Waiting tickets before this one in its service, in the order of `compareQueueOrder` (priority_at, id). */
  async countAhead(db: Tx, ticket: TicketT): Promise<number> {
    const key = ticket.priorityAt ?? ticket.createdAt;
    const row = await db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'waiting')
      .where('service_id', '=', ticket.serviceId)
      .where((eb) =>
        eb.or([eb('priority_at', '<', key), eb.and([eb('priority_at', '=', key), eb('id', '<', ticket.id)])]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Moves a ticket from one status to another only if it is still in the expected one (no double calls). */
  async transition(
    db: Tx,
    id: string,
    from: TicketT['status'],
    patch: Partial<Pick<TicketsTable, 'status' | 'called_at' | 'finished_at' | 'counter_id' | 'note' | 'outcome'>>,
  ): Promise<boolean> {
    const res = await db.updateTable('tickets').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Processing minutes (call → finish) of the service's most recent finished tickets, oldest first. */
  async recentProcessingMinutes(db: Tx, serviceId: string, limit = 20): Promise<number[]> {
    const rows = await db
      .selectFrom('tickets')
      .select(['called_at', 'finished_at'])
      .where('service_id', '=', serviceId)
      .where('status', '=', 'finished')
      .where('called_at', 'is not', null)
      .orderBy('finished_at', 'desc')
      .limit(limit)
      .execute();
    return rows
      .map((r) => (Date.parse(r.finished_at ?? '') - Date.parse(r.called_at ?? '')) / 60_000)
      .filter((m) => Number.isFinite(m))
      .reverse();
  },

  async insertCall(db: Tx, call: { id: string; ticket_id: string; counter_id: string; called_at: string; recall: number }) {
    await db.insertInto('calls').values(call).execute();
  },

  async recentCalls(db: Tx, limit: number): Promise<CallT[]> {
    const rows = await db
      .selectFrom('calls')
      .innerJoin('tickets', 'tickets.id', 'calls.ticket_id')
      .innerJoin('counters', 'counters.id', 'calls.counter_id')
      .select([
        'calls.id as id',
        'calls.ticket_id as ticketId',
        'tickets.number as ticketNumber',
        'tickets.language as language',
        'calls.counter_id as counterId',
        'counters.name as counterName',
        'counters.spoken_name as counterSpokenName',
        'calls.called_at as calledAt',
        'calls.recall as recall',
      ])
      .orderBy('calls.called_at', 'desc')
      .orderBy('calls.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(({ counterSpokenName, ...r }) => ({ ...r, ...(counterSpokenName ? { counterSpokenName } : {}), language: r.language as CallT['language'], recall: r.recall === 1 }));
  },

  toCounter(row: { id: string; name: string; spoken_name?: string | null; default_service_ids?: string | null }): CounterT {
    const defaults = parseJsonList(row.default_service_ids);
    return { id: row.id, name: row.name, ...(row.spoken_name ? { spokenName: row.spoken_name } : {}), ...(defaults.length ? { defaultServiceIds: defaults } : {}) };
  },
};
