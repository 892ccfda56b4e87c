import type { LanguageCode, ScreenModeT, SessionStateT, TranscriptLineT } from '@lotse/shared';
import type { SpeechEngines } from '../speech/registry.ts';
import type { ConversationSessionsTable } from '../storage/schema.ts';
import { canTranslate } from './translate.ts';

/** A stored session as the clients see it; capture and engines are filled in by the service (nothing stored of them). */
export function sessionFromRow(row: ConversationSessionsTable, lines: TranscriptLineT[]): SessionStateT {
  return {
    id: row.id, counterId: row.counter_id, ticketId: row.ticket_id, ticketNumber: row.ticket_number,
    clerkLanguage: row.clerk_language as LanguageCode, citizenLanguage: row.citizen_language as LanguageCode,
    mode: row.mode as ScreenModeT,
    consent: { status: row.consent_status as SessionStateT['consent']['status'], keep: row.consent_keep === 1, textVersion: row.consent_version, at: row.consent_at },
    capture: { active: false, speaker: 'clerk' }, engines: { clerkSpeech: false, citizenSpeech: false, toCitizen: false, toClerk: false },
    lines, startedAt: row.started_at, endedAt: row.ended_at,
  };
}

/** What the engines installed now can do for this session's two languages (the desk and citizen screen show it). */
export function withEngines(state: SessionStateT, engines: SpeechEngines | undefined): SessionStateT {
  return {
    ...state,
    engines: {
      clerkSpeech: !!engines?.recognizerFor(state.clerkLanguage),
      citizenSpeech: !!engines?.recognizerFor(state.citizenLanguage),
      toCitizen: canTranslate(engines, state.clerkLanguage, state.citizenLanguage),
      toClerk: canTranslate(engines, state.citizenLanguage, state.clerkLanguage),
    },
  };
}
