/**
 * Appointment exports of booking systems in iCalendar (RFC 5545), read with the maintained `ical.js` (unfolding,
 * escaping, VTIMEZONE definitions such as Outlook's "W. Europe Standard Time"), and Lotse's strict rules on top.
 * Only what an appointment needs is read; SUMMARY text, DESCRIPTION, ATTENDEE and ORGANIZER are never kept.
 *
 * Conventions, per VEVENT:
 * - booking code: `X-LOTSE-CODE`; else the UID's part before `@` when it is a booking code
 *   (`AB12-CD34@termine.example` → `AB12-CD34`); else a code in square brackets in SUMMARY (`Termin [AB12-CD34]`).
 * - start: `DTSTART` in UTC (`…Z`), with a `TZID` that is an IANA zone name or defined by a VTIMEZONE in the file, or
 *   floating (office time zone). All-day dates are refused: an appointment has a time.
 * - length: `DTEND` (same forms) or `DURATION` (`PT30M`); one of them.
 * - service: `X-LOTSE-SERVICE`, else the first `CATEGORIES` value that is a known service id (case-insensitive).
 * - language (optional): `X-LOTSE-LANGUAGE` with a catalogue code. `STATUS:CANCELLED`: a cancellation.
 * Every problem names its line. `readAppointmentsIcal` judges each event on its own (the admin's preview);
 * `parseAppointmentsIcal` refuses the whole file when anything is wrong (the all-or-nothing API import).
 */
import ICAL from 'ical.js';
import { isLanguageCode, type AppointmentT } from '@lotse/shared';
import { checkStructure } from './icalStructure.ts';
import { zonedToUtc } from './zones.ts';

export { zonedToUtc };

export interface IcalOptions {
  serviceIds: readonly string[];
  /** Zone of floating times. */
  timeZone: string;
}
export interface IcalResult {
  appointments: AppointmentT[];
  cancelled: string[];
}
/** One event as judged: an appointment, a cancellation, or refused with its problems. */
export interface ReadEvent {
  line: number;
  code?: string;
  appointment?: AppointmentT;
  cancelled?: boolean;
  problems: string[];
}
export interface ReadResult {
  events: ReadEvent[];
  /** Problems of the file as a whole (then `events` is empty). */
  fileProblems: string[];
}

export class IcalError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid iCalendar: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`);
    this.name = 'IcalError';
  }
}

const CODE = /^[A-Za-z0-9-]{4,32}$/;
const SINGLE = ['x-lotse-code', 'uid', 'summary', 'status', 'dtstart', 'dtend', 'duration', 'x-lotse-service', 'x-lotse-language'];

export function parseAppointmentsIcal(text: string, opts: IcalOptions): IcalResult {
  const { events, fileProblems } = readAppointmentsIcal(text, opts);
  const problems = [...fileProblems, ...events.flatMap((e) => e.problems)];
  if (problems.length) throw new IcalError(problems);
  return { appointments: events.flatMap((e) => (e.appointment ? [e.appointment] : [])), cancelled: events.flatMap((e) => (e.cancelled && e.code ? [e.code] : [])) };
}

export function readAppointmentsIcal(text: string, opts: IcalOptions): ReadResult {
  const structure = checkStructure(text);
  if (structure.problems.length) return { events: [], fileProblems: structure.problems };
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')) as unknown[]);
  } catch (err) {
    return { events: [], fileProblems: [`the file is no iCalendar: ${(err as Error).message.slice(0, 120)}`] };
  }
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = String(vtz.getFirstPropertyValue('tzid') ?? '');
    if (tzid) zones.set(tzid, new ICAL.Timezone(vtz));
  }
  const events = calendar.getAllSubcomponents('vevent').map((ev, i) => readEvent(ev, structure.events[i], opts, zones));
  const seen = new Map<string, number>();
  for (const e of events) {
    if (!e.code || e.problems.length) continue;
    const first = seen.get(e.code);
    if (first === undefined) seen.set(e.code, e.line);
    else {
      e.problems.push(`line ${e.line}: booking code ${e.code} appears again (first in the event of line ${first})`);
      delete e.appointment;
      e.cancelled = undefined;
    }
  }
  return { events, fileProblems: [] };
}

type Lines = { begin: number; lineOf: (name: string, nth?: number) => number };

function readEvent(ev: ICAL.Component, where: Lines, opts: IcalOptions, zones: Map<string, ICAL.Timezone>): ReadEvent {
  const line = where.begin;
  const problems: string[] = [];
  for (const name of SINGLE) {
    if (ev.getAllProperties(name).length > 1) problems.push(`line ${where.lineOf(name, 1)}: ${name.toUpperCase()} appears twice in the event of line ${line}`);
  }
  const text = (name: string) => {
    const v = ev.getFirstPropertyValue(name);
    return v === null || v === undefined ? undefined : String(v).trim();
  };
  const code = bookingCode(text('x-lotse-code'), text('uid'), text('summary'), where, problems);
  if (text('status')?.toUpperCase() === 'CANCELLED') return code && !problems.length ? { line, code, cancelled: true, problems } : { line, code, problems };

  const start = dateTime(ev.getFirstProperty('dtstart'), 'DTSTART', where, opts.timeZone, zones, problems);
  const endProp = ev.getFirstProperty('dtend');
  const durationProp = ev.getFirstProperty('duration');
  let minutes: number | undefined;
  if (endProp && durationProp) problems.push(`line ${where.lineOf('duration')}: an event has DTEND or DURATION, not both`);
  else if (endProp) {
    const end = dateTime(endProp, 'DTEND', where, opts.timeZone, zones, problems);
    if (start && end) {
      minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
      if (minutes < 1) problems.push(`line ${where.lineOf('dtend')}: DTEND must be after DTSTART`);
    }
  } else if (durationProp) {
    minutes = duration(String(durationProp.toJSON()[3] ?? ''), where.lineOf('duration'), problems);
  } else problems.push(`line ${line}: the event has neither DTEND nor DURATION`);
  const lengthLine = where.lineOf(endProp ? 'dtend' : 'duration');
  if (minutes !== undefined && minutes > 480) problems.push(`line ${lengthLine}: an appointment lasts at most 480 minutes, this one ${minutes}`);

  const serviceId = service(text('x-lotse-service'), ev.getAllProperties('categories').flatMap((p) => p.getValues().map(String)), where, opts.serviceIds, problems);
  const lang = text('x-lotse-language');
  if (lang !== undefined && !isLanguageCode(lang)) problems.push(`line ${where.lineOf('x-lotse-language')}: X-LOTSE-LANGUAGE "${lang.slice(0, 20)}" is not a catalogue language`);
  if (problems.length || !code || !start || minutes === undefined || !serviceId) return { line, code, problems };
  const appointment: AppointmentT = { code, serviceId, startsAt: start.toISOString(), durationMinutes: minutes, ...(lang && isLanguageCode(lang) ? { language: lang } : {}) };
  return { line, code, appointment, problems };
}

function bookingCode(x: string | undefined, uid: string | undefined, summary: string | undefined, where: Lines, problems: string[]): string | undefined {
  if (x !== undefined) {
    if (CODE.test(x)) return x.toUpperCase();
    problems.push(`line ${where.lineOf('x-lotse-code')}: X-LOTSE-CODE "${x.slice(0, 40)}" is no booking code (4–32 letters, digits, dashes)`);
    return undefined;
  }
  const local = uid?.split('@')[0];
  if (local && CODE.test(local)) return local.toUpperCase();
  const bracketed = summary && /\[([A-Za-z0-9-]{4,32})\]/.exec(summary)?.[1];
  if (bracketed) return bracketed.toUpperCase();
  problems.push(`line ${where.begin}: no booking code in the event (X-LOTSE-CODE, a UID like CODE@host, or [CODE] in SUMMARY)`);
  return undefined;
}

function dateTime(prop: ICAL.Property | null, name: string, where: Lines, officeZone: string, zones: Map<string, ICAL.Timezone>, problems: string[]): Date | undefined {
  if (!prop) {
    problems.push(`line ${where.begin}: the event has no ${name}`);
    return undefined;
  }
  const at = where.lineOf(name.toLowerCase());
  const [, params, type, raw] = prop.toJSON() as [string, Record<string, string>, string, string];
  if (type !== 'date-time') {
    problems.push(`line ${at}: ${name} must be a date with time (VALUE=${type.toUpperCase()} is not supported)`);
    return undefined;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/.exec(String(raw));
  const shown = String(raw).replace(/[-:]/g, '');
  if (!m) {
    problems.push(`line ${at}: ${name} "${shown.slice(0, 40)}" is not YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ`);
    return undefined;
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) {
    problems.push(`line ${at}: ${name} "${shown}" is no calendar date`);
    return undefined;
  }
  const tzid = params.tzid;
  if (m[7] === 'Z') {
    if (tzid) problems.push(`line ${at}: ${name} has both TZID and a UTC "Z"`);
    return check;
  }
  // An IANA name is read with the system's zone data (exports often carry a half VTIMEZONE); other names, such
  // as Outlook's "W. Europe Standard Time", by the VTIMEZONE the file defines.
  const defined = tzid && !isIanaZone(tzid) ? zones.get(tzid) : undefined;
  if (defined) {
    const t = ICAL.Time.fromData({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, isDate: false });
    t.zone = defined;
    return new Date(t.toUnixTime() * 1000);
  }
  try {
    return new Date(zonedToUtc(wall, tzid ?? officeZone));
  } catch {
    problems.push(`line ${at}: unknown time zone TZID=${tzid ?? officeZone}`);
    return undefined;
  }
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function duration(raw: string, line: number, problems: string[]): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(raw);
  if (!m || raw === 'P' || raw.endsWith('T')) {
    problems.push(`line ${line}: DURATION "${raw.slice(0, 40)}" is not like PT30M`);
    return undefined;
  }
  const [d, h, mi, s] = m.slice(1, 5).map((v) => Number(v ?? 0));
  const minutes = d * 1440 + h * 60 + mi + Math.round(s / 60);
  if (minutes < 1) problems.push(`line ${line}: DURATION must be at least one minute`);
  return minutes < 1 ? undefined : minutes;
}

function service(x: string | undefined, categories: string[], where: Lines, known: readonly string[], problems: string[]): string | undefined {
  if (x !== undefined) {
    if (known.includes(x.toLowerCase())) return x.toLowerCase();
    problems.push(`line ${where.lineOf('x-lotse-service')}: X-LOTSE-SERVICE "${x.slice(0, 40)}" is no service of this office (${known.join(', ')})`);
    return undefined;
  }
  const hit = categories.map((v) => v.trim().toLowerCase()).find((v) => known.includes(v));
  if (hit) return hit;
  problems.push(`line ${categories.length ? where.lineOf('categories') : where.begin}: no service in the event: X-LOTSE-SERVICE or a CATEGORIES value must be one of ${known.join(', ')}`);
  return undefined;
}
