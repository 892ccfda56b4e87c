import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import { applyDocumentLanguage } from '@lotse/shared/i18n';
import { ConnectionBanner, useConnection, useOfficeServices, useScreenFocus } from '@lotse/shared/ui';
import { ApiClientError } from '@lotse/shared/client';
import { C2S, DEFAULT_LANGUAGE, isLanguageCode, type LanguageCode, type PairedDeviceT, type ServiceT, type TicketReceiptT } from '@lotse/shared';
import { loadFontsFor } from '../fonts/fonts.ts';
import { cachedServices, cacheServices } from '../offline/servicesCache.ts';
import type { OutboxEntry } from '../offline/outbox.ts';
import { LanguageScreen } from './LanguageScreen.tsx';
import { CheckInChoiceScreen } from './CheckInChoiceScreen.tsx';
import { ServiceScreen } from './ServiceScreen.tsx';
import { BringScreen } from './BringScreen.tsx';
import { TicketScreen } from './TicketScreen.tsx';
import { OfflineScreen, ReconciledList } from './OfflineScreen.tsx';
import { AppointmentScreen } from './AppointmentScreen.tsx';
import { outcomeMessage, TooEarlyScreen } from './AppointmentOutcome.tsx';
import { IdleWarning } from './IdleWarning.tsx';
import { CapacityScreen } from './capacity/CapacityScreen.tsx';
import { Toolbar, type A11yModes } from './Toolbar.tsx';
import { useIdle } from './useIdle.ts';
import { useSocketUp } from './useSocketUp.ts';
import { useCheckIns } from './useCheckIns.ts';
import { preparePublicBase } from './publicAddress.ts';

type Step =
  | { name: 'language' }
  | { name: 'choice' }
  | { name: 'service' }
  | { name: 'bring'; service: ServiceT }
  | { name: 'creating' }
  | { name: 'ticket'; receipt: TicketReceiptT; notice?: string }
  | { name: 'offline'; entry: OutboxEntry }
  | { name: 'appointment'; error?: string }
  | { name: 'too-early'; message: string }
  | { name: 'capacity'; service: ServiceT }
  | { name: 'error' };

const NO_MODES: A11yModes = { highContrast: false, largeText: false };

/** The citizen's path: language → appointment? → concern → what to bring → ticket; back to the start on "done" or after inactivity. */
export function KioskFlow({ device, onUnpaired }: { device: PairedDeviceT; onUnpaired: () => void }) {
  const { t, i18n } = useTranslation('kiosk');
  const conn = useConnection(device.token);
  const { up, down } = useSocketUp(conn.connection);
  const [step, setStep] = useState<Step>({ name: 'language' });
  const { checkIn, reconciled } = useCheckIns(conn.connection, up, step.name !== 'language');
  // The office's services and texts, replaced live when the admin changes them (issue 11).
  const services = useOfficeServices(conn.connection, up, cachedServices, cacheServices);
  const [modes, setModes] = useState<A11yModes>(NO_MODES);
  const [busy, setBusy] = useState(false);
  const language: LanguageCode = isLanguageCode(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  const rootRef = useRef<HTMLDivElement>(null);
  const root = useCallback(() => rootRef.current, []);
  useScreenFocus(step.name, root);
  useEffect(preparePublicBase, []);

  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('high-contrast', modes.highContrast);
    root.toggle('large-text', modes.largeText);
  }, [modes]);

  const switchLanguage = useCallback(
    async (code: string) => {
      await Promise.all([i18n.changeLanguage(code), loadFontsFor(code)]);
      applyDocumentLanguage(code);
    },
    [i18n],
  );

  // The next citizen starts fresh: German, no modes, no leftovers.
  const reset = useCallback(() => {
    setStep({ name: 'language' });
    setModes(NO_MODES);
    void switchLanguage(DEFAULT_LANGUAGE);
  }, [switchLanguage]);

  const idle = useIdle(step.name !== 'language', reset, step.name === 'ticket' || step.name === 'offline' ? 30_000 : 60_000);

  const chooseLanguage = async (code: string) => {
    await switchLanguage(code);
    setStep({ name: 'choice' });
  };

  const drawTicket = async (service: ServiceT) => {
    setStep({ name: 'creating' });
    try {
      const result = await checkIn(service.id, language);
      setStep(result.kind === 'ticket' ? { name: 'ticket', receipt: result.receipt } : { name: 'offline', entry: result.entry });
    } catch (err) {
      // No walk-in ticket for this service now (issue 11): say why and offer a slot instead.
      setStep(err instanceof ApiClientError && err.code === 'WALK_IN_CLOSED' ? { name: 'capacity', service } : { name: 'error' });
    }
  };

  const checkInAppointment = async (code: string) => {
    if (!conn.connection) return;
    setBusy(true);
    try {
      const result = await conn.connection.request(C2S.appointmentCheckIn, { code, ticketId: ulid(), language });
      const message = outcomeMessage(t, result, language);
      setStep(result.outcome === 'too-early' ? { name: 'too-early', message } : { name: 'ticket', receipt: result.receipt, notice: message });
    } catch (err) {
      const notFound = err instanceof ApiClientError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST');
      setStep({ name: 'appointment', error: notFound ? t('appointment.notFound') : t('offline.banner') });
    } finally {
      setBusy(false);
    }
  };

  const finalNumber = step.name === 'offline' ? reconciled.find((r) => r.id === step.entry.id)?.number : undefined;

  return (
    <div className="kiosk" ref={rootRef}>
      <ConnectionBanner state={{ ...conn, status: 'online' }} onUnpaired={onUnpaired} />
      {down && <div className="banner" role="status" data-testid="offline-banner">{t('offline.banner')}</div>}
      <Toolbar language={language} deviceToken={device.token} modes={modes} onModes={setModes} screenKey={step.name} />
      {step.name === 'language' && (
        <LanguageScreen onChoose={(c) => void chooseLanguage(c)}>
          <ReconciledList items={reconciled} />
        </LanguageScreen>
      )}
      {step.name === 'choice' && (
        <CheckInChoiceScreen onWalkIn={() => setStep({ name: 'service' })} onAppointment={() => setStep({ name: 'appointment' })} onBack={reset} />
      )}
      {step.name === 'service' && (
        <ServiceScreen services={services} onChoose={(s) => setStep({ name: 'bring', service: s })} onBack={() => setStep({ name: 'choice' })} />
      )}
      {step.name === 'bring' && (
        <BringScreen service={step.service} onContinue={() => void drawTicket(step.service)} onBack={() => setStep({ name: 'service' })} />
      )}
      {step.name === 'creating' && <main className="screen" aria-busy="true"><p className="big" role="status">{t('creating')}</p></main>}
      {step.name === 'ticket' && (
        <TicketScreen
          receipt={step.receipt}
          connection={conn.connection}
          onDone={reset}
          notice={step.notice && <p className="notice big" role="status" data-testid="appointment-outcome">{step.notice}</p>}
        />
      )}
      {step.name === 'offline' && <OfflineScreen entry={step.entry} finalNumber={finalNumber} onDone={reset} />}
      {step.name === 'appointment' && (
        <AppointmentScreen onSubmit={(c) => void checkInAppointment(c)} onBack={() => setStep({ name: 'choice' })} error={step.error} busy={busy} offline={!up} />
      )}
      {step.name === 'too-early' && <TooEarlyScreen message={step.message} onWalkIn={() => setStep({ name: 'service' })} onDone={reset} />}
      {step.name === 'capacity' && <CapacityScreen service={step.service} language={language} connection={conn.connection} onDone={reset} />}
      {step.name === 'error' && (
        <main className="screen">
          <p className="big" role="alert">{t('error')}</p>
          <nav className="actions"><button onClick={reset}>{t('startOver')}</button></nav>
        </main>
      )}
      {idle.warning && <IdleWarning seconds={idle.secondsLeft} onStay={idle.stay} />}
    </div>
  );
}
