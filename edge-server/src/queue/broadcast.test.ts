import { describe, expect, it } from 'vitest';
import { Rooms, S2C, type QueueSnapshotT } from '@lotse/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { LotseServer } from '../realtime/context.ts';
import type { QueueService } from './service.ts';
import { roomBroadcast } from './broadcast.ts';

/** Just enough of Socket.IO: one counter listens in the counters room; every emit is recorded. */
function fakeIo() {
  const sent: { room: string; event: string; payload: unknown }[] = [];
  const io = {
    sockets: { adapter: { rooms: new Map([[Rooms.counters, new Set(['s1'])]]) } },
    to: (room: string) => ({ to: () => ({ emit: () => true }), emit: (event: string, payload: unknown) => void sent.push({ room, event, payload }) }),
  };
  return { io: io as unknown as LotseServer, sent };
}

describe('queue snapshots to the desks', () => {
  it('merges a burst of changes into few snapshots and always sends the last state', async () => {
    const { io, sent } = fakeIo();
    let version = 0;
    const queue = { snapshot: async () => ({ waiting: [], counters: [], perServiceLimit: version } as QueueSnapshotT) } as unknown as QueueService;
    const log = { error: () => undefined } as unknown as FastifyBaseLogger;
    const listener = roomBroadcast(io, queue, log, 100);
    const started = Date.now();
    // 50 check-ins, each in its own event-loop turn (without the interval each would send its own snapshot).
    for (let i = 1; i <= 50; i++) {
      version = i;
      void listener({ type: 'queueChanged' });
      await new Promise((r) => setImmediate(r));
    }
    const snapshots = () => sent.filter((s) => s.event === S2C.queueChanged);
    await expect.poll(() => (snapshots().at(-1)?.payload as QueueSnapshotT | undefined)?.perServiceLimit).toBe(50);
    const elapsed = Date.now() - started;
    // At most one per interval (plus the first at once), never one per change.
    expect(snapshots().length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(snapshots().length).toBeLessThan(50);
  });
});
