import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientError, type LotseConnection } from '@lotse/shared/client';
import { C2S, findLanguage, isLanguageCode, LANGUAGES, type LanguageCode, type ScreenModeT, type SessionStateT, type SpeakerT } from '@lotse/shared';
import type { SessionView } from './useSession.ts';
import type { MicCapture } from './useMicCapture.ts';
import { Transcript } from './Transcript.tsx';
import { Phrasebook } from './Phrasebook.tsx';
import { SayForm } from './SayForm.tsx';

interface Props {
  connection: LotseConnection;
  view: SessionView & { session: SessionStateT };
  mic: MicCapture;
}

/** The clerk's side of the conversation (German): consent, microphone and turn, transcript, typing, phrasebook. */
export function ConversationPanel({ connection, view, mic }: Props) {
  const { t } = useTranslation(['counter', 'common']);
  const [error, setError] = useState<string>();
  const s = view.session;
  const citizenName = findLanguage(s.citizenLanguage)?.germanName ?? s.citizenLanguage;
  const clerkName = findLanguage(s.clerkLanguage)?.germanName ?? s.clerkLanguage;
  const consentGiven = s.consent.status === 'given';

  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      // Said once, in the notices (both sides see it there), and cleared when capture is admitted.
      if (code === 'SPEECH_BUSY') return;
      setError(t(`common:errors.${code}`, { defaultValue: err instanceof Error && err.message ? err.message : t('common:errors.generic') }));
    }
  };
  const capture = (active: boolean, speaker: SpeakerT) =>
    run(async () => {
      if (speaker !== s.capture.speaker || !active) await mic.endUtterance();
      await connection.request(C2S.sessionCapture, { sessionId: s.id, active, speaker });
    });
  const setMode = (mode: ScreenModeT) => run(() => connection.request(C2S.sessionSetMode, { sessionId: s.id, mode }));
  const setLanguage = (language: LanguageCode) => run(() => connection.request(C2S.sessionSetLanguage, { sessionId: s.id, language }));

  // Said once and where it matters: speech at the microphone, translation at the typing field.
  const { clerkSpeech, citizenSpeech, toCitizen, toClerk } = s.engines;
  const speechNote = !clerkSpeech && !citizenSpeech ? t('desk.engines.micNone', { clerk: clerkName, language: citizenName })
    : !citizenSpeech ? t('desk.engines.micClerkOnly', { clerk: clerkName })
    : !clerkSpeech ? t('desk.engines.micCitizenOnly', { language: citizenName }) : undefined;
  const translationNote = !toCitizen && !toClerk ? t('desk.engines.noTranslation', { clerk: clerkName, language: citizenName })
    : !toCitizen ? t('desk.engines.noToCitizen', { language: citizenName })
    : !toClerk ? t(s.clerkLanguage === 'de' ? 'desk.engines.noToClerkDe' : 'desk.engines.noToClerk', { language: citizenName, clerk: clerkName }) : undefined;
  // The microphone does not offer itself for a speaker whose language nobody here can recognise.
  const speakerHeard = s.capture.speaker === 'clerk' ? clerkSpeech : citizenSpeech;
  const micUsable = consentGiven && (s.capture.active || speakerHeard);
  const consentText = consentGiven && s.consent.keep ? t('conversation.consent.givenKeep') : t(`conversation.consent.${s.consent.status}`);
  const micText = mic.status === 'error'
    ? mic.error === 'mic' || mic.error === 'vad' ? t(`conversation.capture.${mic.error}Error`) : t('conversation.capture.refused', { reason: t(`conversation.notices.${mic.error}`, { defaultValue: t(`common:errors.${mic.error}`, { defaultValue: mic.error }) }) })
    : s.mode === 'paired' && s.capture.active && s.capture.speaker === 'citizen' ? t('conversation.capture.elsewhere') : t(`conversation.capture.${mic.status === 'off' ? 'off' : mic.status}`);

  return (
    <section className="conversation" aria-labelledby="conversation-title" data-testid="conversation">
      <div className="conversation-head">
        <h2 id="conversation-title">{t('conversation.title', { number: s.ticketNumber })}</h2>
        <button type="button" className="danger" onClick={() => void run(async () => {
          await mic.endUtterance();
          await connection.request(C2S.sessionEnd, { sessionId: s.id });
        })}>{t('conversation.end')}</button>
      </div>

      <div className="conversation-main">
        <p className={`consent-state ${s.consent.status}`} data-testid="consent-state">
          <strong>{t('conversation.consent.label')}:</strong> {consentText}
        </p>
        <div role="status" aria-live="polite" className="notices">
          {view.notices.map((n) => <p key={n.code} className="notice">{t(`conversation.notices.${n.code}`, { defaultValue: n.message })}</p>)}
        </div>

        <Transcript
          lines={s.lines}
          partial={view.partial}
          reader="clerk"
          testId="clerk-transcript"
          labels={{
            speaker: { clerk: t('conversation.speaker.clerk'), citizen: t('conversation.speaker.citizen') },
            machine: t('conversation.transcript.machine'),
            reviewed: t('conversation.transcript.reviewed'),
            drafted: t('conversation.transcript.drafted'),
            untranslated: t('conversation.transcript.untranslated'),
            empty: t('conversation.transcript.empty'),
            listening: t('conversation.transcript.listening'),
            title: t('conversation.transcript.title'),
          }}
        />
        {/* The server's notice about an untranslated line says it already: then once is enough. */}
        {translationNote && !view.notices.some((n) => n.code === 'NO_ENGINE') && <p className="engine-note" data-testid="translation-note">{translationNote}</p>}
        <div className="controls">
          <button
            type="button"
            className={`${s.capture.active ? 'mic on' : 'mic'}${speakerHeard ? '' : ' unavailable'}`}
            aria-pressed={s.capture.active}
            aria-describedby={speechNote ? 'speech-note' : undefined}
            disabled={!micUsable}
            onClick={() => void capture(!s.capture.active, s.capture.speaker)}
          >
            {s.capture.active ? t('conversation.capture.pause') : t('conversation.capture.start')}
          </button>
          {(clerkSpeech || citizenSpeech) && <fieldset className="turn" disabled={!consentGiven}>
            <legend>{t('conversation.turn.label')}</legend>
            {(['clerk', 'citizen'] as const).map((sp) => (
              <label key={sp} className="check">
                <input type="radio" name="turn" checked={s.capture.speaker === sp} onChange={() => void capture(s.capture.active, sp)} />
                {t(`conversation.turn.${sp}`)}
              </label>
            ))}
          </fieldset>}
          <span className={`mic-state ${mic.status}`} role="status" data-testid="mic-state">
            {consentGiven ? micText : t('conversation.capture.needsConsent')}
          </span>
          {speechNote && <p id="speech-note" className="engine-note" data-testid="speech-note">{speechNote}</p>}
        </div>

        <SayForm
          id="clerk-say"
          label={t('conversation.say.label')}
          send={t('conversation.say.send')}
          lang={s.clerkLanguage}
          onSay={(text) => run(() => connection.request(C2S.sessionSay, { sessionId: s.id, speaker: 'clerk', text }))}
          phrases={{ connection, session: s, run }}
        />
        {error && <p role="alert" className="error">{error}</p>}
      </div>
      <div className="conversation-side">
        <label className="side-field">
          <span>{t('conversation.language')}</span>
          <select value={s.citizenLanguage} onChange={(e) => isLanguageCode(e.target.value) && void setLanguage(e.target.value)}>
            {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.germanName}</option>)}
          </select>
        </label>
        <fieldset className="mode">
          <legend>{t('conversation.mode.label')}</legend>
          {(['single', 'paired'] as const).map((m) => (
            <label key={m} className="check">
              <input type="radio" name="mode" checked={s.mode === m} onChange={() => void setMode(m)} />
              {t(`conversation.mode.${m}`)}
            </label>
          ))}
        </fieldset>
        <Phrasebook connection={connection} session={s} run={run} />
      </div>
    </section>
  );
}
