/**
 * CSV for a translation agency: one row per phrase, per language its text, reviewer and review date (so a
 * reviewed file coming back records who checked what). Import checks every row before anything is stored.
 */
import { Value } from '@sinclair/typebox/value';
import { LANGUAGE_CODES } from '../languages.ts';
import { PhraseRecord, SLOT_TYPES, type PhraseRecordT } from './schema.ts';
import { fromRecord } from './build.ts';
import { phraseProblems } from './check.ts';

const BASE = ['id', 'group', 'direction', 'slots', 'quick', 'alert'] as const;
export const CSV_COLUMNS = [...BASE, ...LANGUAGE_CODES.flatMap((c) => [c, `${c} reviewer`, `${c} reviewed on`])];

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

export function phrasesToCsv(records: readonly PhraseRecordT[]): string {
  const rows = records.map((r) => {
    const slots = Object.entries(r.slots ?? {}).map(([n, t]) => `${n}:${t}`).join(' ');
    const base = [r.id, r.group, r.direction, slots, r.quick ? 'yes' : '', r.alert ?? ''];
    const text = r.text as Record<string, string | undefined>;
    const reviews = r.reviews as Record<string, { reviewer: string; date: string } | undefined>;
    const langs = LANGUAGE_CODES.flatMap((c) => [text[c] ?? '', reviews[c]?.reviewer ?? '', reviews[c]?.date ?? '']);
    return [...base, ...langs].map(quote).join(',');
  });
  // The BOM makes spreadsheet programs read the file as UTF-8 (Arabic, Tigrinya …).
  return `\uFEFF${[CSV_COLUMNS.map(quote).join(','), ...rows].join('\r\n')}\r\n`;
}

/** RFC 4180 rows (quoted fields, "" inside quotes, CRLF or LF). */
function parseRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === ';') (row.push(field), (field = ''));
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

export interface CsvImport {
  records: PhraseRecordT[];
  /** Line numbers as a spreadsheet shows them (the header is line 1). */
  errors: { line: number; message: string }[];
}

export function phrasesFromCsv(text: string): CsvImport {
  const rows = parseRows(text.replace(/^\uFEFF/, ''));
  const header = rows.shift()?.map((h) => h.trim()) ?? [];
  const errors: CsvImport['errors'] = [];
  for (const col of ['id', 'group', 'direction', 'de']) if (!header.includes(col)) errors.push({ line: 1, message: `column "${col}" is missing` });
  if (errors.length) return { records: [], errors };
  const records: PhraseRecordT[] = [];
  const seen = new Set<string>();
  rows.forEach((cells, i) => {
    const line = i + 2;
    const get = (col: string) => (header.indexOf(col) >= 0 ? (cells[header.indexOf(col)] ?? '').trim() : '');
    const slots: Record<string, string> = {};
    for (const part of get('slots').split(/\s+/).filter(Boolean)) {
      const [name, type] = part.split(':');
      if (!name || !(SLOT_TYPES as readonly string[]).includes(type)) errors.push({ line, message: `slot "${part}" is not name:type (types: ${SLOT_TYPES.join(', ')})` });
      else slots[name] = type;
    }
    const text: Record<string, string> = {};
    const reviews: Record<string, { reviewer: string; date: string }> = {};
    for (const c of LANGUAGE_CODES) {
      if (get(c)) text[c] = get(c);
      const reviewer = get(`${c} reviewer`);
      const date = get(`${c} reviewed on`);
      if (reviewer || date) {
        if (!reviewer || !/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.push({ line, message: `${c}: a review needs a reviewer and a date (YYYY-MM-DD)` });
        else if (!text[c]) errors.push({ line, message: `${c}: a review without a text` });
        else reviews[c] = { reviewer, date };
      }
    }
    const record = {
      id: get('id'), group: get('group'), direction: get('direction'), ...(Object.keys(slots).length ? { slots } : {}),
      ...(/^(yes|ja|1|true)$/i.test(get('quick')) ? { quick: true } : {}), ...(get('alert') ? { alert: get('alert') } : {}), text, reviews,
    };
    if (!Value.Check(PhraseRecord, record)) {
      const first = [...Value.Errors(PhraseRecord, record)][0];
      errors.push({ line, message: `${record.id || '(no id)'}: ${first ? `${first.path} ${first.message}` : 'invalid'}` });
      return;
    }
    const checked = record as unknown as PhraseRecordT;
    if (seen.has(checked.id)) errors.push({ line, message: `${checked.id} appears twice` });
    seen.add(checked.id);
    for (const problem of phraseProblems(fromRecord(checked), false)) errors.push({ line, message: problem });
    records.push(checked);
  });
  return { records, errors };
}
