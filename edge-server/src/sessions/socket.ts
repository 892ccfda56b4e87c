import { C2S, DomainError, Rooms, S2C, type SessionStateT } from '@lotse/shared';
import type { AuditActor } from '../audit/index.ts';
import type { LotseServer, LotseSocket, SocketData } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import { pcmFromBytes } from './pipeline.ts';
import type { SessionEmitter, SessionService } from './service.ts';

/** Session events go to everyone following that counter's conversation. */
export function sessionEmitter(io: LotseServer): SessionEmitter {
  return {
    state: (state) => io.to(Rooms.session(state.counterId)).emit(S2C.sessionState, state),
    closed: (counterId, sessionId) => io.to(Rooms.session(counterId)).emit(S2C.sessionClosed, { counterId, sessionId }),
    partial: (counterId, partial) => io.to(Rooms.session(counterId)).emit(S2C.captionPartial, partial),
    final: (counterId, line) => io.to(Rooms.session(counterId)).emit(S2C.captionFinal, line),
    notice: (counterId, notice) => io.to(Rooms.session(counterId)).emit(S2C.sessionNotice, notice),
  };
}

const actorOf = (ctx: SocketData): AuditActor => (ctx.staff ? `staff:${ctx.staff.id}` : `device:${ctx.device.id}`);

/**
 * A clerk's device acts on the session of the counter it opened (and must have a signed-in clerk); a citizen
 * screen only on the counter it follows. Anything else is refused, so nobody can feed audio into another desk.
 */
function assertMember(socket: LotseSocket, session: SessionStateT): void {
  const { device, staff, watching } = socket.data;
  const member = device.role === 'counter' ? !!staff && socket.rooms.has(Rooms.counter(session.counterId)) : device.role === 'citizen' && watching === session.counterId;
  if (!member) throw new DomainError('FORBIDDEN', 'this device does not belong to that counter’s session');
}

export function registerSessionHandlers(socket: LotseSocket, sessions: SessionService, opts: HandleOptions): void {
  const member = async (sessionId: string) => {
    const s = await sessions.byId(sessionId);
    assertMember(socket, s);
    return s;
  };

  handle(socket, C2S.sessionGet, async (p, ctx, s) => {
    if (ctx.device.role === 'counter') {
      if (!ctx.staff) throw new DomainError('UNAUTHENTICATED', 'sign in first');
      // A clerk follows the conversation of the counter this device opened, not another desk's.
      if (!s.rooms.has(Rooms.counter(p.counterId))) throw new DomainError('FORBIDDEN', 'open this counter first');
    }
    if (ctx.device.role === 'citizen') {
      if (ctx.watching && ctx.watching !== p.counterId) await s.leave(Rooms.session(ctx.watching));
      s.data.watching = p.counterId;
    }
    await s.join(Rooms.session(p.counterId));
    return (await sessions.get(p.counterId)) ?? null;
  }, opts);
  handle(socket, C2S.sessionSetLanguage, async (p) => sessions.setLanguage((await member(p.sessionId)).id, p.language), opts);
  handle(socket, C2S.sessionSetMode, async (p) => sessions.setMode((await member(p.sessionId)).id, p.mode), opts);
  handle(socket, C2S.sessionConsent, async (p, ctx) => {
    await member(p.sessionId);
    return sessions.consent(p, actorOf(ctx));
  }, opts);
  handle(socket, C2S.sessionCapture, async (p, ctx) => {
    // The citizen screen's push-to-talk takes the turn for the citizen only.
    if (ctx.device.role === 'citizen' && p.speaker !== 'citizen') throw new DomainError('FORBIDDEN', 'a citizen screen can only take the citizen’s turn');
    return sessions.capture((await member(p.sessionId)).id, p.active, p.speaker);
  }, opts);
  handle(socket, C2S.sessionSay, async (p, ctx) => {
    if (ctx.device.role === 'citizen' && p.speaker !== 'citizen') throw new DomainError('FORBIDDEN', 'a citizen screen writes as the citizen');
    return sessions.say((await member(p.sessionId)).id, p.speaker, p.text);
  }, opts);
  handle(socket, C2S.sessionPhrase, async (p) => sessions.phrase((await member(p.sessionId)).id, p.phraseId), opts);
  handle(socket, C2S.sessionEnd, async (p, ctx) => sessions.end((await member(p.sessionId)).id, actorOf(ctx)), opts);
  // Sessions this socket streamed audio into: if it drops off, its half-heard utterance is dropped with it.
  const streamed = new Set<string>();
  socket.on('disconnect', () => {
    for (const id of streamed) sessions.pipeline.abortAll(id);
  });
  handle(socket, C2S.audioFrame, async (p) => {
    await member(p.sessionId);
    await sessions.pushAudio(p.sessionId, pcmFromBytes(p.pcm));
    streamed.add(p.sessionId);
    return { accepted: p.seq };
  }, opts);
  handle(socket, C2S.audioEnd, async (p) => {
    await member(p.sessionId);
    return { ended: await sessions.endAudio(p.sessionId) };
  }, opts);
}
