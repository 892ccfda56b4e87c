import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyDocumentLanguage } from '@lotse/shared/i18n';
import { useOfficeServiceTexts } from '@lotse/shared/ui';
import { loadFontsFor } from '../fonts/fonts.ts';
import { BringList } from '../kiosk/BringScreen.tsx';
import { useTicketLive, type LiveReceipt } from './useTicketLive.ts';

type Phase = 'waiting' | 'next' | 'called' | 'finished' | 'no-show';

function phaseOf(r: LiveReceipt): Phase {
  switch (r.ticket.status) {
    case 'called':
      return 'called';
    case 'finished':
    case 'not-served':
      return 'finished';
    case 'no-show':
      return 'no-show';
    default:
      return r.ahead === 0 ? 'next' : 'waiting';
  }
}

/** Vibration and (if the citizen allowed it) a notification; the page itself shows the alert in any case. */
async function alertPerson(title: string, body: string) {
  navigator.vibrate?.([300, 150, 300, 150, 600]);
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const reg = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  if (reg) await reg.showNotification(title, { body, tag: 'lotse-ticket' }).catch(() => undefined);
  else new Notification(title, { body, tag: 'lotse-ticket' });
}

/** The citizen's own phone: position, estimate, "you are next", the call. No account; nothing stored. */
export function MobileTicketPage({ ticketId }: { ticketId: string }) {
  const { t, i18n } = useTranslation(['mobile', 'services']);
  const { receipt, notFound, online } = useTicketLive(ticketId);
  useOfficeServiceTexts(); // the office's own service names (issue 11)
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'denied' : Notification.permission));
  const alerted = useRef<Phase>(undefined);
  const language = receipt?.ticket.language;

  useEffect(() => {
    if (!language || language === i18n.language) return;
    void Promise.all([i18n.changeLanguage(language), loadFontsFor(language)]).then(() => applyDocumentLanguage(language));
  }, [language, i18n]);

  const phase = receipt ? phaseOf(receipt) : undefined;
  const counter = receipt?.counterName ?? '';
  useEffect(() => {
    if ((phase !== 'next' && phase !== 'called') || alerted.current === phase) return;
    alerted.current = phase;
    void alertPerson(t('title'), phase === 'called' ? t('called', { counter }) : t('next'));
  }, [phase, counter, t]);

  const askPermission = async () => {
    if (typeof Notification === 'undefined') return;
    setPermission(await Notification.requestPermission());
  };

  if (notFound) {
    return (
      <main className="screen mobile" aria-labelledby="mobile-title">
        <h1 id="mobile-title">{t('title')}</h1>
        <p role="alert" className="notice">{t('notFound')}</p>
      </main>
    );
  }
  return (
    <main className="screen mobile" aria-labelledby="mobile-title" aria-busy={!receipt}>
      <h1 id="mobile-title">{t('title')}</h1>
      {!online && <p className="notice" role="status" data-testid="mobile-offline">{t('offline')}</p>}
      {receipt && (
        <>
          <p className="ticket-number" data-testid="mobile-number">{receipt.ticket.number}</p>
          <p className="ticket-service">{t('service', { service: t(`services:${receipt.ticket.serviceId}.name`) })}</p>
          <div aria-live="assertive" data-testid="mobile-status">
            {phase === 'called' && <p className="alert-box called">{t('called', { counter })}</p>}
            {phase === 'next' && <p className="alert-box next">{t('next')}</p>}
            {phase === 'finished' && <p className="notice big">{t('finished')}</p>}
            {phase === 'no-show' && <p className="notice big">{t('noShow')}</p>}
          </div>
          {(phase === 'waiting' || phase === 'next') && (
            <div aria-live="polite" data-testid="mobile-position">
              <p className="big">{t('ahead', { count: receipt.ahead })}</p>
              {receipt.estimate.maxMinutes > 0 && <p>{t('estimate', { min: receipt.estimate.minMinutes, max: receipt.estimate.maxMinutes })}</p>}
            </div>
          )}
          {permission === 'default' && (phase === 'waiting' || phase === 'next') && (
            <button className="secondary" onClick={() => void askPermission()}>{t('alerts')}</button>
          )}
          {phase !== 'finished' && <BringList serviceId={receipt.ticket.serviceId} title={t('bringTitle')} />}
          <p className="hint">{t('live')}</p>
        </>
      )}
      <p className="hint">{t('privacy')}</p>
    </main>
  );
}
