import type { KeyObject } from 'node:crypto';
import type { TranscriptLineT } from '@lotse/shared';
import { decryptField, encryptField, type DataKey } from '../crypto/fieldCrypto.ts';
import type { Db } from '../storage/db.ts';
import type { TranscriptLinesTable } from '../storage/schema.ts';

export type FieldKey = DataKey | KeyObject;

/** The row id binds each ciphertext to its row: a ciphertext copied elsewhere does not decrypt. */
const aad = (lineId: string, field: string) => `transcript_lines.${field}:${lineId}`;

export async function saveLine(db: Db, key: FieldKey, sessionId: string, line: TranscriptLineT): Promise<void> {
  const row: TranscriptLinesTable = {
    id: line.id,
    session_id: sessionId,
    speaker: line.speaker,
    source: line.source,
    language: line.language,
    text_enc: encryptField(key, line.text, aad(line.id, 'text')),
    translation_language: line.translationLanguage,
    translation_enc: line.translation === null ? null : encryptField(key, line.translation, aad(line.id, 'translation')),
    translation_kind: line.translationKind,
    engine: line.engine,
    at: line.at,
    ...(line.phraseId ? { phrase_id: line.phraseId, reviewer: line.review?.reviewer ?? null, reviewed_on: line.review?.date ?? null } : {}),
  };
  await db.insertInto('transcript_lines').values(row).execute();
}

export async function loadLines(db: Db, key: FieldKey, sessionId: string): Promise<TranscriptLineT[]> {
  const rows = await db.selectFrom('transcript_lines').selectAll().where('session_id', '=', sessionId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    speaker: r.speaker as TranscriptLineT['speaker'],
    source: r.source as TranscriptLineT['source'],
    language: r.language as TranscriptLineT['language'],
    text: decryptField(key, r.text_enc, aad(r.id, 'text')),
    translationLanguage: r.translation_language as TranscriptLineT['translationLanguage'],
    translation: r.translation_enc === null ? null : decryptField(key, r.translation_enc, aad(r.id, 'translation')),
    translationKind: r.translation_kind as TranscriptLineT['translationKind'],
    engine: r.engine,
    at: r.at,
    ...(r.phrase_id ? { phraseId: r.phrase_id } : {}),
    ...(r.reviewer && r.reviewed_on ? { review: { reviewer: r.reviewer, date: r.reviewed_on } } : {}),
  }));
}

export async function deleteLines(db: Db, sessionId: string): Promise<number> {
  const res = await db.deleteFrom('transcript_lines').where('session_id', '=', sessionId).executeTakeFirst();
  return Number(res.numDeletedRows);
}
