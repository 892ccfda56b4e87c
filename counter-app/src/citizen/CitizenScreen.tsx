import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { forgetDevice, loadDevice } from '@lotse/shared/client';
import { ConnectionBanner, PairingScreen, useConnection } from '@lotse/shared/ui';
import type { PairedDeviceT } from '@lotse/shared';
import { useSession } from '../conversation/useSession.ts';
import { useMicCapture } from '../conversation/useMicCapture.ts';
import { CitizenPane } from './CitizenPane.tsx';
import { CitizenSetup, loadCitizenCounter, saveCitizenCounter, type CitizenCounter } from './CitizenSetup.tsx';

/** `/counter/citizen`: a second tablet paired as 'citizen', showing only the citizen's half of one counter. */
export function CitizenScreen() {
  const { t } = useTranslation('common');
  const [device, setDevice] = useState<PairedDeviceT | undefined>(() => loadDevice('citizen'));
  const [counter, setCounter] = useState<CitizenCounter | undefined>(loadCitizenCounter);
  const [notice, setNotice] = useState<string>();

  if (!device) return <PairingScreen role="citizen" onPaired={setDevice} notice={notice} />;
  if (!counter) {
    return <CitizenSetup deviceToken={device.token} onChosen={(c) => { saveCitizenCounter(c); setCounter(c); }} />;
  }
  return (
    <FollowCounter
      device={device}
      counter={counter}
      onChange={() => { saveCitizenCounter(undefined); setCounter(undefined); }}
      onUnpaired={() => {
        forgetDevice('citizen');
        setDevice(undefined);
        setNotice(t('pairing.revoked'));
      }}
    />
  );
}

function FollowCounter({ device, counter, onChange, onUnpaired }: { device: PairedDeviceT; counter: CitizenCounter; onChange: () => void; onUnpaired: () => void }) {
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
    <div className="citizen-screen">
      <ConnectionBanner state={conn} onUnpaired={unpaired} />
      {conn.connection && (
        <CitizenPane connection={conn.connection} view={view} fallbackLanguage={lastLanguage} counterName={counter.name} endUtterance={mic.endUtterance} micStatus={mic.status} />
      )}
      {!s && <button type="button" className="secondary change-counter" onClick={onChange}>{t('citizenSetup.change')}</button>}
    </div>
  );
}
