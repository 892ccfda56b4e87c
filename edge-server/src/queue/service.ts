import { monotonicFactory } from 'ulid';
import {
  DomainError,
  estimateWait,
  formatTicketNumber,
  officeDay,
  priorityAt,
  type CallBoardT,
  type CallT,
  type CounterStateT,
  type CreateTicketInputT,
  type DeskMarkT,
  type OpenCounterInputT,
  type QueueSnapshotT,
  type TicketReceiptT,
  type TicketT,
} from '@lotse/shared';
import type { Transaction } from 'kysely';
import type { Db } from '../storage/db.ts';
import type { CountersTable, Database, TicketsTable } from '../storage/schema.ts';
import { queueRepo as repo, toTicket } from './repository.ts';
import { deskRepo, toMark } from './deskRepository.ts';
import { Listeners, type QueueEvent, type QueueListener } from './events.ts';
import { checkInTime, DEFAULT_OPENS_AT, type CheckInWindow } from './checkInTime.ts';
import { assertWalkInPossible } from './capacity.ts';

export type { CheckInWindow };

/** Call ids sort in the order calls were made, even within one millisecond (the display lists by them). */
const ulid = monotonicFactory();

/** How a ticket enters the queue besides the citizen's input; set by the appointment check-in. */
export interface TicketOrigin {
  kind: 'walk-in' | 'appointment';
  /** Booked start of an appointment: the ticket ranks from there if that is before its check-in. */
  appointmentStartsAt?: string;
}


export interface QueueOptions {
  db: Db;
  now?: () => Date;
  timeZone?: string;
  /** A listener failed (default: console.error); the queue and the other listeners go on. */
  onListenerError?: (err: unknown, event: QueueEvent) => void;
  /** How many calls the display lists. */
  boardSize?: number;
  /** `HH:MM` office time before which no replayed check-in ranks (default 06:00; there are no opening hours yet). */
  opensAt?: string;
  /** How many waiting tickets per service the counters' snapshot lists (a bounded view; default 100). */
  perServiceLimit?: number;
}

/** A ticket made current at a counter by `takeOver`, and the visit that call ended. */
export interface Called { call: CallT; called: TicketT; ended?: TicketT }

/** The queue's operations, shared by the socket handlers and the HTTP API. */
export class QueueService {
  readonly db: Db;
  readonly now: () => Date;
  readonly timeZone: string;
  private readonly boardSize: number;
  private readonly opensAt: string;
  readonly perServiceLimit: number;
  private readonly listeners: Listeners<QueueEvent>;

  constructor(opts: QueueOptions) {
    this.db = opts.db;
    this.now = opts.now ?? (() => new Date());
    this.timeZone = opts.timeZone ?? 'Europe/Berlin';
    this.listeners = new Listeners(opts.onListenerError ?? ((err, event) => console.error(`queue listener failed on ${event.type}`, err)));
    this.boardSize = opts.boardSize ?? 8;
    this.opensAt = opts.opensAt ?? DEFAULT_OPENS_AT;
    this.perServiceLimit = opts.perServiceLimit ?? 100;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(this.opensAt)) throw new Error(`office opening time "${this.opensAt}" is no HH:MM (LOTSE_OFFICE_OPENS)`);
  }

  /** Audit, sockets, mobile pages and conversations follow the queue through this; returns the unsubscribe. */
  subscribe(listener: QueueListener): () => void {
    return this.listeners.subscribe(listener);
  }

  /** For the desk's actions (desk.ts), which publish what they changed once it has committed. */
  publish(event: QueueEvent): void {
    this.listeners.publish(event);
  }

  services() {
    return repo.services(this.db);
  }

  /** Retired counters (issue 11) are no longer offered; their rows stay for calls and statistics. */
  async counters() {
    return (await repo.counters(this.db)).filter((c) => c.active !== 0).map(repo.toCounter);
  }

  /**
   * Idempotent by the client's ULID: a retry returns the ticket made the first time. `window` is where a
   * replayed `checkedInAt` may land (socket and HTTP check-ins pass it; see checkInTime.ts).
   */
  async createTicket(input: CreateTicketInputT, window?: CheckInWindow): Promise<TicketReceiptT> {
    const { ticket, created } = await this.db.transaction().execute((trx) => this.createTicketIn(trx, input, undefined, window));
    if (created) this.ticketCreated(ticket);
    return this.receipt(ticket);
  }

  /**
   * The insert inside a caller's transaction (the appointment check-in links the ticket in the same one). The
   * caller calls `ticketCreated` after commit when `created` is true.
   *
   * `checkedInAt` (an offline kiosk replaying its outbox) becomes the check-in time, so the citizen keeps their
   * place; it must not lie in the future (beyond clock skew) nor on another office day, where it would jump the
   * queue or land in a closed day's numbering, and with a `window` only inside the kiosk's own offline gap and
   * after the office opened (else it counts from its arrival).
   */
  async createTicketIn(
    trx: Transaction<Database>, input: CreateTicketInputT, origin: TicketOrigin = { kind: 'walk-in' }, window?: CheckInWindow,
  ): Promise<{ ticket: TicketT; created: boolean }> {
    const existing = await repo.ticket(trx, input.id);
    if (existing) {
      if (existing.serviceId !== input.serviceId) {
        throw new DomainError('CONFLICT', `ticket id ${input.id} was already used for another service`);
      }
      return { ticket: existing, created: false };
    }
    const service = await repo.service(trx, input.serviceId);
    if (!service || service.active !== 1) throw new DomainError('NOT_FOUND', `unknown service "${input.serviceId}"`);
    const now = this.now();
    const day = officeDay(now, this.timeZone);
    const at = input.checkedInAt === undefined ? now : checkInTime(input.checkedInAt, { now, timeZone: this.timeZone, opensAt: this.opensAt, window });
    const seq = await repo.nextSequence(trx, service.id, day);
    // After the upsert has locked the service's day row: parallel check-ins (PostgreSQL) count each other.
    if (origin.kind === 'walk-in' && input.checkedInAt === undefined) await assertWalkInPossible(trx, service, now, this.timeZone);
    const createdAt = at.toISOString();
    await repo.insertTicket(trx, {
      id: input.id,
      number: formatTicketNumber(service.letter, seq),
      service_id: service.id,
      language: input.language,
      kind: origin.kind,
      status: 'waiting',
      day,
      seq,
      created_at: createdAt,
      called_at: null,
      finished_at: null,
      counter_id: null,
      priority_at: priorityAt(createdAt, origin.appointmentStartsAt),
      provisional_number: input.provisionalNumber ?? null,
      parked_at: null, from_counter_id: null, transferred_at: null, target_counter_id: null, note: null, outcome: null, help_language: null,
    });
    return { ticket: (await repo.ticket(trx, input.id)) as TicketT, created: true };
  }

  /** Tells the rooms about a ticket made by `createTicketIn`, once its transaction has committed. */
  ticketCreated(ticket: TicketT): void {
    this.publish({ type: 'ticketCreated', ticket });
    this.publish({ type: 'queueChanged' });
    this.publish({ type: 'servicesChanged', serviceIds: [ticket.serviceId] });
  }

  async ticketReceipt(id: string): Promise<TicketReceiptT> {
    const ticket = await repo.ticket(this.db, id);
    if (!ticket) throw new DomainError('NOT_FOUND', `no ticket ${id}`);
    return this.receipt(ticket);
  }

  private async receipt(ticket: TicketT): Promise<TicketReceiptT> {
    if (ticket.status !== 'waiting') {
      const counter = ticket.status === 'called' && ticket.counterId ? await repo.counter(this.db, ticket.counterId) : undefined;
      return { ticket, ahead: 0, estimate: { minMinutes: 0, maxMinutes: 0 }, ...(counter ? { counterName: counter.name } : {}) };
    }
    const [ahead, recentMinutes, counters] = await Promise.all([
      repo.countAhead(this.db, ticket),
      repo.recentProcessingMinutes(this.db, ticket.serviceId),
      repo.counters(this.db),
    ]);
    return { ticket, ahead, estimate: estimateWait({ ahead, recentMinutes, openCounters: openCountersFor(counters, ticket.serviceId) }) };
  }

  /**
   * Receipts of every waiting ticket of a service, in queue order, from three queries however long the queue is
   * (mobile ticket pages after a change; `ticketReceipt` per ticket would cost four queries each).
   */
  async waitingReceipts(serviceId: string): Promise<TicketReceiptT[]> {
    const [waiting, recentMinutes, counters] = await Promise.all([
      repo.waiting(this.db, [serviceId]),
      repo.recentProcessingMinutes(this.db, serviceId),
      repo.counters(this.db),
    ]);
    const openCounters = openCountersFor(counters, serviceId);
    return waiting.map((ticket, ahead) => ({ ticket, ahead, estimate: estimateWait({ ahead, recentMinutes, openCounters }) }));
  }

  async counterState(counterId: string): Promise<CounterStateT> {
    const row = await this.requireCounter(counterId);
    return this.toCounterState(row, await repo.ticketsById(this.db, row.current_ticket_id ? [row.current_ticket_id] : []));
  }

  private toCounterState(row: CountersTable, tickets: ReadonlyMap<string, TicketT>): CounterStateT {
    const current = row.current_ticket_id ? (tickets.get(row.current_ticket_id) ?? null) : null;
    return { counter: repo.toCounter(row), serviceIds: parseIds(row.service_ids), clerk: row.clerk, current };
  }

  /** `staffId`: the signed-in clerk, whose languages the counter takes on (call-next may prefer them). */
  async openCounter(input: OpenCounterInputT, clerk: string, staffId?: string): Promise<CounterStateT> {
    const languages = staffId ? await deskRepo.staffLanguages(this.db, staffId) : [];
    const known = new Set((await repo.services(this.db)).map((s) => s.id));
    const unknown = input.serviceIds.filter((id) => !known.has(id));
    if (unknown.length) throw new DomainError('NOT_FOUND', `unknown service(s): ${unknown.join(', ')}`);
    await this.requireCounter(input.counterId);
    await repo.updateCounter(this.db, input.counterId, { service_ids: JSON.stringify(input.serviceIds), clerk, clerk_languages: JSON.stringify(languages) });
    return this.changedCounter(input.counterId);
  }

  async closeCounter(counterId: string): Promise<CounterStateT> {
    await this.requireCounter(counterId);
    await repo.updateCounter(this.db, counterId, { clerk: null, clerk_languages: null });
    return this.changedCounter(counterId);
  }

  /**
   * Calls the oldest waiting ticket of the counter's services (and those transferred to it by name). The
   * conditional status update inside the transaction is what makes two clerks pressing at once get different tickets.
   */
  async callNext(counterId: string): Promise<CallT> {
    const called = await this.db.transaction().execute(async (trx) => {
      const counter = await repo.counter(trx, counterId);
      if (!counter) throw new DomainError('NOT_FOUND', `unknown counter "${counterId}"`);
      const at = this.now().toISOString();
      const pick = this.pickNext ?? (async () => (await deskRepo.oldestWaitingFor(trx, counterId, parseIds(counter.service_ids)))[0]);
      for (;;) {
        const row = await pick(trx, counter, at);
        if (!row) return null;
        const next = toTicket(row);
        if (!(await repo.transition(trx, next.id, 'waiting', { status: 'called', called_at: at, counter_id: counterId }))) continue;
        return this.takeOver(trx, counter, next, at, false);
      }
    });
    if (!called) throw new DomainError('QUEUE_EMPTY', 'no ticket is waiting for the services of this counter');
    this.publishCalled(called);
    return called.call;
  }

  /** Set by the desk (language preference): chooses the next ticket instead of plain queue order. */
  pickNext?: (trx: Transaction<Database>, counter: CountersTable, at: string) => Promise<TicketsTable | undefined>;

  /**
   * After `next` was claimed for the counter (its status already `called` there): ends the counter's current visit,
   * makes `next` current and records the call. Calling the next citizen ends the current visit, as clerks know it.
   */
  async takeOver(trx: Transaction<Database>, counter: CountersTable, next: TicketT, at: string, recall: boolean): Promise<Called> {
    const counterId = counter.id;
    const previous = counter.current_ticket_id;
    const finished = previous && previous !== next.id
      ? await repo.transition(trx, previous, 'called', { status: 'finished', finished_at: at, note: null })
      : false;
    // Compare-and-set: a second call-next at this counter that read the same current ticket (PostgreSQL runs
    // them side by side) must not leave a called ticket that no counter holds. Rolling back re-queues `next`.
    if (!(await repo.replaceCurrentTicket(trx, counterId, previous, next.id))) {
      throw new DomainError('CONFLICT', 'this counter called a ticket at the same moment: try again');
    }
    const callRow = { id: ulid(), ticket_id: next.id, counter_id: counterId, called_at: at, recall: recall ? 1 : 0 };
    await repo.insertCall(trx, callRow);
    const ended = finished && previous ? await repo.ticket(trx, previous) : undefined;
    const nowCalled: TicketT = { ...next, status: 'called', calledAt: at, counterId };
    return { call: toCall(callRow, next, counter), called: nowCalled, ended };
  }

  /** What a committed `takeOver` tells the rooms. */
  publishCalled({ call, called, ended }: Called): void {
    const serviceId = called.serviceId;
    this.publish({ type: 'callCreated', call });
    this.publish({ type: 'servicesChanged', serviceIds: ended && ended.serviceId !== serviceId ? [serviceId, ended.serviceId] : [serviceId] });
    this.publish({ type: 'queueChanged' });
    this.publish({ type: 'counterChanged', counterId: call.counterId });
    // The finished visit changes too: its mobile ticket page shows it, and its conversation ends.
    if (ended) this.publish({ type: 'ticketChanged', ticket: ended });
    this.publish({ type: 'ticketChanged', ticket: called });
  }

  async recall(counterId: string): Promise<CallT> {
    const counter = await this.requireCounter(counterId);
    const ticket = counter.current_ticket_id ? await repo.ticket(this.db, counter.current_ticket_id) : undefined;
    if (!ticket || ticket.status !== 'called') throw new DomainError('CONFLICT', 'this counter has no called ticket to recall');
    const callRow = { id: ulid(), ticket_id: ticket.id, counter_id: counterId, called_at: this.now().toISOString(), recall: 1 };
    await repo.insertCall(this.db, callRow);
    const call = toCall(callRow, ticket, counter);
    this.publish({ type: 'callCreated', call });
    this.publish({ type: 'ticketChanged', ticket });
    return call;
  }

  noShow(counterId: string): Promise<CounterStateT> {
    return this.endCurrent(counterId, 'no-show');
  }

  /** `outcome`: one of the office's outcome codes (the desk checks it against the list). */
  finish(counterId: string, outcome?: string): Promise<CounterStateT> {
    return this.endCurrent(counterId, 'finished', outcome);
  }

  private async endCurrent(counterId: string, status: 'finished' | 'no-show', outcome?: string): Promise<CounterStateT> {
    const counter = await this.requireCounter(counterId);
    const id = counter.current_ticket_id;
    // The transfer note served its purpose once the visit ends (data minimisation).
    const patch = { status, finished_at: this.now().toISOString(), note: null, ...(outcome ? { outcome } : {}) };
    if (!id || !(await repo.transition(this.db, id, 'called', patch))) {
      throw new DomainError('CONFLICT', 'this counter has no called ticket');
    }
    await repo.updateCounter(this.db, counterId, { current_ticket_id: null });
    const ended = await repo.ticket(this.db, id);
    if (ended) {
      this.publish({ type: 'ticketChanged', ticket: ended });
      // The finished visit feeds the service's processing-time history: estimates of those waiting move.
      this.publish({ type: 'servicesChanged', serviceIds: [ended.serviceId] });
    }
    return this.changedCounter(counterId);
  }

  /**
   * A bounded view, rebuilt after queue changes: the first `perServiceLimit` waiting tickets of each service with
   * the counts of all, today's parked tickets and the desk marks. A few queries whatever the queue's length.
   */
  async snapshot(): Promise<QueueSnapshotT> {
    const day = officeDay(this.now(), this.timeZone);
    const [view, parkedRows, counters] = await Promise.all([
      deskRepo.waitingView(this.db, this.perServiceLimit), deskRepo.parked(this.db, day), repo.counters(this.db),
    ]);
    const currentRows = await deskRepo.rowsById(this.db, counters.flatMap((c) => (c.current_ticket_id ? [c.current_ticket_id] : [])));
    const current = new Map(currentRows.map((r) => [r.id, toTicket(r)]));
    // The called tickets' marks too: the desk shows the transfer note while it serves the citizen.
    const marks: Record<string, DeskMarkT> = {};
    for (const row of [...view.rows, ...parkedRows, ...currentRows]) {
      const mark = toMark(row);
      if (mark) marks[row.id] = mark;
    }
    return {
      waiting: view.rows.map(toTicket),
      counters: counters.map((row) => this.toCounterState(row, current)),
      waitingByService: view.counts,
      perServiceLimit: this.perServiceLimit,
      parked: parkedRows.map(toTicket),
      marks,
    };
  }

  async callBoard(): Promise<CallBoardT> {
    return { calls: await repo.recentCalls(this.db, this.boardSize) };
  }

  private async requireCounter(counterId: string) {
    const counter = await repo.counter(this.db, counterId);
    if (!counter) throw new DomainError('NOT_FOUND', `unknown counter "${counterId}"`);
    return counter;
  }

  private async changedCounter(counterId: string): Promise<CounterStateT> {
    this.publish({ type: 'counterChanged', counterId });
    this.publish({ type: 'queueChanged' });
    const state = await this.counterState(counterId);
    // Open counters divide the estimate: opening or closing one moves the estimates of its services.
    this.publish({ type: 'servicesChanged', serviceIds: state.serviceIds });
    return state;
  }
}

/** Counters with a clerk that serve the service: they share its queue. */
function openCountersFor(counters: readonly CountersTable[], serviceId: string): number {
  return counters.filter((c) => c.clerk !== null && parseIds(c.service_ids).includes(serviceId)).length;
}

function parseIds(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function toCall(row: { id: string; called_at: string; recall: number; counter_id: string }, ticket: TicketT, counter: { name: string; spoken_name?: string | null }): CallT {
  return {
    id: row.id,
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    language: ticket.language,
    counterId: row.counter_id,
    counterName: counter.name,
    ...(counter.spoken_name ? { counterSpokenName: counter.spoken_name } : {}),
    calledAt: row.called_at,
    recall: row.recall === 1,
  };
}
