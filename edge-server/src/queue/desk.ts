import {
  DomainError,
  normalizeTicketNumber,
  officeDay,
  type CallReasonT,
  type CallT,
  type CounterStateT,
  type CounterTransferInputT,
  type TicketT,
} from '@lotse/shared';
import type { Transaction } from 'kysely';
import type { Database, TicketsTable } from '../storage/schema.ts';
import { queueRepo as repo, toTicket } from './repository.ts';
import { deskRepo, parseList } from './deskRepository.ts';
import { preferableLanguages } from './languagePick.ts';
import { frontPriority } from './ordering.ts';
import type { ClerkSettingsStore } from './clerkSettings.ts';
import type { QueueService } from './service.ts';
import type { QueueEvent } from './events.ts';

/** Who acts: the signed-in staff member (audited by account), when there is one. */
export interface Actor { staffId: string | null }

/**
 * The clerk's toolset beyond call-next (issue 11): park and take back, transfer with a note, call a number out of
 * order, call a no-show again, finish with an outcome. Each claims its ticket with one conditional update
 * (deskRepo.claim), so two clerks acting on one ticket at once get one success and one CONFLICT.
 */
export class DeskActions {
  constructor(private readonly queue: QueueService, readonly settings: ClerkSettingsStore) {}

  private get db() {
    return this.queue.db;
  }

  private today(): string {
    return officeDay(this.queue.now(), this.queue.timeZone);
  }

  /** Sets the counter's current visit aside (the citizen fetches a document); it appears in the parked list. */
  async park(counterId: string, actor: Actor): Promise<CounterStateT> {
    const at = this.queue.now().toISOString();
    const ticket = await this.db.transaction().execute(async (trx) => {
      const counter = await this.counter(trx, counterId);
      const id = counter.current_ticket_id;
      if (!id || !(await deskRepo.claim(trx, id, { status: 'called', counterId }, { status: 'parked', parked_at: at, from_counter_id: counterId }))) {
        throw new DomainError('CONFLICT', 'this counter has no called ticket to park');
      }
      if (!(await repo.replaceCurrentTicket(trx, counterId, id, null))) throw new DomainError('CONFLICT', 'this counter changed at the same moment: try again');
      return (await deskRepo.ticket(trx, id)) as TicketT;
    });
    this.changed(ticket, counterId);
    this.audit('parked', ticket, counterId, actor);
    return this.queue.counterState(counterId);
  }

  /** Takes a parked ticket back to this counter and calls it again (display and conversation as for a call). */
  async resume(counterId: string, number: string, actor: Actor): Promise<CallT> {
    const ticket = await this.find(number);
    return this.callClaimed(counterId, ticket, actor, 'resumed', { status: 'parked' }, { parked_at: null }, 'this ticket is not parked (any more)');
  }

  /** Calls a waiting ticket out of order; the reason (a code) goes into the audit. */
  async callTicket(counterId: string, number: string, reason: CallReasonT, actor: Actor): Promise<CallT> {
    const ticket = await this.find(number);
    return this.callClaimed(counterId, ticket, actor, 'calledOutOfOrder', { status: 'waiting' }, { target_counter_id: null, help_language: null }, 'this ticket is not waiting (any more)', reason);
  }

  /** Calls a no-show again, within the office's window after it was marked. */
  async recallNoShow(counterId: string, number: string, actor: Actor): Promise<CallT> {
    const { noShowRecallMinutes } = await this.settings.get();
    const ticket = await this.find(number);
    const since = new Date(this.queue.now().getTime() - noShowRecallMinutes * 60_000).toISOString();
    if (noShowRecallMinutes === 0) throw new DomainError('CONFLICT', 'this office does not call no-shows again');
    return this.callClaimed(counterId, ticket, actor, 'noShowRecalled', { status: 'no-show', finishedSince: since }, { finished_at: null },
      `this ticket is no no-show of the last ${noShowRecallMinutes} minutes`);
  }

  /**
   * Hands the counter's current ticket (or a parked one, by number) on to a service or one counter. It keeps its
   * number and language, and its place by the original check-in time or goes to the front.
   */
  async transfer(input: CounterTransferInputT, actor: Actor): Promise<CounterStateT> {
    const { counterId } = input;
    if (input.serviceId) {
      const service = await repo.service(this.db, input.serviceId);
      if (!service || service.active !== 1) throw new DomainError('NOT_FOUND', `unknown service "${input.serviceId}"`);
    }
    if (input.targetCounterId && !(await repo.counter(this.db, input.targetCounterId))) {
      throw new DomainError('NOT_FOUND', `unknown counter "${input.targetCounterId}"`);
    }
    const now = this.queue.now();
    const ticket = await this.db.transaction().execute(async (trx) => {
      const counter = await this.counter(trx, counterId);
      const row = input.number ? await this.find(input.number, trx) : counter.current_ticket_id ? await deskRepo.byId(trx, counter.current_ticket_id) : undefined;
      if (!row) throw new DomainError('CONFLICT', 'this counter has no called ticket to transfer');
      const fromCurrent = !input.number || row.id === counter.current_ticket_id;
      const from = fromCurrent ? { status: 'called' as const, counterId } : { status: 'parked' as const };
      const note = input.note?.trim() || null;
      const claimed = await deskRepo.claim(trx, row.id, from, {
        status: 'waiting', service_id: input.serviceId ?? row.service_id, target_counter_id: input.targetCounterId ?? null,
        note, from_counter_id: counterId, transferred_at: now.toISOString(), parked_at: null, counter_id: null, called_at: null,
        priority_at: input.position === 'front' ? frontPriority(now, row.day, this.queue.timeZone) : row.priority_at,
      });
      if (!claimed) throw new DomainError('CONFLICT', fromCurrent ? 'this counter has no called ticket to transfer' : 'this ticket is not parked (any more)');
      if (fromCurrent && !(await repo.replaceCurrentTicket(trx, counterId, row.id, null))) {
        throw new DomainError('CONFLICT', 'this counter changed at the same moment: try again');
      }
      return { before: row, after: (await deskRepo.ticket(trx, row.id)) as TicketT };
    });
    this.changed(ticket.after, counterId, ticket.before.service_id);
    this.audit('transferred', ticket.after, counterId, actor, { serviceId: ticket.after.serviceId, position: input.position, ...(input.targetCounterId ? { targetCounterId: input.targetCounterId } : {}) });
    return this.queue.counterState(counterId);
  }

  /**
   * "Ask a colleague who speaks the language": the current visit waits for a signed-in clerk who speaks its
   * language; it shows on their desks, and the first to accept gets it called to their counter.
   */
  async askColleague(counterId: string, actor: Actor): Promise<CounterStateT> {
    const counters = await repo.counters(this.db);
    const own = counters.find((c) => c.id === counterId);
    if (!own) throw new DomainError('NOT_FOUND', `unknown counter "${counterId}"`);
    const row = own.current_ticket_id ? await deskRepo.byId(this.db, own.current_ticket_id) : undefined;
    if (!row) throw new DomainError('CONFLICT', 'this counter has no called ticket');
    if (preferableLanguages([row.language]).size === 0) throw new DomainError('BAD_REQUEST', 'every counter speaks the office language');
    // Nobody to ask: refused, so that no ticket waits for a colleague who is not there.
    if (!counters.some((c) => c.id !== counterId && c.clerk !== null && parseList(c.clerk_languages).includes(row.language))) {
      throw new DomainError('CONFLICT', `no colleague at an open counter speaks ${row.language}`);
    }
    const at = this.queue.now().toISOString();
    const ticket = await this.db.transaction().execute(async (trx) => {
      if (!(await deskRepo.claim(trx, row.id, { status: 'called', counterId }, {
        status: 'waiting', help_language: row.language, from_counter_id: counterId, transferred_at: at, counter_id: null, called_at: null,
      }))) throw new DomainError('CONFLICT', 'this counter has no called ticket');
      if (!(await repo.replaceCurrentTicket(trx, counterId, row.id, null))) throw new DomainError('CONFLICT', 'this counter changed at the same moment: try again');
      return (await deskRepo.ticket(trx, row.id)) as TicketT;
    });
    this.changed(ticket, counterId);
    this.audit('helpRequested', ticket, counterId, actor, { language: row.language });
    return this.queue.counterState(counterId);
  }

  /** A colleague who speaks the language takes the visit: of two who accept at once, one gets it. */
  async acceptHelp(counterId: string, number: string, actor: Actor): Promise<CallT> {
    const ticket = await this.find(number);
    const counter = await repo.counter(this.db, counterId);
    if (!counter) throw new DomainError('NOT_FOUND', `unknown counter "${counterId}"`);
    if (ticket.help_language && !parseList(counter.clerk_languages).includes(ticket.help_language)) {
      throw new DomainError('FORBIDDEN', `the clerk at this counter does not speak ${ticket.help_language}`);
    }
    return this.callClaimed(counterId, ticket, actor, 'helpAccepted', { status: 'waiting', helpRequested: true }, { help_language: null, target_counter_id: null },
      'no colleague is asked for this ticket (any more)');
  }

  /** Finishes the current visit with an outcome from the office's list. */
  async finish(counterId: string, outcome: string | undefined, actor: Actor): Promise<CounterStateT> {
    if (outcome && !(await this.settings.get()).outcomes.some((o) => o.code === outcome)) {
      throw new DomainError('BAD_REQUEST', `"${outcome}" is not on this office's list of outcomes`);
    }
    const ticketId = (await repo.counter(this.db, counterId))?.current_ticket_id;
    const state = await this.queue.finish(counterId, outcome);
    if (ticketId) this.queue.publish({ type: 'deskAction', action: 'finished', ticketId, counterId, staffId: actor.staffId, details: outcome ? { outcome } : {} });
    return state;
  }

  private async callClaimed(
    counterId: string, ticket: TicketsTable, actor: Actor, action: 'resumed' | 'calledOutOfOrder' | 'noShowRecalled' | 'helpAccepted',
    from: Parameters<typeof deskRepo.claim>[2], extra: Parameters<typeof deskRepo.claim>[3], refused: string, reason?: CallReasonT,
  ): Promise<CallT> {
    const at = this.queue.now().toISOString();
    const called = await this.db.transaction().execute(async (trx) => {
      const counter = await this.counter(trx, counterId);
      if (!(await deskRepo.claim(trx, ticket.id, from, { ...extra, status: 'called', called_at: at, counter_id: counterId }))) {
        throw new DomainError('CONFLICT', refused);
      }
      return this.queue.takeOver(trx, counter, toTicket(ticket), at, false);
    });
    this.queue.publishCalled(called);
    this.audit(action, called.called, counterId, actor, reason ? { reason } : {});
    return called.call;
  }

  private async find(typed: string, trx?: Transaction<Database>): Promise<TicketsTable> {
    const number = normalizeTicketNumber(typed);
    const row = await deskRepo.byNumber(trx ?? this.db, this.today(), number);
    if (!row) throw new DomainError('NOT_FOUND', `no ticket ${number} today`);
    return row;
  }

  private async counter(trx: Transaction<Database>, counterId: string) {
    const counter = await repo.counter(trx, counterId);
    if (!counter) throw new DomainError('NOT_FOUND', `unknown counter "${counterId}"`);
    return counter;
  }

  private changed(ticket: TicketT, counterId: string, previousService?: string): void {
    this.queue.publish({ type: 'queueChanged' });
    this.queue.publish({ type: 'counterChanged', counterId });
    this.queue.publish({ type: 'ticketChanged', ticket });
    const services = new Set([ticket.serviceId, ...(previousService ? [previousService] : [])]);
    this.queue.publish({ type: 'servicesChanged', serviceIds: [...services] });
  }

  private audit(action: DeskAction, ticket: TicketT, counterId: string, actor: Actor, details: Record<string, string> = {}): void {
    this.queue.publish({ type: 'deskAction', action, ticketId: ticket.id, counterId, staffId: actor.staffId, details });
  }
}

export type DeskAction = Extract<QueueEvent, { type: 'deskAction' }>['action'];
