import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@lotse/shared';
import type { Device } from '../devices/service.ts';
import type { Staff } from '../staff/service.ts';

export interface SocketData {
  device: Device;
  staff?: Staff;
  /** When this device was last seen connected before this socket (ISO): a kiosk's offline gap starts there (absent: it was online). */
  offlineSince?: string;
}

export type LotseServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LotseSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
