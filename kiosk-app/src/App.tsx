import { useState } from 'react';
import { loadDevice, forgetDevice } from '@lotse/shared/client';
import { PairingScreen } from '@lotse/shared/ui';
import { useTranslation } from 'react-i18next';
import type { DeviceRoleT, PairedDeviceT } from '@lotse/shared';
import { KioskFlow } from './kiosk/KioskFlow.tsx';
import { DisplayScreen } from './display/DisplayScreen.tsx';

/** `/kiosk/display` is the call display; everything else under `/kiosk/` is the check-in kiosk. */
function roleFromPath(pathname: string): DeviceRoleT {
  return /\/display\/?$/.test(pathname) ? 'display' : 'kiosk';
}

export function App() {
  const role = roleFromPath(location.pathname);
  const { t } = useTranslation('common');
  const [device, setDevice] = useState<PairedDeviceT | undefined>(() => loadDevice(role));
  const [notice, setNotice] = useState<string>();

  const unpair = () => {
    forgetDevice(role);
    setDevice(undefined);
    setNotice(t('pairing.revoked'));
  };

  if (!device) return <PairingScreen role={role} onPaired={setDevice} notice={notice} />;
  return role === 'display' ? <DisplayScreen device={device} onUnpaired={unpair} /> : <KioskFlow device={device} onUnpaired={unpair} />;
}
