import { useEffect, useState } from 'react';
import type { LotseConnection } from '@lotse/shared/client';

/**
 * Whether the edge server is reachable right now. Unlike the shared status, a kiosk that starts with the server
 * down (from the service-worker cache) counts as down after the first failed attempt, not "connecting" forever.
 */
export function useSocketUp(connection: LotseConnection | undefined): { up: boolean; down: boolean } {
  const [state, setState] = useState({ up: false, down: false });
  useEffect(() => {
    const socket = connection?.socket;
    if (!socket) return;
    const up = () => setState({ up: true, down: false });
    const down = () => setState({ up: false, down: true });
    socket.on('connect', up);
    socket.on('disconnect', down);
    socket.on('connect_error', down);
    // The browser knows the network is gone before the socket's ping times out (up to 45 s): drop the socket
    // at once so check-ins go to the outbox, and reconnect when the network is back.
    const offline = () => {
      socket.disconnect();
      down();
    };
    const online = () => {
      if (!socket.connected) socket.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    setState(socket.connected ? { up: true, down: false } : { up: false, down: false });
    return () => {
      socket.off('connect', up);
      socket.off('disconnect', down);
      socket.off('connect_error', down);
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [connection]);
  return state;
}
