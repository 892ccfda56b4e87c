import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import { applyDocumentLanguage } from '@lotse/shared/i18n';
import { ConnectionBanner, useConnection } from '@lotse/shared/ui';
import { C2S, DEFAULT_LANGUAGE, isLanguageCode, type PairedDeviceT, type ServiceT, type TicketReceiptT } from '@lotse/shared';
import { LanguageScreen } from './LanguageScreen.tsx';
import { ServiceScreen } from './ServiceScreen.tsx';
import { TicketScreen } from './TicketScreen.tsx';
import { IdleWarning } from './IdleWarning.tsx';
import { useIdle } from './useIdle.ts';

type Step = { name: 'language' } | { name: 'service' } | { name: 'creating' } | { name: 'ticket'; receipt: TicketReceiptT } | { name: 'error' };

/** The citizen's path: language → concern → ticket; back to the start on "done" or after inactivity. */
export function KioskFlow({ device, onUnpaired }: { device: PairedDeviceT; onUnpaired: () => void }) {
  const { t, i18n } = useTranslation('kiosk');
  const conn = useConnection(device.token);
  const [services, setServices] = useState<ServiceT[]>([]);
  const [step, setStep] = useState<Step>({ name: 'language' });

  useEffect(() => {
    if (conn.status === 'online') void conn.connection?.request(C2S.servicesList, {}).then(setServices).catch(() => undefined);
  }, [conn.status, conn.connection]);

  const switchLanguage = useCallback(
    async (code: string) => {
      await i18n.changeLanguage(code);
      applyDocumentLanguage(code);
    },
    [i18n],
  );

  const reset = useCallback(() => {
    setStep({ name: 'language' });
    void switchLanguage(DEFAULT_LANGUAGE);
  }, [switchLanguage]);

  const idle = useIdle(step.name !== 'language', reset, step.name === 'ticket' ? 30_000 : 60_000);

  const chooseLanguage = async (code: string) => {
    await switchLanguage(code);
    setStep({ name: 'service' });
  };

  const chooseService = async (service: ServiceT) => {
    if (!conn.connection) return;
    const language = isLanguageCode(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
    setStep({ name: 'creating' });
    try {
      // The id is made here so that a retry after a lost answer returns the same ticket.
      const receipt = await conn.connection.request(C2S.ticketCreate, { id: ulid(), serviceId: service.id, language });
      setStep({ name: 'ticket', receipt });
    } catch {
      setStep({ name: 'error' });
    }
  };

  return (
    <div className="kiosk">
      <ConnectionBanner state={conn} onUnpaired={onUnpaired} />
      {step.name === 'language' && <LanguageScreen onChoose={(c) => void chooseLanguage(c)} />}
      {step.name === 'service' && <ServiceScreen services={services} onChoose={(s) => void chooseService(s)} onBack={reset} />}
      {step.name === 'creating' && <main className="screen" aria-busy="true"><p className="big" role="status">{t('creating')}</p></main>}
      {step.name === 'ticket' && <TicketScreen receipt={step.receipt} onDone={reset} />}
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
