import type { TicketT } from '@lotse/shared';
import type { QueueListener } from '../queue/events.ts';
import type { AppointmentEvent } from '../appointments/service.ts';
import type { SessionEvent } from '../sessions/service.ts';
import type { Listener } from '../queue/events.ts';
import type { Outbox } from './outbox.ts';

/**
 * Domain events → webhook payloads. No payload holds a name, a transcript or anything typed by a citizen; the
 * ticket's language and an appointment's booking code (both lead to a person) only go to subscriptions the admin
 * allowed personal data.
 */
function ticketData(t: TicketT, personal: boolean): Record<string, unknown> {
  return {
    ticketId: t.id, number: t.number, serviceId: t.serviceId, kind: t.kind, status: t.status, counterId: t.counterId,
    createdAt: t.createdAt, calledAt: t.calledAt, finishedAt: t.finishedAt, ...(personal ? { language: t.language } : {}),
  };
}

export function queueWebhooks(outbox: Outbox): QueueListener {
  return (event) => {
    switch (event.type) {
      case 'ticketCreated':
        return outbox.enqueue('ticket.created', event.ticket.id, (p) => ticketData(event.ticket, p));
      case 'callCreated': {
        const c = event.call;
        return outbox.enqueue('ticket.called', c.id, (p) => ({
          callId: c.id, ticketId: c.ticketId, number: c.ticketNumber, counterId: c.counterId, counterName: c.counterName,
          calledAt: c.calledAt, recall: c.recall, ...(p ? { language: c.language } : {}),
        }));
      }
      case 'ticketChanged': {
        const t = event.ticket;
        if (t.status === 'finished') return outbox.enqueue('ticket.finished', t.id, (p) => ticketData(t, p));
        if (t.status === 'no-show') return outbox.enqueue('ticket.noShow', `${t.id}|${t.calledAt ?? ''}`, (p) => ticketData(t, p));
        return;
      }
      default:
        return;
    }
  };
}

export function appointmentWebhooks(outbox: Outbox): Listener<AppointmentEvent> {
  return (event) => outbox.enqueue('appointment.checkedIn', event.ticket.id, (p) => ({
    ticketId: event.ticket.id, number: event.ticket.number, serviceId: event.ticket.serviceId, startsAt: event.startsAt,
    late: event.outcome === 'late', ...(p ? { code: event.code, language: event.ticket.language } : {}),
  }));
}

/** A conversation ended: ids and whether the citizen agreed to keep the text; never the text itself. */
export function sessionWebhooks(outbox: Outbox): Listener<SessionEvent> {
  return (event) => outbox.enqueue('session.ended', event.sessionId, () => ({
    sessionId: event.sessionId, ticketId: event.ticketId, counterId: event.counterId, endedAt: event.endedAt, transcriptKept: event.kept,
  }));
}
