import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { forgetDevice, loadDevice } from '@lotse/shared/client';
import { ConnectionBanner, PairingScreen, useConnection } from '@lotse/shared/ui';
import type { PairedDeviceT } from '@lotse/shared';
import { useSession } from '../conversation/useSession.ts';
import { useMicCapture } from '../conversation/useMicCapture.ts';
import { CitizenPane } from './CitizenPane.tsx';
import { useBoundCounter, type BoundCounter } from './useBoundCounter.ts';

/** `/counter/citizen`: a second tablet paired as 'citizen', showing only the citizen's half of one counter. */
export function CitizenScreen() {
  const { t } = useTranslation('common');
  const [device, setDevice] = useState<PairedDeviceT | undefined>(() => loadDevice('citizen'));
  const [notice, setNotice] = useState<string>();
  const unpair = useCallback((message?: string) => {
    forgetDevice('citizen');
    setDevice(undefined);
    setNotice(message);
  }, []);

  if (!device) return <PairingScreen role="citizen" onPaired={setDevice} notice={notice} />;
  return <BoundScreen device={device} onUnpaired={unpair} revokedNotice={t('pairing.revoked')} />;
}

function BoundScreen({ device, onUnpaired, revokedNotice }: { device: PairedDeviceT; onUnpaired: (notice?: string) => void; revokedNotice: string }) {
  const { t } = useTranslation('counter');
  const bound = useBoundCounter(device);
  useEffect(() => {
    if (bound.status === 'unpaired') onUnpaired(revokedNotice);
  }, [bound.status, onUnpaired, revokedNotice]);

  if (bound.status === 'bound') return <FollowCounter device={device} counter={bound.counter} onUnpaired={() => onUnpaired(revokedNotice)} />;
  if (bound.status === 'unbound') {
    // Set-up matter for staff (German): the admin makes a new code that names the counter.
    return (
      <main className="narrow" aria-labelledby="citizen-unbound-title">
        <h1 id="citizen-unbound-title">{t('citizenUnbound.title')}</h1>
        <p>{t('citizenUnbound.text')}</p>
        <button type="button" onClick={() => onUnpaired(t('citizenUnbound.title'))}>{t('citizenUnbound.repair')}</button>
      </main>
    );
  }
  return <main className="narrow" aria-busy="true"><p role="status">{t('citizenUnbound.loading')}</p></main>;
}

function FollowCounter({ device, counter, onUnpaired }: { device: PairedDeviceT; counter: BoundCounter; onUnpaired: () => void }) {
  const { t } = useTranslation('counter');
  const conn = useConnection(device.token);
  const view = useSession(conn.connection, counter.id, conn.status === 'online');
  const s = view.session;
  const [lastLanguage, setLastLanguage] = useState('de');
  useEffect(() => {
    if (s) setLastLanguage(s.citizenLanguage);
  }, [s]);
  // With two devices, the citizen's tablet holds the microphone for the citizen's turns.
  const mic = useMicCapture({
    connection: conn.connection,
    sessionId: s?.id,
    enabled: !!s && s.mode === 'paired' && s.consent.status === 'given' && s.capture.active,
    sending: s?.capture.speaker === 'citizen',
    turn: s?.capture.speaker ?? 'clerk',
  });
  const unpaired = useCallback(onUnpaired, [onUnpaired]);

  return (
    <main className="citizen-screen">
      <ConnectionBanner state={conn} onUnpaired={unpaired} />
      {conn.connection && (
        <CitizenPane connection={conn.connection} view={view} fallbackLanguage={lastLanguage} counterName={counter.name} endUtterance={mic.endUtterance} micStatus={mic.status} standalone />
      )}
    </main>
  );
}
