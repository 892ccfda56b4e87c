import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { forgetDevice, loadDevice } from '@lotse/shared/client';
import { PairingScreen } from '@lotse/shared/ui';
import type { PairedDeviceT, StaffSessionT } from '@lotse/shared';
import { SignIn } from './SignIn.tsx';
import { IdleLock } from './IdleLock.tsx';
import { CounterDesk } from './counter/CounterDesk.tsx';
import { AdminPage } from './admin/AdminPage.tsx';
import { CitizenScreen } from './citizen/CitizenScreen.tsx';
import { loadStaffSession, saveStaffSession } from './staffSession.ts';

/** `/counter/admin` is the (staff-only) administration; `/counter/` is the clerk's desk on a paired device. */
export function App() {
  const isAdmin = /\/admin\/?$/.test(location.pathname);
  const { t } = useTranslation('common');
  const [device, setDevice] = useState<PairedDeviceT | undefined>(() => loadDevice('counter'));
  const [staff, setStaff] = useState<StaffSessionT | undefined>(loadStaffSession);
  const [notice, setNotice] = useState<string>();

  const signIn = (session: StaffSessionT | undefined) => {
    saveStaffSession(session);
    setStaff(session);
  };

  if (/\/citizen\/?$/.test(location.pathname)) return <CitizenScreen />;
  if (isAdmin) {
    if (!staff || staff.role !== 'admin') return <SignIn admin onSignedIn={signIn} />;
    return (
      <IdleLock staff={staff} onSignOut={() => signIn(undefined)}>
        <AdminPage staff={staff} onSignOut={() => signIn(undefined)} />
      </IdleLock>
    );
  }
  if (!device) return <PairingScreen role="counter" onPaired={setDevice} notice={notice} />;
  if (!staff) return <SignIn onSignedIn={signIn} />;
  // The screen lock keeps the desk mounted underneath, so the open counter and a running conversation survive it.
  return (
    <IdleLock staff={staff} onSignOut={() => signIn(undefined)}>
    <CounterDesk
      device={device}
      staff={staff}
      onSignOut={() => signIn(undefined)}
      onUnpaired={() => {
        forgetDevice('counter');
        setDevice(undefined);
        setNotice(t('pairing.revoked'));
      }}
    />
    </IdleLock>
  );
}
