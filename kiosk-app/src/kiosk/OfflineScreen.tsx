import { useTranslation } from 'react-i18next';
import type { OutboxEntry } from '../offline/outbox.ts';
import { BringList } from './BringScreen.tsx';

/**
 * The server is away: the check-in is stored on this kiosk with a provisional number and will be delivered when
 * the server is back. If that happens while the citizen still looks, the final number appears here.
 */
export function OfflineScreen({ entry, finalNumber, onDone }: { entry: OutboxEntry; finalNumber?: string; onDone: () => void }) {
  const { t } = useTranslation(['kiosk', 'services']);
  return (
    <main className="screen ticket-screen" aria-labelledby="offline-title">
      <div className="print-ticket">
        <div className="ticket-info">
          <h1 id="offline-title">{t('offline.title')}</h1>
          <p>{t('offline.body')}</p>
          <p className="provisional-label">{t('offline.provisional')}</p>
          <p className="ticket-number" data-testid="provisional-number">{entry.provisionalNumber}</p>
          <p className="ticket-service">{t(`services:${entry.serviceId}.name`)}</p>
          <div role="status">
            {finalNumber && (
              <p className="notice big" data-testid="reconciled-number">
                {t('offline.reconciled', { number: finalNumber })}
              </p>
            )}
          </div>
        </div>
      </div>
      <BringList serviceId={entry.serviceId} />
      <nav className="actions">
        <button onClick={onDone}>{t('ticket.done')}</button>
      </nav>
    </main>
  );
}

/** Recently reconciled offline numbers, on the start screen: "V-001 → B-014". */
export function ReconciledList({ items }: { items: { id: string; provisionalNumber: string; number: string }[] }) {
  const { t } = useTranslation('kiosk');
  if (items.length === 0) return null;
  return (
    <section className="reconciled" aria-labelledby="reconciled-title" data-read="skip">
      <h2 id="reconciled-title" className="reconciled-title">{t('offline.provisional')}</h2>
      <ul data-testid="reconciled-list">
        {items.map((r) => (
          <li key={r.id} dir="ltr">
            <span>{r.provisionalNumber}</span> <span aria-hidden="true">→</span><span className="visually-hidden">:</span> <strong>{r.number}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
