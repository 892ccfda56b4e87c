import type { FastifyInstance } from 'fastify';
import type { Audit } from '../audit/auditor.ts';
import type { Authorize } from '../http/auth.ts';
import type { LotseSocket } from '../realtime/context.ts';
import type { HandleOptions } from '../realtime/handle.ts';
import type { Db } from '../storage/db.ts';
import { ClerkSettingsStore } from './clerkSettings.ts';
import { DeskActions } from './desk.ts';
import { auditDeskActions } from './deskAudit.ts';
import { deskRepo, parseList } from './deskRepository.ts';
import { pickByLanguage, preferableLanguages } from './languagePick.ts';
import { deskRoutes } from './deskRoutes.ts';
import { registerDeskHandlers } from './deskSocket.ts';
import type { QueueService } from './service.ts';

/** The clerk's toolset wired into the app with one call: routes and audit now, socket handlers per connection. */
export function createDesk(app: FastifyInstance, deps: { db: Db; queue: QueueService; audit: Audit; authorize: Authorize }) {
  const desk = new DeskActions(deps.queue, new ClerkSettingsStore(deps.db, deps.audit));
  // Calling by language: with the office setting on, call-next prefers the clerk's languages within the bound.
  deps.queue.pickNext = async (trx, counter, at) => {
    const settings = await desk.settings.get(trx);
    const languages = settings.preferClerkLanguages ? preferableLanguages(parseList(counter.clerk_languages)) : new Set<string>();
    const rows = await deskRepo.oldestWaitingFor(trx, counter.id, parseList(counter.service_ids), languages.size ? 50 : 1);
    const i = pickByLanguage(rows, languages, new Date(at), settings.languageFairnessMinutes);
    return i < 0 ? undefined : rows[i];
  };
  deskRoutes(app, desk, deps.authorize);
  deps.queue.subscribe(auditDeskActions(deps.audit));
  return { desk, register: (socket: LotseSocket, opts: HandleOptions) => registerDeskHandlers(socket, desk, opts) };
}
