import { useRef, useState } from 'react';
import { C2S, CONSENT_TEXT_VERSION, findLanguage, type SessionStateT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import type { SessionView } from '../conversation/useSession.ts';
import { Transcript } from '../conversation/Transcript.tsx';
import { SayForm } from '../conversation/SayForm.tsx';
import { useCitizenT } from './useCitizenT.ts';
import { QuickReplies } from './QuickReplies.tsx';
import { CitizenPhrasebook } from './CitizenPhrasebook.tsx';

interface Props {
  connection: LotseConnection;
  view: SessionView;
  /** The language to show while no session is open (the last one, or German). */
  fallbackLanguage?: string;
  counterName?: string;
  /** Ends an utterance in flight on whichever device holds the microphone, before the turn goes back. */
  endUtterance: () => Promise<void>;
  /** Single-tablet mode: this half is turned towards the citizen across the desk. */
  rotated?: boolean;
  /** The microphone's state on this device, when this device holds it for the citizen. */
  micStatus?: string;
  /** On its own device the pane is the page's main content, so its title is the page's h1. */
  standalone?: boolean;
}

/** The citizen's half, in the ticket's language: consent first, then the conversation from their side. */
export function CitizenPane({ connection, view, fallbackLanguage = 'de', counterName, endUtterance, rotated = false, micStatus, standalone = false }: Props) {
  const s = view.session;
  const { t, lang, dir } = useCitizenT(s?.citizenLanguage ?? fallbackLanguage);
  const Title = standalone ? 'h1' : 'h2';
  return (
    <section className={`citizen-half${rotated ? ' rotated' : ''}`} lang={lang} dir={dir} aria-labelledby="citizen-title" data-testid="citizen-half">
      <Title id="citizen-title">{t('title')}</Title>
      {!s ? (
        view.ended ? <p className="ended" role="status">{t('ended')} {t('deleted')}</p> : counterName ? <p className="welcome">{t('idle', { counter: counterName })}</p> : null
      ) : (
        <>
          <p className="welcome">{t('welcome', { counter: counterName ?? s.counterId, number: s.ticketNumber })}</p>
          {s.consent.status === 'pending' ? (
            <Consent connection={connection} session={s} t={t} />
          ) : (
            <Conversation connection={connection} view={view} session={s} t={t} endUtterance={endUtterance} micStatus={micStatus} />
          )}
        </>
      )}
    </section>
  );
}

type T = ReturnType<typeof useCitizenT>['t'];

function Consent({ connection, session, t }: { connection: LotseConnection; session: SessionStateT; t: T }) {
  const [keep, setKeep] = useState(false);
  const points = t('consent.points', { returnObjects: true });
  const decide = (decision: 'given' | 'declined') =>
    void connection.request(C2S.sessionConsent, { sessionId: session.id, decision, keep: decision === 'given' && keep, textVersion: CONSENT_TEXT_VERSION }).catch(() => undefined);
  return (
    <div className="consent" role="group" aria-labelledby="consent-title">
      <h3 id="consent-title">{t('consent.title')}</h3>
      <div className="citizen-body">
        <div>
          <p>{t('consent.intro')}</p>
          <ul className="points">{Array.isArray(points) && points.map((p) => <li key={String(p)}>{String(p)}</li>)}</ul>
        </div>
        <div className="citizen-actions">
          <label className="check">
            <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} />
            {t('consent.keep')}
          </label>
          <button type="button" className="accept" onClick={() => decide('given')}>{t('consent.accept')}</button>
          <button type="button" className="secondary" onClick={() => decide('declined')}>{t('consent.decline')}</button>
        </div>
      </div>
    </div>
  );
}

interface ConversationProps {
  connection: LotseConnection;
  view: SessionView;
  session: SessionStateT;
  t: T;
  endUtterance: () => Promise<void>;
  micStatus?: string;
}

function Conversation({ connection, view, session: s, t, endUtterance, micStatus }: ConversationProps) {
  const given = s.consent.status === 'given';
  const wasActive = useRef<boolean | null>(null);
  const yourTurn = s.capture.active && s.capture.speaker === 'citizen';
  const native = findLanguage(s.citizenLanguage)?.nativeName ?? s.citizenLanguage;

  const press = () => {
    if (!given || wasActive.current !== null) return;
    wasActive.current = s.capture.active;
    void connection.request(C2S.sessionCapture, { sessionId: s.id, active: true, speaker: 'citizen' }).catch(() => undefined);
  };
  const release = () => {
    const before = wasActive.current;
    if (before === null) return;
    wasActive.current = null;
    void (async () => {
      await endUtterance();
      await connection.request(C2S.sessionCapture, { sessionId: s.id, active: before, speaker: 'clerk' }).catch(() => undefined);
    })();
  };
  const consent = (decision: 'given' | 'withdrawn') =>
    void connection.request(C2S.sessionConsent, { sessionId: s.id, decision, keep: false, textVersion: CONSENT_TEXT_VERSION }).catch(() => undefined);

  return (
    <>
      <p className="consent-note" role="status">{given ? t('consent.given') : t('consent.declined')}</p>
      {!s.engines.toCitizen && <p className="notice">{t('noEngine', { language: native })}</p>}
      {view.notices.some((n) => n.code === 'SPEECH_BUSY') && <p className="notice" role="status" data-testid="citizen-speech-busy">{t('speechBusy')}</p>}
      {given && s.capture.active && (
        <p className={`turn-indicator ${yourTurn ? 'yours' : 'clerks'}`} role="status" data-testid="citizen-turn">
          {yourTurn ? t('turn.yours') : t('turn.clerks')}
          {yourTurn && micStatus === 'speaking' ? ` · ${t('transcript.listening')}` : ''}
        </p>
      )}
      <div className="citizen-body">
        <Transcript
          lines={s.lines}
          partial={view.partial}
          reader="citizen"
          testId="citizen-transcript"
          labels={{
            speaker: { citizen: t('transcript.you'), clerk: t('transcript.clerk') },
            machine: t('transcript.machine'),
            reviewed: t('transcript.reviewed'),
            drafted: t('transcript.drafted'),
            untranslated: t('transcript.original'),
            empty: t('transcript.empty'),
            listening: t('transcript.listening'),
            title: t('title'),
          }}
        />
        <div className="citizen-actions">
          {given && (
            <button
              type="button"
              className={`push-to-talk${yourTurn ? ' on' : ''}`}
              aria-pressed={yourTurn}
              onPointerDown={(e) => {
                e.currentTarget.setPointerCapture?.(e.pointerId);
                press();
              }}
              onPointerUp={release}
              onPointerCancel={release}
              onKeyDown={(e) => (e.key === ' ' || e.key === 'Enter') && !e.repeat && (e.preventDefault(), press())}
              onKeyUp={(e) => (e.key === ' ' || e.key === 'Enter') && (e.preventDefault(), release())}
              onBlur={release}
              onContextMenu={(e) => e.preventDefault()}
            >
              {t('turn.pushToTalk')}
            </button>
          )}
          <QuickReplies connection={connection} session={s} />
          <SayForm
            id={`citizen-say-${s.id}`}
            label={t('type.label')}
            send={t('type.send')}
            lang={s.citizenLanguage === 'de-simple' ? 'de' : s.citizenLanguage}
            onSay={(text) => connection.request(C2S.sessionSay, { sessionId: s.id, speaker: 'citizen', text })}
          />
          <CitizenPhrasebook connection={connection} session={s} />
          {given ? (
            <button type="button" className="secondary" onClick={() => consent('withdrawn')}>{t('consent.withdraw')}</button>
          ) : (
            <button type="button" className="secondary" onClick={() => consent('given')}>{t('consent.accept')}</button>
          )}
        </div>
      </div>
    </>
  );
}
