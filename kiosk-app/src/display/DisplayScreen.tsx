import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionBanner, useConnection } from '@lotse/shared/ui';
import { C2S, S2C, type CallT, type PairedDeviceT } from '@lotse/shared';
import { useAnnouncer } from './useAnnouncer.ts';
import { useFreshCalls } from './useFreshCalls.ts';
import { CallLine } from './CallLine.tsx';
import { useDisplayGroup } from './useDisplayGroup.ts';

const BOARD_SIZE = 8;

/** The waiting room's screen: the calls of the last seconds large, the earlier calls beside them; updates by push only. */
export function DisplayScreen({ device, onUnpaired }: { device: PairedDeviceT; onUnpaired: () => void }) {
  const { t } = useTranslation('display');
  const conn = useConnection(device.token);
  const [calls, setCalls] = useState<CallT[]>([]);
  const announcer = useAnnouncer(device.token);
  // Only the counters of this display's group (issue 11); every counter when it is in none.
  const shows = useDisplayGroup(device.token, conn.connection);
  const visible = useMemo(() => calls.filter((c) => shows(c.counterId)), [calls, shows]);
  const board = useFreshCalls(visible);
  const { arrived } = board;

  useEffect(() => {
    const c = conn.connection;
    if (!c) return;
    // Fetch the board on every (re)connect: calls made while the display was away are shown, not chimed.
    const load = () => void c.request(C2S.displayGet, {}).then((board) => setCalls(board.calls)).catch(() => undefined);
    const onCall = (call: CallT) => {
      setCalls((prev) => [call, ...prev.filter((p) => p.id !== call.id)].slice(0, BOARD_SIZE));
      if (!shows(call.counterId)) return;
      arrived(call.id);
      announcer.announce(call);
    };
    c.socket.on('connect', load);
    c.socket.on(S2C.callCreated, onCall);
    if (c.socket.connected) load();
    return () => {
      c.socket.off('connect', load);
      c.socket.off(S2C.callCreated, onCall);
    };
  }, [conn.connection, announcer.announce, arrived, shows]);

  return (
    <div className="display">
      <ConnectionBanner state={conn} onUnpaired={onUnpaired} />
      <main className="display-main">
        <section className="current-call" aria-labelledby="current-title" aria-live="assertive" data-count={board.large.length}>
          <h1 id="current-title">{t('current')}</h1>
          {board.large.length > 0 ? (
            <ul className="current-list" role="list">
              {board.large.map((c) => (
                <li key={c.id} className={board.flashing.has(c.id) ? 'flash' : undefined}><CallLine call={c} /></li>
              ))}
            </ul>
          ) : (
            <p className="none">{t('none')}</p>
          )}
        </section>
        <section className="recent-calls" aria-labelledby="recent-title">
          <h2 id="recent-title">{t('recent')}</h2>
          <table>
            <thead>
              <tr><th scope="col">{t('ticket')}</th><th scope="col">{t('counter')}</th></tr>
            </thead>
            <tbody>
              {board.list.map((c) => (
                <tr key={c.id}><td>{c.ticketNumber}{c.recall ? ` (${t('recall')})` : ''}</td><td>{c.counterName}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
      {announcer.blocked && <button className="sound-button" onClick={announcer.unblock}>{t('enableSound')}</button>}
    </div>
  );
}
