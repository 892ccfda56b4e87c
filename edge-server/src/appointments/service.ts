import {
  DomainError,
  officeDay,
  type AppointmentCheckInInputT,
  type AppointmentCheckInResultT,
  type AppointmentFileImportResultT,
  type AppointmentImportTextT,
  type AppointmentPreviewT,
  type AppointmentImportResultT,
  type AppointmentRecordT,
  type AppointmentT,
  type TicketT,
} from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { AppointmentsTable } from '../storage/schema.ts';
import type { QueueService } from '../queue/service.ts';
import { queueRepo } from '../queue/repository.ts';
import { Listeners, type Listener } from '../queue/events.ts';
import { IcalError, parseAppointmentsIcal } from './ical.ts';
import { readAppointmentsFile, toPreview } from './fileImport.ts';
import { AppointmentSource } from './source.ts';
import type { Audit } from '../audit/auditor.ts';

/** Told after a check-in committed (webhooks follow it); the booking code is for listeners allowed personal data. */
export type AppointmentEvent = { type: 'checkedIn'; code: string; startsAt: string; outcome: 'checked-in' | 'late'; ticket: TicketT };

/** Settings keys (table `settings`) of the check-in window, in minutes. */
export const APPOINTMENT_SETTINGS = {
  earlyMinutes: 'appointments.checkInEarlyMinutes',
  lateMinutes: 'appointments.lateGraceMinutes',
} as const;

export interface AppointmentOptions {
  db: Db;
  queue: QueueService;
  now?: () => Date;
  timeZone?: string;
  /** Defaults when the settings table has no value: check in from 30 min before; late 15 min after the start. */
  earlyMinutes?: number;
  lateMinutes?: number;
  /** Imports from the admin page and the pulled source are audited (counts only). */
  audit?: Audit;
}

function toRecord(row: AppointmentsTable): AppointmentRecordT {
  return {
    code: row.code,
    serviceId: row.service_id,
    startsAt: row.starts_at,
    durationMinutes: row.duration_minutes,
    language: row.language as AppointmentRecordT['language'],
    ticketId: row.ticket_id,
    checkedInAt: row.checked_in_at,
  };
}

/**
 * Appointments imported from a booking system and their check-in at the kiosk. Nothing personal is kept: a
 * booking code, a service, a time and optionally a language.
 */
export class AppointmentService {
  private readonly db: Db;
  private readonly queue: QueueService;
  private readonly now: () => Date;
  private readonly timeZone: string;
  private readonly defaults: { early: number; late: number };
  /** The pulled source (iCalendar or CSV feed); started by the routes' onReady. */
  readonly source: AppointmentSource;
  private readonly listeners = new Listeners<AppointmentEvent>((err) => console.error('an appointment listener failed', err));

  constructor(private readonly opts: AppointmentOptions) {
    this.db = opts.db;
    this.queue = opts.queue;
    this.now = opts.now ?? (() => new Date());
    this.timeZone = opts.timeZone ?? 'Europe/Berlin';
    this.defaults = { early: opts.earlyMinutes ?? 30, late: opts.lateMinutes ?? 15 };
    this.source = new AppointmentSource({
      db: this.db, now: this.now, audit: opts.audit, timeZone: this.timeZone,
      serviceIds: async () => (await queueRepo.services(this.db)).map((s) => s.id),
      apply: (result, removed) => {
        const accepted = result.events.flatMap((e) => (e.appointment ? [e.appointment] : []));
        const cancelled = [...result.events.flatMap((e) => (e.cancelled && e.code ? [e.code] : [])), ...removed];
        return this.import(accepted, cancelled);
      },
    });
  }

  /** Upserts by booking code, all or nothing. A re-import keeps the check-in of an appointment. */
  async import(appointments: readonly AppointmentT[], cancelled: readonly string[] = []): Promise<AppointmentImportResultT> {
    const normalized = appointments.map((a) => ({ ...a, code: a.code.toUpperCase(), startsAt: new Date(a.startsAt).toISOString() }));
    const codes = normalized.map((a) => a.code);
    const dupes = codes.filter((c, i) => codes.indexOf(c) !== i);
    if (dupes.length) throw new DomainError('BAD_REQUEST', `booking code(s) listed twice: ${[...new Set(dupes)].join(', ')}`);
    const known = new Set((await queueRepo.services(this.db)).map((s) => s.id));
    const unknown = normalized.filter((a) => !known.has(a.serviceId));
    if (unknown.length) {
      throw new DomainError('BAD_REQUEST', `unknown service(s): ${unknown.slice(0, 10).map((a) => `${a.code} → "${a.serviceId}"`).join(', ')}`);
    }
    const importedAt = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const existing = new Set<string>();
      for (let i = 0; i < codes.length; i += 500) {
        const chunk = codes.slice(i, i + 500);
        if (chunk.length) for (const r of await trx.selectFrom('appointments').select('code').where('code', 'in', chunk).execute()) existing.add(r.code);
      }
      for (const a of normalized) {
        const values = {
          service_id: a.serviceId,
          starts_at: a.startsAt,
          day: officeDay(new Date(a.startsAt), this.timeZone),
          duration_minutes: a.durationMinutes,
          language: a.language ?? null,
          imported_at: importedAt,
        };
        await trx.insertInto('appointments').values({ code: a.code, ...values, ticket_id: null, checked_in_at: null })
          .onConflict((oc) => oc.column('code').doUpdateSet(values)).execute();
      }
      let removed = 0;
      const drop = cancelled.map((c) => c.toUpperCase()).filter((c) => !codes.includes(c));
      if (drop.length) {
        const res = await trx.deleteFrom('appointments').where('code', 'in', drop).where('ticket_id', 'is', null).executeTakeFirst();
        removed = Number(res.numDeletedRows);
      }
      return { created: normalized.length - existing.size, updated: existing.size, removed };
    });
  }

  /** iCalendar body (see `ical.ts` for the conventions); bad input → BAD_REQUEST listing the lines. */
  async importIcal(text: string): Promise<AppointmentImportResultT> {
    const serviceIds = (await queueRepo.services(this.db)).map((s) => s.id);
    try {
      const parsed = parseAppointmentsIcal(text, { serviceIds, timeZone: this.timeZone });
      return await this.import(parsed.appointments, parsed.cancelled);
    } catch (err) {
      if (err instanceof IcalError) throw new DomainError('BAD_REQUEST', err.message);
      throw err;
    }
  }

  subscribe(listener: Listener<AppointmentEvent>): () => void {
    return this.listeners.subscribe(listener);
  }

  async preview(input: AppointmentImportTextT): Promise<AppointmentPreviewT> {
    const serviceIds = (await queueRepo.services(this.db)).map((s) => s.id);
    return toPreview(readAppointmentsFile(input, { serviceIds, timeZone: this.timeZone }));
  }

  /** Imports what the preview accepts (and applies its cancellations); the refused entries are returned, not stored. */
  async importFile(input: AppointmentImportTextT, actor: `staff:${string}` | 'system'): Promise<AppointmentFileImportResultT> {
    const preview = await this.preview(input);
    const done = await this.import(preview.accepted, preview.cancelled);
    await this.opts.audit?.({ actor, action: 'appointments.imported', details: { format: input.format, counts: { ...done, refused: preview.refused.length } } });
    return { ...done, refused: preview.refused };
  }

  async list(day?: string): Promise<AppointmentRecordT[]> {
    const rows = await this.db.selectFrom('appointments').selectAll()
      .where('day', '=', day ?? officeDay(this.now(), this.timeZone))
      .orderBy('starts_at').orderBy('code').execute();
    return rows.map(toRecord);
  }

  /**
   * The citizen types or scans the booking code. Too early → when they may check in; in the window → an
   * appointment ticket; after the grace time → a walk-in ticket ('late'); again → the existing ticket ('already').
   * A retry of the same check-in (same ticketId) answers as the first time.
   */
  async checkIn(input: AppointmentCheckInInputT): Promise<AppointmentCheckInResultT> {
    const code = input.code.toUpperCase();
    const { early, late } = await this.window();
    const now = this.now();
    const done = await this.db.transaction().execute(async (trx) => {
      const appt = await trx.selectFrom('appointments').selectAll().where('code', '=', code).executeTakeFirst();
      if (!appt) throw new DomainError('NOT_FOUND', `no appointment with booking code ${code}`);
      if (appt.ticket_id) {
        const ticket = (await queueRepo.ticket(trx, appt.ticket_id)) as TicketT;
        const outcome: 'already' | 'checked-in' | 'late' = appt.ticket_id !== input.ticketId ? 'already' : ticket.kind === 'appointment' ? 'checked-in' : 'late';
        return { kind: 'ticket' as const, outcome, appt, ticket, created: false };
      }
      const startsAt = Date.parse(appt.starts_at);
      const checkInFrom = startsAt - early * 60_000;
      if (now.getTime() < checkInFrom) return { kind: 'early' as const, appt, checkInFrom: new Date(checkInFrom).toISOString() };
      const isLate = now.getTime() > startsAt + late * 60_000;
      const ticketInput = { id: input.ticketId, serviceId: appt.service_id, language: input.language };
      const origin = isLate ? { kind: 'walk-in' as const } : { kind: 'appointment' as const, appointmentStartsAt: appt.starts_at };
      const { ticket, created } = await this.queue.createTicketIn(trx, ticketInput, origin);
      // A retry of this check-in found the link above; an existing ticket here is someone else's check-in.
      if (!created) throw new DomainError('CONFLICT', `ticket id ${input.ticketId} was already used for another check-in`);
      const linked = await trx.updateTable('appointments').set({ ticket_id: ticket.id, checked_in_at: now.toISOString() })
        .where('code', '=', code).where('ticket_id', 'is', null).executeTakeFirst();
      if (Number(linked.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', `appointment ${code} was checked in at the same moment elsewhere`);
      return { kind: 'ticket' as const, outcome: isLate ? ('late' as const) : ('checked-in' as const), appt, ticket, created };
    });
    if (done.kind === 'early') return { outcome: 'too-early', startsAt: done.appt.starts_at, checkInFrom: done.checkInFrom };
    if (done.created) {
      this.queue.ticketCreated(done.ticket);
      if (done.outcome !== 'already') this.listeners.publish({ type: 'checkedIn', code, startsAt: done.appt.starts_at, outcome: done.outcome, ticket: done.ticket });
    }
    return { outcome: done.outcome, startsAt: done.appt.starts_at, receipt: await this.queue.ticketReceipt(done.ticket.id) };
  }

  private async window(): Promise<{ early: number; late: number }> {
    const rows = await this.db.selectFrom('settings').selectAll()
      .where('key', 'in', [APPOINTMENT_SETTINGS.earlyMinutes, APPOINTMENT_SETTINGS.lateMinutes]).execute();
    const read = (key: string, fallback: number) => {
      const value = Number(rows.find((r) => r.key === key)?.value);
      return Number.isInteger(value) && value >= 0 && value <= 24 * 60 ? value : fallback;
    };
    return { early: read(APPOINTMENT_SETTINGS.earlyMinutes, this.defaults.early), late: read(APPOINTMENT_SETTINGS.lateMinutes, this.defaults.late) };
  }
}
