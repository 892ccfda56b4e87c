import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { C2S, type TicketReceiptT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { TicketQr } from './TicketQr.tsx';
import { LiveTranslationNote } from './LiveTranslationNote.tsx';

type PrintState = 'idle' | 'printing' | 'printed' | 'unavailable';

/** The ticket on screen and on paper: number, people ahead, estimate, QR code to the phone, print. */
export function TicketScreen({ receipt, connection, onDone, notice }: { receipt: TicketReceiptT; connection?: LotseConnection; onDone: () => void; notice?: ReactNode }) {
  const { t } = useTranslation(['kiosk', 'services']);
  const { ticket, ahead, estimate } = receipt;
  const [print, setPrint] = useState<PrintState>('idle');

  const doPrint = async () => {
    // After the receipt printer failed, the button falls back to the browser's print dialog (80 mm layout).
    if (print === 'unavailable') {
      window.print();
      return;
    }
    if (!connection?.socket.connected) {
      setPrint('unavailable');
      return;
    }
    setPrint('printing');
    try {
      await connection.request(C2S.ticketPrint, { id: ticket.id }, 8000);
      setPrint('printed');
    } catch {
      // UNAVAILABLE (no receipt printer), a timeout or any other failure: the citizen gets the same advice.
      setPrint('unavailable');
    }
  };

  return (
    <main className="screen ticket-screen" aria-labelledby="ticket-title">
      {notice}
      <div className="print-ticket">
        <div className="ticket-info">
          <h1 id="ticket-title">{t('ticket.title')}</h1>
          <p className="ticket-number" data-testid="ticket-number">{ticket.number}</p>
          <p className="ticket-service">
            {t(`services:${ticket.serviceId}.name`)}
            {ticket.kind === 'appointment' && <span className="badge"> · {t('ticketExtra.appointment')}</span>}
          </p>
          <p className="ticket-ahead" data-testid="ticket-ahead">{t('ticket.ahead', { count: ahead })}</p>
          <p>{estimate.maxMinutes > 0 ? t('ticket.estimate', { min: estimate.minMinutes, max: estimate.maxMinutes }) : t('ticket.estimateNone')}</p>
          <p className="hint">{t('ticket.watchDisplay')}</p>
          <LiveTranslationNote language={ticket.language} />
        </div>
        <TicketQr ticketId={ticket.id} />
      </div>
      <div role="status" className="print-status">
        {print === 'printed' && <p className="notice">{t('ticketExtra.printed')}</p>}
        {print === 'unavailable' && <p className="notice" data-testid="print-failed">{t('ticketExtra.printFailed')}</p>}
      </div>
      <nav className="actions">
        <button className="secondary" onClick={() => void doPrint()} disabled={print === 'printing'} data-testid="print">{t('ticketExtra.print')}</button>
        <button onClick={onDone}>{t('ticket.done')}</button>
      </nav>
    </main>
  );
}
