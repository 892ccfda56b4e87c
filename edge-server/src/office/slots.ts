import { createHash } from 'node:crypto';
import { DomainError, officeDay, type AppointmentSlotT, type BookSlotInputT, type BookSlotResultT, type WalkInRefusalT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { Audit } from '../audit/auditor.ts';
import { walkInStateFor } from '../queue/capacity.ts';
import { addDays, hoursUnset, localParts, openInterval } from '../catalogue/hours.ts';
import { officeRepo, parseJsonList, type Tx } from '../catalogue/repository.ts';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Slots start at least this far ahead, so a citizen can still get there. */
const LEAD_MS = 15 * 60_000;
const MAX_SLOTS = 6;
const DAYS_AHEAD = 14;

/** The booking code of a kiosk booking comes from its client-made id: a retried booking gets the same code. */
export function bookingCodeFor(id: string): string {
  const bytes = createHash('sha256').update(`kiosk-booking:${id}`).digest();
  const chars = Array.from(bytes.subarray(0, 8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export interface SlotOptions {
  db: Db;
  now: () => Date;
  timeZone: string;
  audit: Audit;
}

/**
 * Free appointment slots for a service, offered at the kiosk when walk-ins are closed (issue 11): within the
 * opening hours of the next two weeks, one slot per expected duration, as many at once as counters serve the
 * service by default (at least one), minus what is booked.
 */
export class SlotService {
  constructor(private readonly opts: SlotOptions) {}

  async walkIn(serviceId: string): Promise<{ open: boolean; reason?: WalkInRefusalT }> {
    const service = await this.opts.db.selectFrom('services').selectAll().where('id', '=', serviceId).executeTakeFirst();
    if (!service || service.active !== 1) throw new DomainError('NOT_FOUND', `unknown service "${serviceId}"`);
    const state = await walkInStateFor(this.opts.db, service, this.opts.now(), this.opts.timeZone);
    return state.open ? { open: true } : { open: false, reason: state.reason };
  }

  async takesAppointments(serviceId: string): Promise<boolean> {
    return (await officeRepo.services(this.opts.db)).some((s) => s.id === serviceId && s.appointments);
  }

  async freeSlots(serviceId: string, db: Tx = this.opts.db): Promise<AppointmentSlotT[]> {
    const service = (await officeRepo.services(db)).find((s) => s.id === serviceId);
    if (!service || !service.active) throw new DomainError('NOT_FOUND', `unknown service "${serviceId}"`);
    if (!service.appointments) return [];
    const hours = await officeRepo.hours(db);
    if (hoursUnset(hours)) return [];
    const now = this.opts.now();
    const { timeZone } = this.opts;
    const counters = await db.selectFrom('counters').select(['default_service_ids', 'active']).execute();
    const parallel = Math.max(1, counters.filter((c) => c.active !== 0 && parseJsonList(c.default_service_ids).includes(serviceId)).length);
    const step = service.durationMinutes * 60_000;
    const today = localParts(now, timeZone).day;
    const booked = await db.selectFrom('appointments').select('starts_at').where('service_id', '=', serviceId)
      .where('starts_at', '>=', now.toISOString()).where('day', '<=', addDays(today, DAYS_AHEAD)).execute();
    const taken = new Map<string, number>();
    for (const b of booked) {
      const at = new Date(b.starts_at).toISOString();
      taken.set(at, (taken.get(at) ?? 0) + 1);
    }
    const slots: AppointmentSlotT[] = [];
    for (let d = 0; d <= DAYS_AHEAD && slots.length < MAX_SLOTS; d++) {
      const interval = openInterval(hours, addDays(today, d), timeZone);
      if (!interval) continue;
      for (let t = interval.opens.getTime(); t + step <= interval.closes.getTime() && slots.length < MAX_SLOTS; t += step) {
        const startsAt = new Date(t).toISOString();
        if (t < now.getTime() + LEAD_MS || (taken.get(startsAt) ?? 0) >= parallel) continue;
        slots.push({ startsAt, durationMinutes: service.durationMinutes });
      }
    }
    return slots;
  }

  /** Books one of the free slots; the code (also as QR) is the citizen's confirmation. Nothing personal is kept. */
  async book(input: BookSlotInputT, actor: `device:${string}` | `staff:${string}`): Promise<BookSlotResultT> {
    const code = bookingCodeFor(input.id);
    const startsAt = new Date(input.startsAt).toISOString();
    const result = await this.opts.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('appointments').selectAll().where('code', '=', code).executeTakeFirst();
      if (existing) {
        if (existing.service_id !== input.serviceId || new Date(existing.starts_at).toISOString() !== startsAt) {
          throw new DomainError('CONFLICT', `booking ${input.id} was made for another slot`);
        }
        return { code, serviceId: existing.service_id, startsAt, durationMinutes: existing.duration_minutes, created: false };
      }
      const slot = (await this.freeSlots(input.serviceId, trx)).find((s) => s.startsAt === startsAt);
      if (!slot) throw new DomainError('CONFLICT', 'this slot is no longer free: choose another');
      await trx.insertInto('appointments').values({
        code, service_id: input.serviceId, starts_at: startsAt, day: officeDay(new Date(startsAt), this.opts.timeZone),
        duration_minutes: slot.durationMinutes, language: input.language, ticket_id: null, checked_in_at: null,
        imported_at: this.opts.now().toISOString(),
      }).execute();
      return { code, serviceId: input.serviceId, startsAt, durationMinutes: slot.durationMinutes, created: true };
    });
    if (result.created) await this.opts.audit({ actor, action: 'office.appointmentBooked', details: { serviceId: input.serviceId, language: input.language } });
    return { code: result.code, serviceId: result.serviceId, startsAt: result.startsAt, durationMinutes: result.durationMinutes };
  }
}
