import { useTranslation } from 'react-i18next';
import type { TicketReceiptT } from '@lotse/shared';

export function TicketScreen({ receipt, onDone }: { receipt: TicketReceiptT; onDone: () => void }) {
  const { t } = useTranslation(['kiosk', 'services']);
  const { ticket, ahead, estimate } = receipt;
  return (
    <main className="screen ticket-screen" aria-labelledby="ticket-title">
      <h1 id="ticket-title">{t('ticket.title')}</h1>
      <p className="ticket-number" data-testid="ticket-number" aria-live="polite">{ticket.number}</p>
      <p className="ticket-service">{t(`services:${ticket.serviceId}.name`)}</p>
      <p className="ticket-ahead" data-testid="ticket-ahead">{t('ticket.ahead', { count: ahead })}</p>
      <p>{estimate.maxMinutes > 0 ? t('ticket.estimate', { min: estimate.minMinutes, max: estimate.maxMinutes }) : t('ticket.estimateNone')}</p>
      <p className="hint">{t('ticket.watchDisplay')}</p>
      <nav className="actions">
        <button onClick={onDone}>{t('ticket.done')}</button>
      </nav>
    </main>
  );
}
