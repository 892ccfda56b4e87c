import { C2S, DomainError, Rooms, S2C, type SessionStateT } from '@lotse/shared';
import type { AuditActor } from '../audit/index.ts';
import type { LotseServer, LotseSocket, SocketData } from '../realtime/context.ts';
import { handle, type HandleOptions } from '../realtime/handle.ts';
import { pcmFromBytes } from './pipeline.ts';
import type { SessionEmitter, SessionService } from './service.ts';

/**
 * Session events go to the clerk's side of the counter (`session:` room) and to its citizen screens
 * (`citizen-session:` room). Lines said without consent reach only the clerk and the screen that answered the
 * consent question (its device room); see audience.ts.
 */
export function sessionEmitter(io: LotseServer): SessionEmitter {
  const both = (counterId: string) => io.to([Rooms.session(counterId), Rooms.citizenSession(counterId)]);
  return {
    state: (state, citizens) => {
      const clerk = Rooms.session(state.counterId);
      io.to(clerk).emit(S2C.sessionState, state);
      if (!citizens.owner) {
        io.to(Rooms.citizenSession(state.counterId)).emit(S2C.sessionState, citizens.shared);
        return;
      }
      const owner = Rooms.device(citizens.owner);
      io.to(Rooms.citizenSession(state.counterId)).except(owner).emit(S2C.sessionState, citizens.shared);
      io.to(owner).except(clerk).emit(S2C.sessionState, state);
    },
    closed: (counterId, sessionId) => both(counterId).emit(S2C.sessionClosed, { counterId, sessionId }),
    partial: (counterId, partial) => both(counterId).emit(S2C.captionPartial, partial),
    final: (counterId, line, audience) => {
      const rooms = [Rooms.session(counterId)];
      if (audience.allCitizens) rooms.push(Rooms.citizenSession(counterId));
      else if (audience.owner) rooms.push(Rooms.device(audience.owner));
      io.to(rooms).emit(S2C.captionFinal, line);
    },
    notice: (counterId, notice) => both(counterId).emit(S2C.sessionNotice, notice),
  };
}

const actorOf = (ctx: SocketData): AuditActor => (ctx.staff ? `staff:${ctx.staff.id}` : `device:${ctx.device.id}`);

/** A citizen screen's counter, bound at pairing; one paired before screens were bound follows none. */
function boundCounter(ctx: SocketData): string {
  if (!ctx.device.counterId) throw new DomainError('FORBIDDEN', 'this citizen screen belongs to no counter: pair it again from the admin page');
  return ctx.device.counterId;
}

/**
 * A clerk's device acts on the session of the counter it opened (and must have a signed-in clerk); a citizen
 * screen only on the counter it was paired for, and once a screen has answered the consent question, only that
 * screen acts for the citizen. Anything else is refused, so nobody can feed audio or words into another desk.
 */
function assertMember(socket: LotseSocket, session: SessionStateT, sessions: SessionService): void {
  const { device, staff } = socket.data;
  const member = device.role === 'counter'
    ? !!staff && socket.rooms.has(Rooms.counter(session.counterId))
    : device.role === 'citizen' && device.counterId === session.counterId && sessions.audience.mayActFor(session.id, device.id);
  if (!member) throw new DomainError('FORBIDDEN', 'this device does not belong to that counter’s session');
}

export function registerSessionHandlers(socket: LotseSocket, sessions: SessionService, opts: HandleOptions): void {
  const member = async (sessionId: string) => {
    const s = await sessions.byId(sessionId);
    assertMember(socket, s, sessions);
    return s;
  };

  handle(socket, C2S.sessionGet, async (p, ctx, s) => {
    if (ctx.device.role === 'counter') {
      if (!ctx.staff) throw new DomainError('UNAUTHENTICATED', 'sign in first');
      // A clerk follows the conversation of the counter this device opened, not another desk's.
      if (!s.rooms.has(Rooms.counter(p.counterId))) throw new DomainError('FORBIDDEN', 'open this counter first');
    }
    if (ctx.device.role === 'citizen') {
      if (boundCounter(ctx) !== p.counterId) throw new DomainError('FORBIDDEN', 'this citizen screen shows only the counter it was paired for');
      await s.join(Rooms.citizenSession(p.counterId));
      const state = await sessions.get(p.counterId);
      return state ? sessions.audience.viewFor(state, ctx.device.id) : null;
    }
    await s.join(Rooms.session(p.counterId));
    return (await sessions.get(p.counterId)) ?? null;
  }, opts);
  handle(socket, C2S.sessionSetLanguage, async (p) => sessions.setLanguage((await member(p.sessionId)).id, p.language), opts);
  handle(socket, C2S.sessionSetMode, async (p) => sessions.setMode((await member(p.sessionId)).id, p.mode), opts);
  handle(socket, C2S.sessionConsent, async (p, ctx) => {
    await member(p.sessionId);
    return sessions.consent(p, actorOf(ctx), ctx.device.id);
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
  handle(socket, C2S.sessionPhrase, async (p, ctx) => {
    const speaker = p.speaker ?? 'clerk';
    if (ctx.device.role === 'citizen' && speaker !== 'citizen') throw new DomainError('FORBIDDEN', 'a citizen screen speaks as the citizen');
    return sessions.phrase((await member(p.sessionId)).id, p.phraseId, speaker, p.slots);
  }, opts);
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
