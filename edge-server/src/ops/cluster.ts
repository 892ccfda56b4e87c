import { createClient } from 'redis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { LotseServer } from '../realtime/context.ts';

/**
 * Two or more nodes behind one address (`LOTSE_REDIS_URL`): Socket.IO's Redis streams adapter carries every room
 * broadcast to the other nodes, so a display on node A sees the call a clerk made on node B. Streams (not pub/sub)
 * because the stream keeps what a node missed while its Redis connection was down for a moment, in order, and
 * supports Socket.IO's connection-state recovery. Set before listen; returns what closes the Redis connection.
 */
export async function attachRedisAdapter(io: LotseServer, url: string, onError: (err: Error) => void = (err) => console.error('Redis:', err.message)): Promise<() => Promise<void>> {
  const client = createClient({ url });
  // A dropped connection reconnects by itself; unhandled, the 'error' event would end the process.
  client.on('error', onError);
  await client.connect();
  io.adapter(createAdapter(client, { streamName: 'lotse:socket.io' }));
  return async () => {
    await client.quit().catch(() => client.disconnect());
  };
}
