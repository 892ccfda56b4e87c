import { createClient } from 'redis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { LotseServer } from '../realtime/context.ts';

/** What the other nodes must hear of this node's devices (DeviceService's shape, as far as it is used here). */
export interface ClusterDevices {
  onRevoked: (deviceId: string) => void;
  authenticate(token: string | undefined): Promise<{ id: string } | undefined>;
}

const DEVICE_REVOKED = 'lotse:deviceRevoked';

/**
 * Two or more nodes behind one address (`LOTSE_REDIS_URL`): Socket.IO's Redis streams adapter carries every room
 * broadcast to the other nodes, so a display on node A sees the call a clerk made on node B. Streams (not pub/sub)
 * because the stream keeps what a node missed while its Redis connection was down for a moment, in order, and
 * supports Socket.IO's connection-state recovery. A revocation is told to every node, whose token cache would
 * otherwise let the revoked tablet in again. Set before listen; returns what closes the Redis connection.
 */
export async function attachRedisAdapter(
  io: LotseServer, url: string, opts: { devices?: ClusterDevices; onError?: (err: Error) => void } = {},
): Promise<() => Promise<void>> {
  const client = createClient({ url });
  // A dropped connection reconnects by itself; unhandled, the 'error' event would end the process.
  client.on('error', opts.onError ?? ((err: Error) => console.error('Redis:', err.message)));
  await client.connect();
  io.adapter(createAdapter(client, { streamName: 'lotse:socket.io' }));
  if (opts.devices) shareRevocations(io, opts.devices);
  return async () => {
    await client.quit().catch(() => client.disconnect());
  };
}

function shareRevocations(io: LotseServer, devices: ClusterDevices): void {
  const revokedElsewhere = new Set<string>();
  const local = devices.onRevoked;
  devices.onRevoked = (deviceId) => {
    local(deviceId);
    (io.serverSideEmit as (event: string, ...args: unknown[]) => boolean)(DEVICE_REVOKED, deviceId);
  };
  (io.on as (event: string, listener: (...args: unknown[]) => void) => void)(DEVICE_REVOKED, (deviceId) => {
    if (typeof deviceId === 'string') revokedElsewhere.add(deviceId);
  });
  const authenticate = devices.authenticate.bind(devices);
  // This node's cache may still hold the token: a device revoked on another node counts as unknown here.
  devices.authenticate = async (token) => {
    const device = await authenticate(token);
    return device && revokedElsewhere.has(device.id) ? undefined : device;
  };
}
