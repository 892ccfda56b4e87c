import { Value } from '@sinclair/typebox/value';
import { Appointment, type AppointmentImportTextT, type AppointmentPreviewT, type AppointmentT } from '@lotse/shared';
import { readAppointmentsIcal, type ReadEvent, type ReadResult } from './ical.ts';
import { readAppointmentsCsv } from './csv.ts';

export interface ReadOptions {
  serviceIds: readonly string[];
  timeZone: string;
}

/** A JSON upload: `{"appointments": [...]}` or a bare array, each entry judged on its own. */
export function readAppointmentsJson(text: string, opts: ReadOptions): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { events: [], fileProblems: [`the file is no JSON: ${(err as Error).message.slice(0, 100)}`] };
  }
  const list = Array.isArray(data) ? data : (data as { appointments?: unknown } | null)?.appointments;
  if (!Array.isArray(list)) return { events: [], fileProblems: ['expected {"appointments": [...]} or a list of appointments'] };
  const seen = new Set<string>();
  const events = list.slice(0, 5000).map((item: unknown, i): ReadEvent => {
    const line = i + 1;
    if (!Value.Check(Appointment, item)) {
      const first = Value.Errors(Appointment, item).First();
      return { line, problems: [`entry ${line}: ${first ? `${first.path || 'entry'} ${first.message}` : 'not an appointment'}`] };
    }
    const a = item as AppointmentT;
    const code = a.code.toUpperCase();
    const problems: string[] = [];
    if (!opts.serviceIds.includes(a.serviceId)) problems.push(`entry ${line}: "${a.serviceId}" is no service of this office`);
    if (seen.has(code)) problems.push(`entry ${line}: booking code ${code} appears again`);
    seen.add(code);
    return problems.length ? { line, code, problems } : { line, code, appointment: { ...a, code, startsAt: new Date(a.startsAt).toISOString() }, problems };
  });
  return { events, fileProblems: list.length > 5000 ? ['more than 5000 entries: split the file'] : [] };
}

export function readAppointmentsFile(input: AppointmentImportTextT, opts: ReadOptions): ReadResult {
  if (input.format === 'ical') return readAppointmentsIcal(input.text, opts);
  if (input.format === 'csv') return readAppointmentsCsv(input.text, opts);
  return readAppointmentsJson(input.text, opts);
}

/** What the admin sees before importing: accepted, cancelled, and refused with the reason. */
export function toPreview(result: ReadResult): AppointmentPreviewT {
  return {
    accepted: result.events.flatMap((e) => (e.appointment ? [e.appointment] : [])),
    cancelled: result.events.flatMap((e) => (e.cancelled && e.code ? [e.code] : [])),
    refused: [
      ...result.fileProblems.map((reason) => ({ reason })),
      ...result.events.filter((e) => e.problems.length).map((e) => ({ line: e.line, ...(e.code ? { code: e.code } : {}), reason: e.problems.join('; ') })),
    ],
  };
}
