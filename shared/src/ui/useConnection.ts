import { useEffect, useState } from 'react';
import type { ErrorCode } from '../protocol/errors.ts';
import { connect, type LotseConnection } from '../client/connection.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionState {
  connection?: LotseConnection;
  status: ConnectionStatus;
  /** Set when the server refused this device for good. */
  refused?: { code: ErrorCode; message: string };
}

/** One socket per screen, rebuilt only when the credentials change; status drives the offline banner. */
export function useConnection(deviceToken: string | undefined, staffToken?: string): ConnectionState {
  const [state, setState] = useState<ConnectionState>({ status: 'connecting' });
  useEffect(() => {
    if (!deviceToken) return;
    const connection = connect({
      deviceToken,
      staffToken,
      onRefused: (code, message) => setState((s) => ({ ...s, status: 'offline', refused: { code, message } })),
    });
    setState({ connection, status: 'connecting' });
    const online = () => setState({ connection, status: 'online' });
    const offline = () => setState((s) => ({ ...s, status: 'offline' }));
    connection.socket.on('connect', online);
    connection.socket.on('disconnect', offline);
    return () => {
      connection.socket.removeAllListeners();
      connection.socket.disconnect();
    };
  }, [deviceToken, staffToken]);
  return state;
}
