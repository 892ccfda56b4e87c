import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import { ConnectionBanner, useConnection, useOfficeServices, useScreenFocus } from '@lotse/shared/ui';
import { C2S, S2C, type CounterStateT, type CounterT, type PairedDeviceT, type QueueSnapshotT, type StaffSessionT } from '@lotse/shared';
import { CounterSetup } from './CounterSetup.tsx';
import { Workspace } from './Workspace.tsx';

const COUNTER_KEY = 'lotse.counter.setup';
interface Setup { counterId: string; serviceIds: string[] }

function loadSetup(): Setup | undefined {
  try {
    return JSON.parse(localStorage.getItem(COUNTER_KEY) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

interface Props { device: PairedDeviceT; staff: StaffSessionT; onSignOut: () => void; onUnpaired: () => void }

/** The clerk's desk: picks a counter once (remembered on this device), then the live workspace. */
export function CounterDesk({ device, staff, onSignOut, onUnpaired }: Props) {
  const { t } = useTranslation('counter');
  const conn = useConnection(device.token, staff.token);
  // The office's services and texts, replaced live when the admin changes them (issue 11).
  const services = useOfficeServices(conn.connection, conn.status === 'online');
  const [counters, setCounters] = useState<CounterT[]>([]);
  const [setup, setSetup] = useState<Setup | undefined>(loadSetup);
  const [state, setState] = useState<CounterStateT>();
  const [queue, setQueue] = useState<QueueSnapshotT>();

  const c = conn.connection;
  // The server lets a clerk follow only the counter this socket opened: wait for the open after each reconnect.
  const [joined, setJoined] = useState(false);
  useEffect(() => {
    setJoined(false);
    if (!c || conn.status !== 'online') return;
    void c.request(C2S.countersList, {}).then(setCounters).catch(() => undefined);
    void c.request(C2S.queueGet, {}).then(setQueue).catch(() => undefined);
    // After every reconnect the counter is opened again, which also rejoins its room.
    if (setup) {
      void c.request(C2S.counterOpen, setup).then((s) => {
        setState(s);
        setJoined(true);
      }).catch(() => setSetup(undefined));
    }
  }, [c, conn.status, setup]);

  useEffect(() => {
    if (!c) return;
    const onState = (s: CounterStateT) => setState((prev) => (prev && prev.counter.id !== s.counter.id ? prev : s));
    // The server ended this sign-in (sign-out elsewhere, expiry, reset): it sends no staff data any more.
    const onSignedOut = () => onSignOut();
    c.socket.on(S2C.counterState, onState);
    c.socket.on(S2C.queueChanged, setQueue);
    c.socket.on(S2C.staffSignedOut, onSignedOut);
    return () => {
      c.socket.off(S2C.counterState, onState);
      c.socket.off(S2C.queueChanged, setQueue);
      c.socket.off(S2C.staffSignedOut, onSignedOut);
    };
  }, [c, onSignOut]);

  /** A refusal means either the staff session or the device pairing ended: ask which. */
  const onRefused = useCallback(() => {
    apiFetch('/api/v1/devices/me', { token: device.token }).then(onSignOut, onUnpaired);
  }, [device.token, onSignOut, onUnpaired]);

  const open = (s: Setup) => {
    localStorage.setItem(COUNTER_KEY, JSON.stringify(s));
    setSetup(s);
  };
  const close = async () => {
    if (c && setup) await c.request(C2S.counterClose, { counterId: setup.counterId }).catch(() => undefined);
    localStorage.removeItem(COUNTER_KEY);
    setSetup(undefined);
    setState(undefined);
  };
  const signOut = async () => {
    await close();
    await apiFetch('/api/v1/auth/logout', { method: 'POST', token: staff.token }).catch(() => undefined);
    onSignOut();
  };

  const deskRoot = useCallback(() => document.querySelector<HTMLElement>('.counter-app'), []);
  useScreenFocus(!setup || !state || !c ? 'setup' : 'workspace', deskRoot);

  return (
    <div className="counter-app">
      <ConnectionBanner state={conn} onUnpaired={onRefused} />
      <header className="topbar">
        <span className="brand">Lotse</span>
        <span>{state ? state.counter.name : ''}</span>
        <span className="grow" />
        <span>{t('workspace.signedInAs', { name: staff.displayName })}</span>
        {setup && <button className="secondary" onClick={() => void close()}>{t('workspace.closeCounter')}</button>}
        <button className="secondary" onClick={() => void signOut()}>{t('workspace.signOut')}</button>
      </header>
      {!setup || !state || !c ? (
        <CounterSetup counters={counters} services={services} initial={setup} onOpen={open} />
      ) : (
        <Workspace connection={c} state={state} queue={queue} services={services} counters={counters} languages={staff.languages ?? []}
          online={conn.status === 'online' && joined} onState={setState} />
      )}
    </div>
  );
}
