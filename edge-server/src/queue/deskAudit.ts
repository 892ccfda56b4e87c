import type { Audit } from '../audit/auditor.ts';
import type { AuditAction } from '../audit/events.ts';
import type { QueueEvent, QueueListener } from './events.ts';

type DeskEvent = Extract<QueueEvent, { type: 'deskAction' }>;
const ACTIONS: Record<DeskEvent['action'], AuditAction> = {
  parked: 'ticket.parked',
  resumed: 'ticket.resumed',
  transferred: 'ticket.transferred',
  calledOutOfOrder: 'ticket.calledOutOfOrder',
  noShowRecalled: 'ticket.noShowRecalled',
  finished: 'ticket.finished',
  helpRequested: 'ticket.helpRequested',
  helpAccepted: 'ticket.helpAccepted',
};

/** The clerk's actions in the audit, by the acting account: ticket and counter ids and codes, never the note. */
export function auditDeskActions(audit: Audit): QueueListener {
  return (event) => {
    if (event.type !== 'deskAction') return;
    const { reason, outcome, serviceId, position, targetCounterId, language } = event.details;
    void audit({
      actor: event.staffId ? `staff:${event.staffId}` : 'system',
      action: ACTIONS[event.action],
      subject: event.ticketId,
      details: {
        counterId: event.counterId,
        ...(reason ? { reason } : {}),
        ...(outcome ? { outcome } : {}),
        ...(serviceId ? { serviceId } : {}),
        ...(position ? { position } : {}),
        ...(targetCounterId ? { targetCounterId } : {}),
        ...(language ? { language } : {}),
      },
    });
  };
}
