import { useTranslation } from 'react-i18next';
import { CalendarIcon, TicketIcon } from './Icons.tsx';

/** "Do you have an appointment?": two large choices with pictures, and back. */
export function CheckInChoiceScreen({ onWalkIn, onAppointment, onBack }: { onWalkIn: () => void; onAppointment: () => void; onBack: () => void }) {
  const { t } = useTranslation('kiosk');
  return (
    <main className="screen" aria-labelledby="checkin-title">
      <h1 id="checkin-title">{t('checkIn.title')}</h1>
      <ul className="choice-grid" role="list">
        <li>
          <button className="tile choice" onClick={onWalkIn} data-choice="walk-in">
            <TicketIcon className="pictogram" />
            <span className="service-name">{t('checkIn.walkIn')}</span>
            <span className="service-hint">{t('checkIn.walkInHint')}</span>
          </button>
        </li>
        <li>
          <button className="tile choice" onClick={onAppointment} data-choice="appointment">
            <CalendarIcon className="pictogram" />
            <span className="service-name">{t('checkIn.appointment')}</span>
            <span className="service-hint">{t('checkIn.appointmentHint')}</span>
          </button>
        </li>
      </ul>
      <nav className="actions">
        <button className="secondary" onClick={onBack}>{t('back')}</button>
      </nav>
    </main>
  );
}
