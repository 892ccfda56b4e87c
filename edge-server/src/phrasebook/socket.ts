import { C2S, DomainError, Rooms } from '@lotse/shared';
import type { LotseSocket } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import type { PhrasebookService } from './service.ts';

/** What this handler needs of the sessions domain (which itself builds on the phrasebook, so no import of it here). */
export interface PhraseSessions {
  byId(id: string): Promise<{ counterId: string; ticketId: string }>;
  readonly phrases: PhrasebookService;
}

/**
 * `phrasebook:get`: the office's own phrases (every client merges them over its shipped copy) and, for a clerk
 * asking about a session of the counter it opened, how often each phrase was used for that session's service.
 */
export function registerPhrasebookHandlers(socket: LotseSocket, sessions: PhraseSessions, opts: HandleOptions): void {
  handle(socket, C2S.phrasebookGet, async (p, ctx) => {
    let serviceId: string | undefined;
    if (p.sessionId && ctx.device.role === 'counter') {
      const s = await sessions.byId(p.sessionId);
      if (!ctx.staff || !socket.rooms.has(Rooms.counter(s.counterId))) throw new DomainError('FORBIDDEN', 'open this counter first');
      serviceId = await sessions.phrases.serviceOf(s.ticketId);
    }
    return sessions.phrases.forClient(serviceId);
  }, opts);
}
