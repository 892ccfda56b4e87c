import { lazy, Suspense, useState } from 'react';
import { loadDevice, forgetDevice } from '@lotse/shared/client';
import { PairingScreen } from '@lotse/shared/ui';
import { useTranslation } from 'react-i18next';
import type { PairedDeviceT } from '@lotse/shared';
import type { Route } from './routes.ts';
import { KioskFlow } from './kiosk/KioskFlow.tsx';

// The display and the phone page are their own chunks: the kiosk's first load carries neither.
const DisplayScreen = lazy(() => import('./display/DisplayScreen.tsx').then((m) => ({ default: m.DisplayScreen })));
const MobileTicketPage = lazy(() => import('./mobile/MobileTicketPage.tsx').then((m) => ({ default: m.MobileTicketPage })));

function PairedApp({ role }: { role: 'kiosk' | 'display' }) {
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

/** `/kiosk/t/<ticketId>` is the citizen's phone (public, no pairing); `/kiosk/display` the call display; else the kiosk. */
export function App({ route }: { route: Route }) {
  return (
    <Suspense fallback={null}>
      {route.name === 'mobile' ? <MobileTicketPage ticketId={route.ticketId} /> : <PairedApp role={route.name} />}
    </Suspense>
  );
}
