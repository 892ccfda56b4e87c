import { C2S } from '@lotse/shared';
import type { LotseSocket } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import type { DeskActions } from './desk.ts';
import { atOwnCounter } from './socket.ts';

/** The clerk's toolset on the socket: same schemas and roles as the HTTP API (deskRoutes.ts), own counter only. */
export function registerDeskHandlers(socket: LotseSocket, desk: DeskActions, opts: HandleOptions): void {
  const actor = (ctx: { staff?: { id: string } }) => ({ staffId: ctx.staff?.id ?? null });
  handle(socket, C2S.counterFinish, (p, ctx, s) => desk.finish(atOwnCounter(s, p.counterId), p.outcome, actor(ctx)), opts);
  handle(socket, C2S.counterPark, (p, ctx, s) => desk.park(atOwnCounter(s, p.counterId), actor(ctx)), opts);
  handle(socket, C2S.counterResume, (p, ctx, s) => desk.resume(atOwnCounter(s, p.counterId), p.number, actor(ctx)), opts);
  handle(socket, C2S.counterTransfer, (p, ctx, s) => desk.transfer({ ...p, counterId: atOwnCounter(s, p.counterId) }, actor(ctx)), opts);
  handle(socket, C2S.counterCallTicket, (p, ctx, s) => desk.callTicket(atOwnCounter(s, p.counterId), p.number, p.reason, actor(ctx)), opts);
  handle(socket, C2S.counterRecallNoShow, (p, ctx, s) => desk.recallNoShow(atOwnCounter(s, p.counterId), p.number, actor(ctx)), opts);
  handle(socket, C2S.clerkSettingsGet, () => desk.settings.get(), opts);
  handle(socket, C2S.counterAskColleague, (p, ctx, s) => desk.askColleague(atOwnCounter(s, p.counterId), actor(ctx)), opts);
  handle(socket, C2S.counterAcceptHelp, (p, ctx, s) => desk.acceptHelp(atOwnCounter(s, p.counterId), p.number, actor(ctx)), opts);
}
