import './capacity.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import { C2S, type BookSlotResultT, type LanguageCode, type ServiceT, type SlotsResultT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { BookingQr } from './BookingQr.tsx';

type State =
  | { name: 'loading' }
  | { name: 'offer'; result: SlotsResultT; error?: boolean }
  | { name: 'booking'; result: SlotsResultT }
  | { name: 'booked'; booking: BookSlotResultT }
  | { name: 'failed' };

/** "10:30, Mittwoch, 9. Dezember" in the citizen's language (the kiosk's clock is the office's). */
function slotText(iso: string, language: LanguageCode): string {
  const locale = language === 'de-simple' ? 'de' : language;
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/**
 * Walk-ins closed for a service (daily capacity reached, office closing or closed): says so in the citizen's
 * language and, where the office takes appointments, offers the next free slots to book right here. The booking
 * code (also as QR) is the confirmation; nothing personal is asked.
 */
export function CapacityScreen({ service, language, connection, onDone }: { service: ServiceT; language: LanguageCode; connection: LotseConnection | undefined; onDone: () => void }) {
  const { t } = useTranslation(['kiosk', 'services']);
  const [state, setState] = useState<State>({ name: 'loading' });
  const serviceName = t(`services:${service.id}.name`);

  useEffect(() => {
    if (!connection) return setState({ name: 'failed' });
    let live = true;
    connection.request(C2S.officeSlots, { serviceId: service.id })
      .then((result) => live && setState({ name: 'offer', result }), () => live && setState({ name: 'failed' }));
    return () => void (live = false);
  }, [connection, service.id]);

  const book = async (result: SlotsResultT, startsAt: string) => {
    if (!connection) return;
    setState({ name: 'booking', result });
    try {
      setState({ name: 'booked', booking: await connection.request(C2S.officeBook, { id: ulid(), serviceId: service.id, startsAt, language }) });
    } catch {
      // Taken meanwhile or a hiccup: show the slots as they are now.
      const fresh = await connection.request(C2S.officeSlots, { serviceId: service.id }).catch(() => result);
      setState({ name: 'offer', result: fresh, error: true });
    }
  };

  if (state.name === 'booked') {
    return (
      <main className="screen capacity" aria-labelledby="capacity-title">
        <h1 id="capacity-title">{t('capacity.booked')}</h1>
        <p className="big">{serviceName}</p>
        <p className="big" data-testid="booked-slot">{slotText(state.booking.startsAt, language)}</p>
        <p>{t('capacity.codeIntro')}</p>
        <p className="booking-code" data-testid="booking-code" dir="ltr">{state.booking.code}</p>
        <BookingQr code={state.booking.code} />
        <p>{t('capacity.bringCode')}</p>
        <nav className="actions"><button onClick={onDone}>{t('ticket.done')}</button></nav>
      </main>
    );
  }
  const result = state.name === 'offer' || state.name === 'booking' ? state.result : undefined;
  const reason = result?.walkIn.reason ?? 'capacity';
  const slots = result?.appointments ? result.slots : [];
  return (
    <main className="screen capacity" aria-labelledby="capacity-title" aria-busy={state.name === 'loading' || state.name === 'booking'}>
      <h1 id="capacity-title">{t(`capacity.reason.${reason}`, { service: serviceName })}</h1>
      {state.name === 'failed' && <p className="big" role="alert">{t('capacity.noSlots')}</p>}
      {state.name === 'offer' && state.error && <p className="notice" role="alert">{t('capacity.taken')}</p>}
      {result && (slots.length > 0 ? (
        <>
          <p className="big">{t('capacity.offer')}</p>
          <ul className="slot-list" role="list">
            {slots.map((s) => (
              <li key={s.startsAt}>
                <button className="tile slot" disabled={state.name === 'booking'} onClick={() => void book(result, s.startsAt)} data-slot={s.startsAt}>
                  {slotText(s.startsAt, language)}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : <p className="big">{t('capacity.noSlots')}</p>)}
      <nav className="actions"><button className="secondary" onClick={onDone}>{t('startOver')}</button></nav>
    </main>
  );
}
