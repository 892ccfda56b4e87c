import { DomainError } from '@lotse/shared';
import type { Transaction } from 'kysely';
import type { Db } from '../storage/db.ts';
import type { Database, ServicesTable } from '../storage/schema.ts';
import { officeRepo } from '../catalogue/repository.ts';
import { localParts, walkInState, type WalkInState } from '../catalogue/hours.ts';

/** Whether a live walk-in for this service may get a ticket now (opening hours, closing margin, daily capacity). */
export async function walkInStateFor(trx: Transaction<Database> | Db, service: ServicesTable, now: Date, timeZone: string): Promise<WalkInState> {
  if ((service.walk_ins ?? 1) !== 1) return { open: false, reason: 'capacity' };
  const hours = await officeRepo.hours(trx);
  const issuedToday = service.daily_capacity === null ? 0 : await officeRepo.walkInsOn(trx, service.id, localParts(now, timeZone).day);
  return walkInState({ now, timeZone, hours, issuedToday, dailyCapacity: service.daily_capacity, stopMinutesBeforeClose: service.stop_minutes_before_close });
}

/**
 * Refuses a live walk-in the office cannot serve today (issue 11) inside the check-in's transaction, so two
 * kiosks cannot both take the last place. Replayed offline check-ins and appointment check-ins are never
 * refused: that citizen already holds a number.
 */
export async function assertWalkInPossible(trx: Transaction<Database>, service: ServicesTable, now: Date, timeZone: string): Promise<void> {
  const state = await walkInStateFor(trx, service, now, timeZone);
  if (!state.open) throw new DomainError('WALK_IN_CLOSED', `no walk-in ticket for "${service.id}" now: ${state.reason}`);
}
