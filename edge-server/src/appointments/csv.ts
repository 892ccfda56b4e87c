/**
 * Appointment lists as CSV (what booking systems and spreadsheets export). First line: column names, separated by
 * `,` or `;` (German spreadsheets); quotes as in RFC 4180. Columns (case-insensitive): `code`, `service`
 * (or `serviceId`), `start` (or `startsAt`: ISO 8601 with offset, or `YYYY-MM-DD HH:MM` / `DD.MM.YYYY HH:MM`
 * in office time), `duration` (minutes) or `end`, optional `language`, optional `status` (`cancelled`,
 * `storniert`). Names and other columns are ignored and never stored.
 */
import { isLanguageCode, type AppointmentT } from '@lotse/shared';
import type { ReadEvent, ReadResult } from './ical.ts';
import { zonedToUtc } from './zones.ts';

const CODE = /^[A-Za-z0-9-]{4,32}$/;
const ALIASES: Record<string, string> = { serviceid: 'service', startsat: 'start', durationminutes: 'duration', endsat: 'end' };

export function splitCsvLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === sep) out.push(cur.trim()), (cur = '');
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function parseTime(value: string, zone: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = /^(?:(\d{4})-(\d{2})-(\d{2})|(\d{2})\.(\d{2})\.(\d{4}))[ T](\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = m[1] ? [m[1], m[2], m[3]].map(Number) : [m[6], m[5], m[4]].map(Number);
  const [h, mi] = [Number(m[7]), Number(m[8])];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  return new Date(zonedToUtc(wall, zone));
}

export function readAppointmentsCsv(text: string, opts: { serviceIds: readonly string[]; timeZone: string }): ReadResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim());
  if (headerAt < 0) return { events: [], fileProblems: ['the file is empty'] };
  const sep = (lines[headerAt].match(/;/g)?.length ?? 0) > (lines[headerAt].match(/,/g)?.length ?? 0) ? ';' : ',';
  const names = splitCsvLine(lines[headerAt], sep).map((n) => n.toLowerCase().replace(/[^a-z]/g, '')).map((n) => ALIASES[n] ?? n);
  const missing = ['code', 'service', 'start'].filter((n) => !names.includes(n));
  if (!names.includes('duration') && !names.includes('end')) missing.push('duration or end');
  if (missing.length) return { events: [], fileProblems: [`line ${headerAt + 1}: the header lacks the column(s) ${missing.join(', ')}`] };
  const events: ReadEvent[] = [];
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    if (i <= headerAt || !raw.trim()) return;
    const line = i + 1;
    const cells = splitCsvLine(raw, sep);
    const get = (n: string) => cells[names.indexOf(n)]?.trim() ?? '';
    const problems: string[] = [];
    const code = get('code').toUpperCase();
    if (!CODE.test(code)) problems.push(`line ${line}: "${code.slice(0, 40)}" is no booking code (4–32 letters, digits, dashes)`);
    const first = seen.get(code);
    if (CODE.test(code) && first !== undefined) problems.push(`line ${line}: booking code ${code} appears again (first in line ${first})`);
    if (CODE.test(code) && first === undefined) seen.set(code, line);
    if (/^(cancel+ed|storniert|abgesagt)$/i.test(get('status'))) {
      events.push(problems.length ? { line, code, problems } : { line, code, cancelled: true, problems });
      return;
    }
    const serviceId = get('service').toLowerCase();
    if (!opts.serviceIds.includes(serviceId)) problems.push(`line ${line}: "${serviceId.slice(0, 40)}" is no service of this office (${opts.serviceIds.join(', ')})`);
    const start = parseTime(get('start'), opts.timeZone);
    if (!start) problems.push(`line ${line}: start "${get('start').slice(0, 30)}" is no date and time (2026-03-10 09:30 or ISO 8601)`);
    let minutes: number | undefined;
    if (get('duration')) {
      minutes = /^\d{1,3}$/.test(get('duration')) ? Number(get('duration')) : undefined;
    } else if (start) {
      const end = parseTime(get('end'), opts.timeZone);
      minutes = end ? Math.round((end.getTime() - start.getTime()) / 60_000) : undefined;
    }
    if (minutes === undefined || minutes < 1 || minutes > 480) problems.push(`line ${line}: the length must be 1–480 minutes (duration, or an end after the start)`);
    const language = get('language');
    if (language && !isLanguageCode(language)) problems.push(`line ${line}: language "${language.slice(0, 20)}" is not a catalogue language`);
    if (problems.length || !start || minutes === undefined) return void events.push({ line, code, problems });
    const appointment: AppointmentT = { code, serviceId, startsAt: start.toISOString(), durationMinutes: minutes, ...(language && isLanguageCode(language) ? { language } : {}) };
    events.push({ line, code, appointment, problems });
  });
  return { events, fileProblems: [] };
}
