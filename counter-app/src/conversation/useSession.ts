import { useEffect, useState } from 'react';
import { C2S, S2C, type CaptionPartialT, type SessionNoticeT, type SessionStateT, type TranscriptLineT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';

export interface SessionView {
  session?: SessionStateT;
  /** The line someone is still speaking, replaced by the final line. */
  partial?: CaptionPartialT;
  notices: SessionNoticeT[];
  /** The session just ended (the screen thanks the citizen until the next call). */
  ended: boolean;
}

const MAX_NOTICES = 3;

function withLine(s: SessionStateT | undefined, line: TranscriptLineT & { sessionId: string }): SessionStateT | undefined {
  if (!s || s.id !== line.sessionId || s.lines.some((l) => l.id === line.id)) return s;
  const { sessionId: _ignored, ...plain } = line;
  return { ...s, lines: [...s.lines, plain] };
}

/**
 * Follows the conversation at one counter, for the clerk's desk and the citizen screen alike: `session:get` joins
 * the counter's session room (again after every reconnect), then states, lines, partials and notices arrive live.
 */
export function useSession(connection: LotseConnection | undefined, counterId: string | undefined, online: boolean): SessionView {
  const [view, setView] = useState<SessionView>({ notices: [], ended: false });

  useEffect(() => {
    if (!connection || !counterId || !online) return;
    let stale = false;
    void connection.request(C2S.sessionGet, { counterId }).then(
      (s) => !stale && setView((v) => ({ ...v, session: s ?? undefined, partial: undefined, ended: v.ended && !s })),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [connection, counterId, online]);

  useEffect(() => {
    if (!connection || !counterId) return;
    const socket = connection.socket;
    const onState = (s: SessionStateT) => {
      if (s.counterId !== counterId) return;
      setView((v) => {
        if (s.endedAt) return v.session?.id === s.id ? { ...v, session: undefined, partial: undefined, ended: true } : v;
        const fresh = v.session?.id !== s.id;
        // Once capture is on, "recognition is busy" no longer holds.
        const notices = fresh ? [] : s.capture.active ? v.notices.filter((n) => n.code !== 'SPEECH_BUSY') : v.notices;
        return { session: s, partial: fresh ? undefined : v.partial, notices, ended: false };
      });
    };
    const onClosed = (info: { counterId: string; sessionId: string }) => {
      if (info.counterId !== counterId) return;
      setView((v) => (v.session?.id === info.sessionId ? { ...v, session: undefined, partial: undefined, ended: true } : v));
    };
    const onFinal = (line: TranscriptLineT & { sessionId: string }) =>
      setView((v) => ({ ...v, session: withLine(v.session, line), partial: v.partial?.speaker === line.speaker ? undefined : v.partial }));
    const onPartial = (p: CaptionPartialT) => setView((v) => (v.session?.id === p.sessionId ? { ...v, partial: p.text.trim() ? p : undefined } : v));
    const onNotice = (n: SessionNoticeT) =>
      setView((v) => (v.session?.id === n.sessionId ? { ...v, notices: withNotice(v.notices, n) } : v));
    socket.on(S2C.sessionState, onState);
    socket.on(S2C.sessionClosed, onClosed);
    socket.on(S2C.captionFinal, onFinal);
    socket.on(S2C.captionPartial, onPartial);
    socket.on(S2C.sessionNotice, onNotice);
    return () => {
      socket.off(S2C.sessionState, onState);
      socket.off(S2C.sessionClosed, onClosed);
      socket.off(S2C.captionFinal, onFinal);
      socket.off(S2C.captionPartial, onPartial);
      socket.off(S2C.sessionNotice, onNotice);
    };
  }, [connection, counterId]);

  return view;
}

/** A notice replaces one of its code; admission ends a "busy" notice (the admitted one is shown instead). */
export function withNotice(notices: SessionNoticeT[], n: SessionNoticeT): SessionNoticeT[] {
  const replaced = n.code === 'SPEECH_ADMITTED' ? ['SPEECH_ADMITTED', 'SPEECH_BUSY'] : n.code === 'SPEECH_BUSY' ? ['SPEECH_BUSY', 'SPEECH_ADMITTED'] : [n.code];
  return [...notices.filter((x) => !replaced.includes(x.code)), n].slice(-MAX_NOTICES);
}
