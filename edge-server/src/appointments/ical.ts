/**
 * A small, strict iCalendar (RFC 5545) reader for appointment exports of booking systems. It reads only what an
 * appointment needs and never keeps personal fields (SUMMARY text, DESCRIPTION, ATTENDEE, ORGANIZER are dropped).
 *
 * Conventions, per VEVENT:
 * - booking code: `X-LOTSE-CODE` if present; else the UID's part before `@` when it is a booking code
 *   (`AB12-CD34@termine.example` → `AB12-CD34`); else a code in square brackets in SUMMARY (`Termin [AB12-CD34]`).
 *   Codes are compared upper-case.
 * - start: `DTSTART` as UTC (`…Z`), with `TZID=<IANA zone>` (e.g. Europe/Berlin), or floating (office time zone).
 *   All-day dates (`VALUE=DATE`) are refused: an appointment has a time.
 * - length: `DTEND` (same forms) or `DURATION` (`PT30M`, `PT1H15M`); one of them is required.
 * - service: `X-LOTSE-SERVICE`, else the first `CATEGORIES` value that is a known service id (case-insensitive).
 * - language (optional): `X-LOTSE-LANGUAGE` with a catalogue code.
 * - `STATUS:CANCELLED` events are returned as cancellations.
 * Every problem is reported with its line number; nothing is imported when there is one.
 */
import { isLanguageCode, type AppointmentT, type LanguageCode } from '@lotse/shared';

export interface IcalOptions {
  /** Known service ids. */
  serviceIds: readonly string[];
  /** Zone of floating times. */
  timeZone: string;
}

export interface IcalResult {
  appointments: AppointmentT[];
  /** Booking codes of cancelled events. */
  cancelled: string[];
}

export class IcalError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid iCalendar: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`);
    this.name = 'IcalError';
  }
}

interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
  line: number;
}

const CODE = /^[A-Za-z0-9-]{4,32}$/;
const NAME = /^[A-Za-z0-9-]+$/;
const MAX_LINES = 200_000;

/** Joins folded lines (CRLF or LF followed by a space or tab) and remembers where each logical line started. */
export function unfold(text: string): { text: string; line: number }[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (physical.length > MAX_LINES) throw new IcalError([`more than ${MAX_LINES} lines`]);
  const out: { text: string; line: number }[] = [];
  physical.forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && out.length) out[out.length - 1].text += raw.slice(1);
    else if (raw.length) out.push({ text: raw, line: i + 1 });
  });
  return out;
}

/** `NAME;P1=a;P2="b;c":value` → parts; undefined when the line has no valid shape. */
export function parseLine(text: string, line: number): Prop | undefined {
  let i = 0;
  const readName = () => {
    const start = i;
    while (i < text.length && /[A-Za-z0-9-]/.test(text[i])) i++;
    return text.slice(start, i);
  };
  const name = readName();
  if (!name) return undefined;
  const params: Record<string, string> = {};
  while (text[i] === ';') {
    i++;
    const key = readName();
    if (!key || text[i] !== '=') return undefined;
    i++;
    let value = '';
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return undefined;
      value = text.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < text.length && text[i] !== ';' && text[i] !== ':' && text[i] !== '"') i++;
      value = text.slice(start, i);
    }
    params[key.toUpperCase()] = value;
  }
  if (text[i] !== ':') return undefined;
  return { name: name.toUpperCase(), params, value: text.slice(i + 1), line };
}

/** Text value escapes: `\\n`, `\\,`, `\\;`, `\\\\`. */
function unescapeText(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a list value on commas that are not escaped. */
function splitList(value: string): string[] {
  return value.split(/(?<!\\),/).map((v) => unescapeText(v).trim()).filter(Boolean);
}

/** Parses a calendar; throws IcalError listing every problem by line. */
export function parseAppointmentsIcal(text: string, opts: IcalOptions): IcalResult {
  const problems: string[] = [];
  const lines = unfold(text);
  const stack: { name: string; line: number }[] = [];
  const appointments: AppointmentT[] = [];
  const cancelled: string[] = [];
  let event: Prop[] | undefined;
  let eventLine = 0;
  let calendars = 0;

  for (const { text: raw, line } of lines) {
    const prop = parseLine(raw, line);
    if (!prop) {
      problems.push(`line ${line}: not a "NAME;PARAM=VALUE:value" line: ${JSON.stringify(raw.slice(0, 60))}`);
      continue;
    }
    if (prop.name === 'BEGIN') {
      const comp = prop.value.toUpperCase();
      if (!NAME.test(comp)) problems.push(`line ${line}: BEGIN without a component name`);
      if (stack.length === 0 && comp !== 'VCALENDAR') problems.push(`line ${line}: the file must start with BEGIN:VCALENDAR, not BEGIN:${comp}`);
      if (comp === 'VCALENDAR') {
        if (stack.length) problems.push(`line ${line}: VCALENDAR inside ${stack[stack.length - 1].name}`);
        calendars++;
      }
      if (comp === 'VEVENT') {
        if (stack.length !== 1 || stack[0].name !== 'VCALENDAR') problems.push(`line ${line}: VEVENT must sit directly in VCALENDAR`);
        event = [];
        eventLine = line;
      }
      stack.push({ name: comp, line });
      continue;
    }
    if (prop.name === 'END') {
      const comp = prop.value.toUpperCase();
      const open = stack.pop();
      if (!open) {
        problems.push(`line ${line}: END:${comp} without BEGIN`);
        continue;
      }
      if (open.name !== comp) problems.push(`line ${line}: END:${comp} closes BEGIN:${open.name} of line ${open.line}`);
      if (comp === 'VEVENT' && event) {
        readEvent(event, eventLine, opts, problems, appointments, cancelled);
        event = undefined;
      }
      continue;
    }
    if (stack.length === 0) {
      problems.push(`line ${line}: ${prop.name} outside BEGIN:VCALENDAR … END:VCALENDAR`);
      continue;
    }
    // Properties of the event itself; nested components (VALARM) and VTIMEZONE definitions are not needed.
    if (event && stack[stack.length - 1].name === 'VEVENT') event.push(prop);
  }
  for (const open of stack) problems.push(`line ${open.line}: BEGIN:${open.name} is never closed`);
  if (calendars === 0 && problems.length === 0) problems.push('line 1: no BEGIN:VCALENDAR found');
  const seen = new Map<string, number>();
  appointments.forEach((a) => seen.set(a.code, (seen.get(a.code) ?? 0) + 1));
  for (const [code, n] of seen) if (n > 1) problems.push(`booking code ${code} appears in ${n} events`);
  if (problems.length) throw new IcalError(problems);
  return { appointments, cancelled };
}

function readEvent(props: Prop[], line: number, opts: IcalOptions, problems: string[], out: AppointmentT[], cancelled: string[]) {
  const one = (name: string): Prop | undefined => {
    const found = props.filter((p) => p.name === name);
    if (found.length > 1) problems.push(`line ${found[1].line}: ${name} appears twice in the event of line ${line}`);
    return found[0];
  };
  const before = problems.length;
  const code = bookingCode(one('X-LOTSE-CODE'), one('UID'), one('SUMMARY'), line, problems);
  const status = one('STATUS')?.value.trim().toUpperCase();
  if (status === 'CANCELLED') {
    if (code) cancelled.push(code);
    return;
  }
  const start = dateTime(one('DTSTART'), 'DTSTART', line, opts.timeZone, problems);
  const endProp = one('DTEND');
  const durationProp = one('DURATION');
  let minutes: number | undefined;
  if (endProp && durationProp) problems.push(`line ${durationProp.line}: an event has DTEND or DURATION, not both`);
  else if (endProp) {
    const end = dateTime(endProp, 'DTEND', line, opts.timeZone, problems);
    if (start && end) {
      minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
      if (minutes < 1) problems.push(`line ${endProp.line}: DTEND must be after DTSTART`);
    }
  } else if (durationProp) {
    minutes = duration(durationProp, problems);
  } else problems.push(`line ${line}: the event has neither DTEND nor DURATION`);
  const lengthLine = (endProp ?? durationProp)?.line ?? line;
  if (minutes !== undefined && minutes > 480) problems.push(`line ${lengthLine}: an appointment lasts at most 480 minutes, this one ${minutes}`);
  if (minutes !== undefined && minutes < 1 && durationProp) problems.push(`line ${lengthLine}: DURATION must be at least one minute`);
  const serviceId = service(one('X-LOTSE-SERVICE'), props.filter((p) => p.name === 'CATEGORIES'), line, opts.serviceIds, problems);
  const langProp = one('X-LOTSE-LANGUAGE');
  let language: LanguageCode | undefined;
  if (langProp) {
    const value = langProp.value.trim();
    if (isLanguageCode(value)) language = value;
    else problems.push(`line ${langProp.line}: X-LOTSE-LANGUAGE "${value}" is not a catalogue language`);
  }
  if (problems.length > before || !code || !start || minutes === undefined || !serviceId) return;
  out.push({ code, serviceId, startsAt: start.toISOString(), durationMinutes: minutes, ...(language ? { language } : {}) });
}

function bookingCode(x: Prop | undefined, uid: Prop | undefined, summary: Prop | undefined, line: number, problems: string[]): string | undefined {
  if (x) {
    const value = x.value.trim();
    if (CODE.test(value)) return value.toUpperCase();
    problems.push(`line ${x.line}: X-LOTSE-CODE "${value.slice(0, 40)}" is no booking code (4–32 letters, digits, dashes)`);
    return undefined;
  }
  const local = uid?.value.trim().split('@')[0];
  if (local && CODE.test(local)) return local.toUpperCase();
  const bracketed = summary && /\[([A-Za-z0-9-]{4,32})\]/.exec(unescapeText(summary.value))?.[1];
  if (bracketed) return bracketed.toUpperCase();
  problems.push(`line ${line}: no booking code in the event (X-LOTSE-CODE, a UID like CODE@host, or [CODE] in SUMMARY)`);
  return undefined;
}

function dateTime(prop: Prop | undefined, name: string, eventLine: number, officeZone: string, problems: string[]): Date | undefined {
  if (!prop) {
    problems.push(`line ${eventLine}: the event has no ${name}`);
    return undefined;
  }
  if ((prop.params.VALUE ?? 'DATE-TIME').toUpperCase() !== 'DATE-TIME') {
    problems.push(`line ${prop.line}: ${name} must be a date with time (VALUE=${prop.params.VALUE} is not supported)`);
    return undefined;
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(prop.value.trim());
  if (!m) {
    problems.push(`line ${prop.line}: ${name} "${prop.value.slice(0, 40)}" is not YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ`);
    return undefined;
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) {
    problems.push(`line ${prop.line}: ${name} "${prop.value}" is no calendar date`);
    return undefined;
  }
  if (m[7] === 'Z') {
    if (prop.params.TZID) problems.push(`line ${prop.line}: ${name} has both TZID and a UTC "Z"`);
    return check;
  }
  const zone = prop.params.TZID ?? officeZone;
  try {
    return new Date(zonedToUtc(utc, zone));
  } catch {
    problems.push(`line ${prop.line}: unknown time zone TZID=${zone}`);
    return undefined;
  }
}

/** Offset (ms) of a zone at an instant, from Intl. Throws RangeError for an unknown zone. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** Wall-clock time in a zone (given as if it were UTC) → the instant; DST changes are handled by a second pass. */
export function zonedToUtc(wallAsUtc: number, timeZone: string): number {
  const first = wallAsUtc - zoneOffset(wallAsUtc, timeZone);
  return wallAsUtc - zoneOffset(first, timeZone);
}

function duration(prop: Prop, problems: string[]): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(prop.value.trim());
  if (!m || prop.value.trim() === 'P' || prop.value.trim().endsWith('T')) {
    problems.push(`line ${prop.line}: DURATION "${prop.value.slice(0, 40)}" is not like PT30M`);
    return undefined;
  }
  const [d, h, mi, s] = m.slice(1, 5).map((v) => Number(v ?? 0));
  return d * 1440 + h * 60 + mi + Math.round(s / 60);
}

function service(x: Prop | undefined, categories: Prop[], line: number, known: readonly string[], problems: string[]): string | undefined {
  if (x) {
    const value = x.value.trim().toLowerCase();
    if (known.includes(value)) return value;
    problems.push(`line ${x.line}: X-LOTSE-SERVICE "${x.value.slice(0, 40)}" is no service of this office (${known.join(', ')})`);
    return undefined;
  }
  const values = categories.flatMap((c) => splitList(c.value));
  const hit = values.map((v) => v.toLowerCase()).find((v) => known.includes(v));
  if (hit) return hit;
  problems.push(`line ${categories[0]?.line ?? line}: no service in the event: X-LOTSE-SERVICE or a CATEGORIES value must be one of ${known.join(', ')}`);
  return undefined;
}
