import { ulid } from 'ulid';
import type { Kysely } from 'kysely';
import {
  CONSENT_TEXT_VERSION,
  DomainError,
  type CallT,
  type CaptionPartialT,
  type LanguageCode,
  type ScreenModeT,
  type SessionConsentT,
  type SessionNoticeT,
  type SessionStateT,
  type SpeakerT,
  type TranscriptLineT,
} from '@lotse/shared';
import { findPhrase } from '@lotse/shared/phrasebook';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import type { SpeechEngines } from '../speech/registry.ts';
import { deleteLines, loadLines, saveLine, type FieldKey } from './lines.ts';
import { sessionDb, type ConversationSessionsTable } from './repository.ts';
import { canTranslate, translateText } from './translate.ts';
import { SpeechPipeline } from './pipeline.ts';

export interface SessionEmitter {
  state(state: SessionStateT): void;
  closed(counterId: string, sessionId: string): void;
  partial(counterId: string, partial: CaptionPartialT): void;
  final(counterId: string, line: TranscriptLineT & { sessionId: string }): void;
  notice(counterId: string, notice: SessionNoticeT): void;
}

export interface SessionServiceOptions {
  db: Kysely<any>;
  dataKey: FieldKey;
  engines?: SpeechEngines;
  emit: SessionEmitter;
  now?: () => Date;
  clerkLanguage?: LanguageCode;
  /** Days a transcript is kept when the citizen agreed (retention cap: 30). */
  keepDays?: number;
}

/** Conversations at the counters: one open session per counter, from the call until the clerk ends it. */
export class SessionService {
  private readonly live = new Map<string, SessionStateT>();
  readonly pipeline: SpeechPipeline;

  constructor(private readonly opts: SessionServiceOptions) {
    this.pipeline = new SpeechPipeline({
      engines: opts.engines,
      onPartial: (s, p) => opts.emit.partial(s.counterId, p),
      onFinal: (s, speaker, text, engine) => this.addLine(s, speaker, 'speech', text, engine),
      onNotice: (s, code, message) => opts.emit.notice(s.counterId, { sessionId: s.id, code, message }),
    });
  }

  private now() {
    return (this.opts.now ?? (() => new Date()))().toISOString();
  }

  /** A call opens a new session at that counter (ending the previous one); a recall keeps it. */
  async openForCall(call: CallT): Promise<SessionStateT | undefined> {
    if (call.recall) return this.get(call.counterId);
    const previous = await this.get(call.counterId);
    if (previous) await this.end(previous.id, 'system');
    const at = this.now();
    const clerkLanguage = this.opts.clerkLanguage ?? 'de';
    const row: ConversationSessionsTable = {
      id: ulid(), counter_id: call.counterId, ticket_id: call.ticketId, ticket_number: call.ticketNumber,
      clerk_language: clerkLanguage, citizen_language: call.language, mode: previous?.mode ?? 'single',
      consent_status: 'pending', consent_keep: 0, consent_version: CONSENT_TEXT_VERSION, consent_at: null,
      started_at: at, ended_at: null, keep_until: null,
    };
    await sessionDb(this.opts.db).insertInto('conversation_sessions').values(row).execute();
    await appendAudit(this.opts.db, { actor: 'system', action: 'session.started', subject: row.id, details: { counterId: call.counterId, ticketId: call.ticketId, language: call.language } });
    return this.publish(this.fromRow(row, []));
  }

  /** The open session of a counter, from memory or (after a restart) from the database. */
  async get(counterId: string): Promise<SessionStateT | undefined> {
    const cached = this.live.get(counterId);
    if (cached) return cached;
    const row = await sessionDb(this.opts.db).selectFrom('conversation_sessions').selectAll().where('counter_id', '=', counterId).where('ended_at', 'is', null).orderBy('started_at', 'desc').executeTakeFirst();
    if (!row) return undefined;
    const state = this.withEngines(this.fromRow(row, await loadLines(this.opts.db, this.opts.dataKey, row.id)));
    this.live.set(counterId, state);
    return state;
  }

  async byId(sessionId: string): Promise<SessionStateT> {
    for (const s of this.live.values()) if (s.id === sessionId) return s;
    const row = await sessionDb(this.opts.db).selectFrom('conversation_sessions').select(['counter_id', 'ended_at']).where('id', '=', sessionId).executeTakeFirst();
    const state = row && !row.ended_at ? await this.get(row.counter_id) : undefined;
    if (!state || state.id !== sessionId) throw new DomainError('NOT_FOUND', `no open session ${sessionId}`);
    return state;
  }

  async setLanguage(sessionId: string, language: LanguageCode): Promise<SessionStateT> {
    const s = await this.byId(sessionId);
    this.pipeline.abortAll(s.id);
    await this.update(s, { citizen_language: language });
    return this.publish({ ...s, citizenLanguage: language, capture: { ...s.capture, active: false } });
  }

  async setMode(sessionId: string, mode: ScreenModeT): Promise<SessionStateT> {
    const s = await this.byId(sessionId);
    await this.update(s, { mode });
    return this.publish({ ...s, mode });
  }

  /** Consent and its withdrawal are recorded (who, when, which text version), never what was said. */
  async consent(input: SessionConsentT, actor: AuditActor): Promise<SessionStateT> {
    const s = await this.byId(input.sessionId);
    const at = this.now();
    const given = input.decision === 'given';
    const keep = given && input.keep;
    if (!given) this.pipeline.abortAll(s.id);
    await this.update(s, { consent_status: input.decision, consent_keep: keep ? 1 : 0, consent_version: input.textVersion, consent_at: at });
    await appendAudit(this.opts.db, {
      actor,
      action: given ? 'consent.given' : 'consent.withdrawn',
      subject: s.id,
      details: { sessionId: s.id, kept: keep, version: input.textVersion.replace(/[^A-Za-z0-9._-]/g, '_'), kind: input.decision },
    });
    return this.publish({
      ...s,
      consent: { status: input.decision, keep, textVersion: input.textVersion, at },
      capture: { ...s.capture, active: given ? s.capture.active : false },
    });
  }

  /** No consent, no microphone: capture can only be switched on after the citizen agreed. */
  async capture(sessionId: string, active: boolean, speaker: SpeakerT): Promise<SessionStateT> {
    const s = await this.byId(sessionId);
    if (active && s.consent.status !== 'given') throw new DomainError('CONSENT_REQUIRED', 'the citizen has not agreed to transcription');
    if (!active || speaker !== s.capture.speaker) this.pipeline.abortAll(s.id);
    return this.publish({ ...s, capture: { active, speaker } });
  }

  async say(sessionId: string, speaker: SpeakerT, text: string): Promise<TranscriptLineT> {
    return this.addLine(await this.byId(sessionId), speaker, 'typed', text.trim(), null);
  }

  async phrase(sessionId: string, phraseId: string): Promise<TranscriptLineT> {
    const s = await this.byId(sessionId);
    const phrase = findPhrase(phraseId);
    if (!phrase) throw new DomainError('NOT_FOUND', `no phrase ${phraseId}`);
    const line: TranscriptLineT = {
      id: ulid(), speaker: 'clerk', source: 'phrase', language: s.clerkLanguage, text: phrase.text[s.clerkLanguage],
      translationLanguage: s.citizenLanguage, translation: phrase.text[s.citizenLanguage], translationKind: 'reviewed', engine: 'phrasebook', at: this.now(),
    };
    return this.storeLine(s, line);
  }

  /** Ends the session; the transcript is deleted at once unless the citizen agreed to keep it. */
  async end(sessionId: string, actor: AuditActor): Promise<SessionStateT> {
    const s = await this.byId(sessionId);
    this.pipeline.abortAll(s.id);
    const at = this.now();
    const keep = s.consent.status === 'given' && s.consent.keep;
    const keepUntil = keep ? new Date(Date.parse(at) + Math.min(30, this.opts.keepDays ?? 30) * 86_400_000).toISOString() : null;
    const deleted = keep ? 0 : await deleteLines(this.opts.db, s.id);
    await this.update(s, { ended_at: at, keep_until: keepUntil });
    await appendAudit(this.opts.db, { actor, action: 'session.ended', subject: s.id, details: { sessionId: s.id, kept: keep, count: deleted } });
    const ended = { ...s, endedAt: at, capture: { ...s.capture, active: false }, lines: keep ? s.lines : [] };
    this.live.delete(s.counterId);
    this.opts.emit.state(ended);
    this.opts.emit.closed(s.counterId, s.id);
    return ended;
  }

  /** A frame of the current speaker's audio; refused without consent or while capture is off. */
  async pushAudio(sessionId: string, pcm: Int16Array): Promise<void> {
    const s = await this.byId(sessionId);
    if (s.consent.status !== 'given') throw new DomainError('CONSENT_REQUIRED', 'no audio before the citizen has agreed');
    if (!s.capture.active) throw new DomainError('CONFLICT', 'capture is paused');
    const language = s.capture.speaker === 'clerk' ? s.clerkLanguage : s.citizenLanguage;
    this.pipeline.push(s, s.capture.speaker, language, pcm);
  }

  async endAudio(sessionId: string): Promise<boolean> {
    await this.byId(sessionId);
    return this.pipeline.end(sessionId);
  }

  async endForTicket(ticketId: string, ticketStatus: string): Promise<void> {
    if (ticketStatus === 'called') return;
    for (const s of this.live.values()) if (s.ticketId === ticketId) await this.end(s.id, 'system');
  }

  private async addLine(s: SessionStateT, speaker: SpeakerT, source: 'speech' | 'typed', text: string, engine: string | null): Promise<TranscriptLineT> {
    const from = speaker === 'clerk' ? s.clerkLanguage : s.citizenLanguage;
    const to = speaker === 'clerk' ? s.citizenLanguage : s.clerkLanguage;
    const t = await translateText(this.opts.engines, text, from, to);
    if (t.kind === 'none' && t.translation === null && from.split('-')[0] !== to.split('-')[0]) {
      this.opts.emit.notice(s.counterId, { sessionId: s.id, code: 'NO_ENGINE', message: `no translation engine for ${from} → ${to} is installed: use the phrasebook` });
    }
    const line: TranscriptLineT = {
      id: ulid(), speaker, source, language: from, text, translationLanguage: to, translation: t.translation,
      translationKind: t.kind, engine: t.engine ?? engine, at: this.now(),
    };
    this.pipeline.recordTranslation(t.engineMs);
    return this.storeLine(s, line);
  }

  private async storeLine(s: SessionStateT, line: TranscriptLineT): Promise<TranscriptLineT> {
    const current = this.live.get(s.counterId) ?? s;
    if (current.id !== s.id || current.endedAt) throw new DomainError('CONFLICT', 'this session has ended');
    await saveLine(this.opts.db, this.opts.dataKey, s.id, line);
    this.live.set(s.counterId, { ...current, lines: [...current.lines, line] });
    this.opts.emit.final(s.counterId, { ...line, sessionId: s.id });
    return line;
  }

  private async update(s: SessionStateT, patch: Partial<ConversationSessionsTable>) {
    await sessionDb(this.opts.db).updateTable('conversation_sessions').set(patch).where('id', '=', s.id).execute();
  }

  private withEngines(state: SessionStateT): SessionStateT {
    const engines = this.opts.engines;
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

  /** Stores the new state (keeping lines added meanwhile) and sends it to the counter's session room. */
  private publish(state: SessionStateT): SessionStateT {
    const current = this.live.get(state.counterId);
    const fresh = this.withEngines({ ...state, lines: current?.id === state.id ? current.lines : state.lines });
    this.live.set(state.counterId, fresh);
    this.opts.emit.state(fresh);
    return fresh;
  }

  private fromRow(row: ConversationSessionsTable, lines: TranscriptLineT[]): SessionStateT {
    const state: SessionStateT = {
      id: row.id, counterId: row.counter_id, ticketId: row.ticket_id, ticketNumber: row.ticket_number,
      clerkLanguage: row.clerk_language as LanguageCode, citizenLanguage: row.citizen_language as LanguageCode,
      mode: row.mode as ScreenModeT,
      consent: { status: row.consent_status as SessionStateT['consent']['status'], keep: row.consent_keep === 1, textVersion: row.consent_version, at: row.consent_at },
      capture: { active: false, speaker: 'clerk' }, engines: { clerkSpeech: false, citizenSpeech: false, toCitizen: false, toClerk: false },
      lines, startedAt: row.started_at, endedAt: row.ended_at,
    };
    return state;
  }
}
