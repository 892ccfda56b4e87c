import { useTranslation } from 'react-i18next';
import type { AppointmentCheckInResultT } from '@lotse/shared';

/** Clock time of an ISO instant in the office's time zone, in the citizen's language. */
export function officeTime(iso: string, language: string): string {
  const lang = language === 'de-simple' ? 'de' : language;
  try {
    return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat('de', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(new Date(iso));
  }
}

/** The sentence that goes with an appointment check-in's outcome. */
export function outcomeMessage(t: (key: string, opts?: Record<string, unknown>) => string, result: AppointmentCheckInResultT, language: string): string {
  const time = officeTime(result.startsAt, language);
  switch (result.outcome) {
    case 'too-early':
      return t('appointment.tooEarly', { time, from: officeTime(result.checkInFrom, language) });
    case 'late':
      return t('appointment.late', { time });
    case 'already':
      return t('appointment.alreadyCheckedIn', { time, number: result.receipt.ticket.number });
    case 'checked-in':
      return t('appointment.checkedIn', { time });
  }
}

/** Too early: no ticket yet; the citizen can come back later or take a walk-in ticket. */
export function TooEarlyScreen({ message, onWalkIn, onDone }: { message: string; onWalkIn: () => void; onDone: () => void }) {
  const { t } = useTranslation('kiosk');
  return (
    <main className="screen" aria-labelledby="early-title">
      <h1 id="early-title">{t('appointment.title')}</h1>
      <p className="big" role="alert" data-testid="appointment-outcome">{message}</p>
      <nav className="actions">
        <button className="secondary" onClick={onDone}>{t('startOver')}</button>
        <button onClick={onWalkIn}>{t('checkIn.walkIn')}</button>
      </nav>
    </main>
  );
}
