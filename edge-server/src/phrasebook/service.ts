import { DomainError, type LanguageCode, type SessionNoticeT, type SessionStateT, type SpeakerT, type TranscriptLineT } from '@lotse/shared';
import {
  PHRASEBOOK, fromRecord, mergeOffice, renderPhrase, reviewOf, toRecord,
  type OfficePhrasebookT, type Phrase, type PhraseRecordT, type RenderContext, type SlotValuesT,
} from '@lotse/shared/phrasebook';
import type { Db } from '../storage/db.ts';
import { baseLanguage } from '../speech/types.ts';
import { documentName } from './documents.ts';
import { countPhraseUse, deleteOfficePhraseRow, officePhraseRows, phraseUses, saveOfficePhraseRow } from './repository.ts';

export interface PhrasebookServiceOptions {
  db: Db;
  now?: () => Date;
}

/** A phrasebook line's fields (id and time are the session's). */
export type PhraseLine = Omit<TranscriptLineT, 'id' | 'at'>;

/**
 * The office's phrasebook on the server: the shipped set with this office's own phrases over it (from the
 * database), the phrase lines said in sessions, and how often each phrase was used per service.
 */
export class PhrasebookService {
  private office: OfficePhrasebookT | undefined;

  constructor(private readonly opts: PhrasebookServiceOptions) {}

  /** The office's part, read once and kept until it changes here. */
  async officePart(): Promise<Pick<OfficePhrasebookT, 'phrases' | 'hidden'>> {
    if (!this.office) {
      const rows = await officePhraseRows(this.opts.db);
      this.office = {
        phrases: rows.filter((r) => !r.hidden).map((r) => ({
          id: r.id, group: r.group_id as PhraseRecordT['group'], direction: r.direction as PhraseRecordT['direction'],
          ...(r.slots !== '{}' ? { slots: JSON.parse(r.slots) as PhraseRecordT['slots'] } : {}),
          ...(r.quick ? { quick: true } : {}), ...(r.alert ? { alert: r.alert as 'interpreter' } : {}),
          text: JSON.parse(r.texts) as PhraseRecordT['text'], reviews: JSON.parse(r.reviews) as PhraseRecordT['reviews'],
        })),
        hidden: rows.filter((r) => r.hidden).map((r) => r.id),
        uses: {},
      };
    }
    return this.office;
  }

  async all(): Promise<Phrase[]> {
    return mergeOffice(PHRASEBOOK, await this.officePart());
  }

  async find(id: string): Promise<Phrase | undefined> {
    return (await this.all()).find((p) => p.id === id);
  }

  /** What a client merges over its own copy of the shipped set, with the uses for the session's service. */
  async forClient(serviceId?: string): Promise<OfficePhrasebookT> {
    return { ...(await this.officePart()), uses: serviceId ? await phraseUses(this.opts.db, serviceId) : {} };
  }

  async save(record: PhraseRecordT, by: string): Promise<Phrase> {
    const phrase = fromRecord(record);
    await saveOfficePhraseRow(this.opts.db, {
      id: record.id, group_id: record.group, direction: record.direction, slots: JSON.stringify(record.slots ?? {}),
      quick: record.quick ? 1 : 0, alert: record.alert ?? null, texts: JSON.stringify(record.text), reviews: JSON.stringify(record.reviews),
      hidden: 0, updated_at: this.nowIso(), updated_by: by,
    });
    this.office = undefined;
    return phrase;
  }

  /** Hides a shipped phrase, or deletes an office one; a hidden shipped phrase comes back with `restore`. */
  async remove(id: string, by: string): Promise<void> {
    const shipped = PHRASEBOOK.find((p) => p.id === id);
    if (shipped) {
      await saveOfficePhraseRow(this.opts.db, { ...this.rowOf(shipped, by), hidden: 1 });
    } else if ((await deleteOfficePhraseRow(this.opts.db, id)) === 0) {
      throw new DomainError('NOT_FOUND', `no phrase ${id}`);
    }
    this.office = undefined;
  }

  /** A shipped phrase back as shipped (the office's change or hiding removed). */
  async restore(id: string): Promise<void> {
    if (!PHRASEBOOK.some((p) => p.id === id)) throw new DomainError('NOT_FOUND', `no shipped phrase ${id}`);
    await deleteOfficePhraseRow(this.opts.db, id);
    this.office = undefined;
  }

  private rowOf(p: Phrase, by: string) {
    const r = toRecord(p);
    return {
      id: r.id, group_id: r.group, direction: r.direction, slots: JSON.stringify(r.slots ?? {}), quick: r.quick ? 1 : 0, alert: r.alert ?? null,
      texts: JSON.stringify(r.text), reviews: JSON.stringify(r.reviews), hidden: 0, updated_at: this.nowIso(), updated_by: by,
    };
  }

  private nowIso() {
    return (this.opts.now ?? (() => new Date()))().toISOString();
  }

  /**
   * After a phrase line was stored: an alert phrase ("I need an interpreter") tells the desk at once, and the use
   * counts for the ticket's service. A failed count never fails the line the citizen already sees.
   */
  async said(s: SessionStateT, phrase: Phrase, notify: (n: SessionNoticeT) => void): Promise<void> {
    if (phrase.alert === 'interpreter') notify({ sessionId: s.id, code: 'INTERPRETER_REQUESTED', message: 'the citizen asks for an interpreter' });
    try {
      const ticket = await this.opts.db.selectFrom('tickets').select('service_id').where('id', '=', s.ticketId).executeTakeFirst();
      if (ticket) await countPhraseUse(this.opts.db, phrase.id, ticket.service_id);
    } catch {
      // Counting is for ordering suggestions only.
    }
  }

  /** The service of a session's ticket (whose uses order the suggestions). */
  async serviceOf(ticketId: string): Promise<string | undefined> {
    return (await this.opts.db.selectFrom('tickets').select('service_id').where('id', '=', ticketId).executeTakeFirst())?.service_id;
  }

  /**
   * The line a phrase makes in a session: said in the speaker's language, rendered in the other, with the review
   * status of the citizen's language (a clerk's German original is only as good as its translation, and the
   * citizen's phrase reaches the clerk as its German counterpart). Nothing is translated by machine here.
   */
  async line(s: SessionStateT, speaker: SpeakerT, phraseId: string, values: SlotValuesT = {}): Promise<{ line: PhraseLine; phrase: Phrase }> {
    const phrase = await this.find(phraseId);
    if (!phrase) throw new DomainError('NOT_FOUND', `no phrase ${phraseId}`);
    if (phrase.direction !== speaker) throw new DomainError('BAD_REQUEST', `${phraseId} is said by the ${phrase.direction}`);
    const ctx = await this.renderContext(values);
    const from: LanguageCode = speaker === 'clerk' ? s.clerkLanguage : s.citizenLanguage;
    const to: LanguageCode = speaker === 'clerk' ? s.citizenLanguage : s.clerkLanguage;
    const text = renderPhrase(phrase, from, values, ctx);
    const same = from === to || (baseLanguage(from) === baseLanguage(to) && from !== 'de-simple' && to !== 'de-simple');
    const translation = same ? null : renderPhrase(phrase, to, values, ctx);
    const review = reviewOf(phrase, s.citizenLanguage);
    const line: PhraseLine = {
      speaker, source: 'phrase', language: from, text, translationLanguage: to, translation,
      translationKind: same ? 'none' : review.status === 'reviewed' ? 'reviewed' : 'drafted', engine: 'phrasebook', phraseId,
      ...(review.status === 'reviewed' && !same ? { review: { reviewer: review.reviewer, date: review.date } } : {}),
    };
    return { line, phrase };
  }

  private async renderContext(values: SlotValuesT): Promise<RenderContext> {
    const names = new Map<string, string>();
    for (const v of Object.values(values)) {
      if (typeof v === 'string' && /^[a-z]/.test(v) && !v.includes(':')) {
        const row = await this.opts.db.selectFrom('counters').select('name').where('id', '=', v).executeTakeFirst();
        if (row) names.set(v, row.name);
      }
    }
    return { documentName, counterName: (id) => names.get(id) };
  }
}
