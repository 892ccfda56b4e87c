import { monotonicFactory } from 'ulid';
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
import type { SlotValuesT } from '@lotse/shared/phrasebook';
import { PhrasebookService } from '../phrasebook/service.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import { FieldDecryptError } from '../crypto/fieldCrypto.ts';
import type { SpeechEngines } from '../speech/registry.ts';
import { baseLanguage } from '../speech/types.ts';
import { deleteLines, loadLines, saveLine, type FieldKey } from './lines.ts';
import { CitizenAudience, type LineAudience } from './audience.ts';
import type { Db } from '../storage/db.ts';
import type { ConversationSessionsTable } from '../storage/schema.ts';
import { translateText } from './translate.ts';
import { sessionFromRow, withEngines } from './state.ts';
import { Listeners, type Listener } from '../queue/events.ts';
import { SPEECH_BUSY_MESSAGE, SpeechPipeline } from './pipeline.ts';

/** Told after a conversation ended (webhooks follow it); ids and the keep flag only, never what was said. */
export type SessionEvent = { type: 'sessionEnded'; sessionId: string; counterId: string; ticketId: string; endedAt: string; kept: boolean };

/** Line ids sort in the order lines were made, even within one millisecond (transcripts load by them). */
const ulid = monotonicFactory();

export interface SessionEmitter {
  /** `citizens`: the state as citizen screens other than `owner` see it (the owner and the clerk see `state`). */
  state(state: SessionStateT, citizens: { shared: SessionStateT; owner?: string }): void;
  closed(counterId: string, sessionId: string): void;
  partial(counterId: string, partial: CaptionPartialT): void;
  final(counterId: string, line: TranscriptLineT & { sessionId: string }, audience: LineAudience): void;
  notice(counterId: string, notice: SessionNoticeT): void;
}

export interface SessionServiceOptions {
  db: Db;
  dataKey: FieldKey;
  engines?: SpeechEngines;
  emit: SessionEmitter;
  now?: () => Date;
  clerkLanguage?: LanguageCode;
  /** Days a transcript is kept when the citizen agreed (the retention setting; capped at 30). */
  keepDays?: () => Promise<number>;
  phrases?: PhrasebookService;
}

/** Conversations at the counters: one open session per counter, from the call until the clerk ends it. */
export class SessionService {
  private readonly live = new Map<string, SessionStateT>();
  /** Per counter: the tail of its queued session starts and ends (see `serial`). */
  private readonly lifecycle = new Map<string, Promise<void>>();
  readonly pipeline: SpeechPipeline;
  /** Sessions refused for a full recognizer, and whose turn they asked for: admitted when a slot frees. */
  private readonly waitingForSpeech = new Map<string, SpeakerT>();
  readonly audience = new CitizenAudience();
  readonly phrases: PhrasebookService;
  private readonly listeners = new Listeners<SessionEvent>((err) => console.error('a session listener failed', err));

  constructor(private readonly opts: SessionServiceOptions) {
    this.phrases = opts.phrases ?? new PhrasebookService({ db: opts.db, now: opts.now });
    this.pipeline = new SpeechPipeline({
      engines: opts.engines,
      onPartial: (s, p) => opts.emit.partial(s.counterId, p),
      onFinal: async (s, speaker, text, engine) => ({ translateMs: (await this.addTranslatedLine(s, speaker, 'speech', text, engine)).translateMs }),
      onNotice: (s, code, message) => opts.emit.notice(s.counterId, { sessionId: s.id, code, message }),
    });
    if (opts.engines) opts.engines.admission.onAvailable = (sessionId) => this.admitWaiting(sessionId);
  }

  private now() {
    return (this.opts.now ?? (() => new Date()))().toISOString();
  }

  /**
   * Runs the start and end of a counter's sessions one after another. A call and the end of the visit it finished
   * arrive together, and a clerk may press twice: without this, both would end the same session (twice audited)
   * or open two sessions of which one is never ended.
   */
  private serial<T>(counterId: string, run: () => Promise<T>): Promise<T> {
    const result = (this.lifecycle.get(counterId) ?? Promise.resolve()).then(run);
    const tail = result.then(() => undefined, () => undefined);
    this.lifecycle.set(counterId, tail);
    void tail.then(() => {
      if (this.lifecycle.get(counterId) === tail) this.lifecycle.delete(counterId);
    });
    return result;
  }

  /** A call opens a new session at that counter (ending the previous one); a recall keeps it. */
  openForCall(call: CallT): Promise<SessionStateT | undefined> {
    if (call.recall) return this.get(call.counterId);
    return this.serial(call.counterId, () => this.open(call));
  }

  private async open(call: CallT): Promise<SessionStateT> {
    const previous = await this.get(call.counterId);
    if (previous) await this.close(previous, 'system');
    const at = this.now();
    const clerkLanguage = this.opts.clerkLanguage ?? 'de';
    const row: ConversationSessionsTable = {
      id: ulid(), counter_id: call.counterId, ticket_id: call.ticketId, ticket_number: call.ticketNumber,
      clerk_language: clerkLanguage, citizen_language: call.language, mode: previous?.mode ?? 'single',
      consent_status: 'pending', consent_keep: 0, consent_version: CONSENT_TEXT_VERSION, consent_at: null, consent_device_id: null,
      started_at: at, ended_at: null, keep_until: null,
    };
    await this.opts.db.insertInto('conversation_sessions').values(row).execute();
    const state = withEngines(sessionFromRow(row, []), this.opts.engines);
    this.live.set(call.counterId, state);
    this.emitState(state);
    await appendAudit(this.opts.db, { actor: 'system', action: 'session.started', subject: row.id, details: { counterId: call.counterId, ticketId: call.ticketId, language: call.language } });
    return state;
  }

  /** The open session of a counter, from memory or (after a restart) from the database. */
  async get(counterId: string): Promise<SessionStateT | undefined> {
    const cached = this.live.get(counterId);
    if (cached) return cached;
    const row = await this.opts.db.selectFrom('conversation_sessions').selectAll().where('counter_id', '=', counterId).where('ended_at', 'is', null).orderBy('started_at', 'desc').executeTakeFirst();
    if (!row) return undefined;
    let lines: TranscriptLineT[];
    try {
      lines = await loadLines(this.opts.db, this.opts.dataKey, row.id);
    } catch (err) {
      if (!(err instanceof FieldDecryptError)) throw err;
      // Lines written with another data key: end that session rather than block the counter for good (issue 10 §4).
      console.warn(`session ${row.id} at counter ${counterId}: transcript unreadable with this data key, session ended`);
      await this.opts.db.updateTable('conversation_sessions').set({ ended_at: this.now() }).where('id', '=', row.id).execute();
      await appendAudit(this.opts.db, { actor: 'system', action: 'session.ended', subject: row.id, details: { sessionId: row.id, reason: 'unreadable' } });
      return this.get(counterId);
    }
    const state = withEngines(sessionFromRow(row, lines), this.opts.engines);
    this.audience.restore(state, row.consent_device_id);
    this.live.set(counterId, state);
    return state;
  }

  async byId(sessionId: string): Promise<SessionStateT> {
    for (const s of this.live.values()) if (s.id === sessionId) return s;
    const row = await this.opts.db.selectFrom('conversation_sessions').select(['counter_id', 'ended_at']).where('id', '=', sessionId).executeTakeFirst();
    const state = row && !row.ended_at ? await this.get(row.counter_id) : undefined;
    if (!state || state.id !== sessionId) throw new DomainError('NOT_FOUND', `no open session ${sessionId}`);
    return state;
  }

  async setLanguage(sessionId: string, language: LanguageCode): Promise<SessionStateT> {
    const s = await this.byId(sessionId);
    this.pipeline.abortAll(s.id);
    this.releaseSpeech(s.id);
    await this.update(s, { citizen_language: language });
    return this.publish(s, (c) => ({ citizenLanguage: language, capture: { ...c.capture, active: false } }));
  }

  async setMode(sessionId: string, mode: ScreenModeT): Promise<SessionStateT> {
    const s = await this.byId(sessionId);
    await this.update(s, { mode });
    return this.publish(s, () => ({ mode }));
  }

  /**
   * Consent and its withdrawal are recorded (who, when, which text version), never what was said. Only the text
   * the screens show now can be agreed to. `deviceId`: the screen that answered; the first to answer becomes the
   * session's citizen screen (see audience.ts).
   */
  async consent(input: SessionConsentT, actor: AuditActor, deviceId: string): Promise<SessionStateT> {
    const s = await this.byId(input.sessionId);
    if (input.decision === 'given' && input.textVersion !== CONSENT_TEXT_VERSION) {
      throw new DomainError('CONSENT_TEXT_OUTDATED', `consent can only be given to the current text (${CONSENT_TEXT_VERSION}): reload the screen`);
    }
    const owner = this.audience.answeredBy(s.id, deviceId);
    const at = this.now();
    const given = input.decision === 'given';
    const keep = given && input.keep;
    if (!given) {
      this.pipeline.abortAll(s.id);
      this.releaseSpeech(s.id);
    }
    await this.update(s, { consent_status: input.decision, consent_keep: keep ? 1 : 0, consent_version: input.textVersion, consent_at: at, consent_device_id: owner });
    await appendAudit(this.opts.db, {
      actor,
      action: given ? 'consent.given' : 'consent.withdrawn',
      subject: s.id,
      details: { sessionId: s.id, kept: keep, version: input.textVersion.replace(/[^A-Za-z0-9._-]/g, '_'), kind: input.decision },
    });
    return this.publish(s, (c) => ({
      consent: { status: input.decision, keep, textVersion: input.textVersion, at },
      capture: { ...c.capture, active: given ? c.capture.active : false },
    }));
  }

  /** No consent, no microphone: capture can only be switched on after the citizen agreed. */
  async capture(sessionId: string, active: boolean, speaker: SpeakerT): Promise<SessionStateT> {
    const s = await this.byId(sessionId);
    if (active && s.consent.status !== 'given') throw new DomainError('CONSENT_REQUIRED', 'the citizen has not agreed to transcription');
    if (!active || speaker !== s.capture.speaker) this.pipeline.abortAll(s.id);
    if (active) this.admitSpeech(s, speaker);
    else this.releaseSpeech(s.id);
    return this.publish(s, () => ({ capture: { active, speaker } }));
  }

  /**
   * A live stream needs a slot of its recognizer. Beyond capacity the capture is refused plainly, both sides are
   * told, and the session waits in line: it is switched on by itself as soon as a slot frees (`admitWaiting`).
   * Without a recognizer for the language nothing is held (audio is then refused with NO_ENGINE, as before).
   */
  private admitSpeech(s: SessionStateT, speaker: SpeakerT): void {
    const recognizer = this.opts.engines?.recognizerFor(speaker === 'clerk' ? s.clerkLanguage : s.citizenLanguage);
    if (!recognizer || this.opts.engines!.admission.acquire(s.id, recognizer)) {
      this.waitingForSpeech.delete(s.id);
      return;
    }
    this.waitingForSpeech.set(s.id, speaker);
    this.opts.emit.notice(s.counterId, { sessionId: s.id, code: 'SPEECH_BUSY', message: SPEECH_BUSY_MESSAGE });
    throw new DomainError('SPEECH_BUSY', SPEECH_BUSY_MESSAGE);
  }

  private releaseSpeech(sessionId: string): void {
    this.waitingForSpeech.delete(sessionId);
    this.opts.engines?.admission.release(sessionId);
  }

  /** A slot freed: the waiting session takes it (synchronously, so the next in line is not offered the same slot). */
  private admitWaiting(sessionId: string): void {
    const speaker = this.waitingForSpeech.get(sessionId);
    const s = [...this.live.values()].find((x) => x.id === sessionId);
    if (!speaker || !s || s.endedAt || s.consent.status !== 'given') {
      this.waitingForSpeech.delete(sessionId);
      return;
    }
    const recognizer = this.opts.engines?.recognizerFor(speaker === 'clerk' ? s.clerkLanguage : s.citizenLanguage);
    if (!recognizer || !this.opts.engines!.admission.acquire(sessionId, recognizer)) return;
    this.waitingForSpeech.delete(sessionId);
    this.opts.emit.notice(s.counterId, { sessionId, code: 'SPEECH_ADMITTED', message: 'speech recognition is free again: the microphone is on' });
    this.publish(s, () => ({ capture: { active: true, speaker } }));
  }

  async say(sessionId: string, speaker: SpeakerT, text: string): Promise<TranscriptLineT> {
    return this.addLine(await this.byId(sessionId), speaker, 'typed', text.trim(), null);
  }

  /** A phrasebook line of either side, its slots filled (see phrasebook/service.ts); an alert phrase tells the desk at once. */
  async phrase(sessionId: string, phraseId: string, speaker: SpeakerT = 'clerk', slots: SlotValuesT = {}): Promise<TranscriptLineT> {
    const s = await this.byId(sessionId);
    const { line, phrase } = await this.phrases.line(s, speaker, phraseId, slots);
    const stored = await this.storeLine(s, { id: ulid(), ...line, at: this.now() });
    await this.phrases.said(s, phrase, (notice) => this.opts.emit.notice(s.counterId, notice));
    return stored;
  }

  /** Ends the session; the transcript is deleted at once unless the citizen agreed to keep it. */
  async end(sessionId: string, actor: AuditActor): Promise<SessionStateT> {
    const { counterId } = await this.byId(sessionId);
    // Looked up again in turn: a call or another end may have closed it meanwhile (then NOT_FOUND).
    return this.serial(counterId, async () => this.close(await this.byId(sessionId), actor));
  }

  private async close(s: SessionStateT, actor: AuditActor): Promise<SessionStateT> {
    this.pipeline.abortAll(s.id);
    this.releaseSpeech(s.id);
    const at = this.now();
    const keep = s.consent.status === 'given' && s.consent.keep;
    const keepDays = Math.min(30, (await this.opts.keepDays?.()) ?? 30);
    const keepUntil = keep ? new Date(Date.parse(at) + keepDays * 86_400_000).toISOString() : null;
    const deleted = keep ? 0 : await deleteLines(this.opts.db, s.id);
    await this.update(s, { ended_at: at, keep_until: keepUntil });
    const ended = { ...s, endedAt: at, capture: { ...s.capture, active: false }, lines: keep ? s.lines : [] };
    // Ended in the database: forget it and tell the room before the audit write, which may fail on its own.
    if (this.live.get(s.counterId)?.id === s.id) this.live.delete(s.counterId);
    this.emitState(ended);
    this.audience.forget(s.id);
    this.opts.emit.closed(s.counterId, s.id);
    this.listeners.publish({ type: 'sessionEnded', sessionId: s.id, counterId: s.counterId, ticketId: s.ticketId, endedAt: at, kept: keep });
    await appendAudit(this.opts.db, { actor, action: 'session.ended', subject: s.id, details: { sessionId: s.id, kept: keep, count: deleted } });
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

  /**
   * The ticket's visit is over (finished, no-show): its open session ends. Looked up in the database too, so a
   * session opened before a restart (not in memory yet) does not stay open with its transcript.
   */
  subscribe(listener: Listener<SessionEvent>): () => void {
    return this.listeners.subscribe(listener);
  }

  async endForTicket(ticketId: string, ticketStatus: string): Promise<void> {
    if (ticketStatus === 'called') return;
    const ids = new Set([...this.live.values()].filter((s) => s.ticketId === ticketId).map((s) => s.id));
    const open = await this.opts.db.selectFrom('conversation_sessions').select('id').where('ticket_id', '=', ticketId).where('ended_at', 'is', null).execute();
    for (const row of open) ids.add(row.id);
    for (const id of ids) {
      try {
        await this.end(id, 'system');
      } catch (err) {
        // Ended meanwhile by the next call at that counter: nothing left to do.
        if (!(err instanceof DomainError && err.code === 'NOT_FOUND')) throw err;
      }
    }
  }

  private async addLine(s: SessionStateT, speaker: SpeakerT, source: 'speech' | 'typed', text: string, engine: string | null): Promise<TranscriptLineT> {
    return (await this.addTranslatedLine(s, speaker, source, text, engine)).line;
  }

  /** Translates and stores a line; answers with the line's own translation time (for the pipeline's timings). */
  private async addTranslatedLine(s: SessionStateT, speaker: SpeakerT, source: 'speech' | 'typed', text: string, engine: string | null) {
    const from = speaker === 'clerk' ? s.clerkLanguage : s.citizenLanguage;
    const to = speaker === 'clerk' ? s.citizenLanguage : s.clerkLanguage;
    const t = await translateText(this.opts.engines, text, from, to);
    if (t.kind === 'none' && t.translation === null && baseLanguage(from) !== baseLanguage(to)) {
      this.opts.emit.notice(s.counterId, { sessionId: s.id, code: 'NO_ENGINE', message: `no translation engine for ${from} → ${to} is installed: use the phrasebook` });
    }
    const line: TranscriptLineT = {
      id: ulid(), speaker, source, language: from, text, translationLanguage: to, translation: t.translation,
      translationKind: t.kind, engine: t.engine ?? engine, at: this.now(),
    };
    return { line: await this.storeLine(s, line), translateMs: t.engineMs };
  }

  /**
   * Stores a line of the still open session. In turn with the session's end (a final may come back from the
   * engine after the clerk ended the visit), so no line is written after its session's lines were deleted.
   */
  private storeLine(s: SessionStateT, line: TranscriptLineT): Promise<TranscriptLineT> {
    return this.serial(s.counterId, async () => {
      this.openState(s);
      await saveLine(this.opts.db, this.opts.dataKey, s.id, line);
      const current = this.openState(s);
      this.live.set(s.counterId, { ...current, lines: [...current.lines, line] });
      this.opts.emit.final(s.counterId, { ...line, sessionId: s.id }, this.audience.lineMade(current, line));
      return line;
    });
  }

  /** The session as it is now in memory; CONFLICT when it has ended (or another call replaced it) meanwhile. */
  private openState(s: SessionStateT): SessionStateT {
    const current = this.live.get(s.counterId);
    if (!current || current.id !== s.id || current.endedAt) throw new DomainError('CONFLICT', 'this session has ended');
    return current;
  }

  private async update(s: SessionStateT, patch: Partial<ConversationSessionsTable>) {
    await this.opts.db.updateTable('conversation_sessions').set(patch).where('id', '=', s.id).execute();
  }

  /**
   * Applies a change to the session's current state (not to the copy the caller read before its awaits, which
   * would undo a consent or lines that came in meanwhile) and sends it to the counter's session room. An ended
   * session is not brought back to life.
   */
  private publish(s: SessionStateT, change: (current: SessionStateT) => Partial<SessionStateT>): SessionStateT {
    const current = this.openState(s);
    const fresh = withEngines({ ...current, ...change(current) }, this.opts.engines);
    this.live.set(s.counterId, fresh);
    this.emitState(fresh);
    return fresh;
  }

  private emitState(state: SessionStateT): void {
    this.opts.emit.state(state, { shared: this.audience.viewFor(state), owner: this.audience.ownerOf(state.id) });
  }
}
