import { describe, expect, it } from 'vitest';
import { IcalError, parseAppointmentsIcal, readAppointmentsIcal } from './ical.ts';

const opts = { serviceIds: ['personalausweis', 'reisepass', 'anmeldung'], timeZone: 'Europe/Berlin' };
const cal = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Termine//DE', ...lines, 'END:VCALENDAR'].join('\r\n') + '\r\n';
const problems = (text: string): string[] => {
  try {
    parseAppointmentsIcal(text, opts);
  } catch (err) {
    if (err instanceof IcalError) return err.problems;
    throw err;
  }
  throw new Error('expected the calendar to be refused');
};

describe('iCalendar appointments', () => {
  it('reads TZID Europe/Berlin (winter and summer), UTC, floating times, DTEND and DURATION, and every code convention', () => {
    const text = cal(
      'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin', 'BEGIN:STANDARD', 'DTSTART:19701025T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'END:STANDARD', 'END:VTIMEZONE',
      'BEGIN:VEVENT', 'UID:ab12-cd34@termine.example', 'DTSTART;TZID=Europe/Berlin:20260310T100000', 'DTEND;TZID=Europe/Berlin:20260310T102000',
      'CATEGORIES:Bürgeramt,Personalausweis', 'SUMMARY:Max Mustermann (wird nicht gespeichert)', 'BEGIN:VALARM', 'TRIGGER:-PT15M', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:123456789-booking-system-internal-uid-that-is-way-too-long@x', 'X-LOTSE-CODE:ZZ99', 'DTSTART;TZID="Europe/Berlin":20260710T083000',
      'DURATION:PT1H15M', 'X-LOTSE-SERVICE:reisepass', 'X-LOTSE-LANGUAGE:uk', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:{not a code}', 'SUMMARY:Termin Anmeldung [Q7-W3E]', 'DTSTART:20260310T120000Z', 'DTEND:20260310T121500Z',
      'CATEGORIES:ANMELDUNG', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:FLOAT-01', 'DTSTART:20260310T150000', 'DURATION:PT10M', 'X-LOTSE-SERVICE:anmeldung', 'END:VEVENT',
    );
    const { appointments, cancelled } = parseAppointmentsIcal(text, opts);
    expect(cancelled).toEqual([]);
    expect(appointments).toEqual([
      { code: 'AB12-CD34', serviceId: 'personalausweis', startsAt: '2026-03-10T09:00:00.000Z', durationMinutes: 20 },
      { code: 'ZZ99', serviceId: 'reisepass', startsAt: '2026-07-10T06:30:00.000Z', durationMinutes: 75, language: 'uk' },
      { code: 'Q7-W3E', serviceId: 'anmeldung', startsAt: '2026-03-10T12:00:00.000Z', durationMinutes: 15 },
      { code: 'FLOAT-01', serviceId: 'anmeldung', startsAt: '2026-03-10T14:00:00.000Z', durationMinutes: 10 },
    ]);
    expect(JSON.stringify(appointments)).not.toContain('Mustermann');
  });

  it('reads a folded property value and LF-only line ends', () => {
    const text = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:FOLD-', ' 1234@x', 'DTSTART:20260310T090000Z', 'DURATION:PT', '\t30M', 'CATEGORIES:reise', ' pass', 'END:VEVENT', 'END:VCALENDAR'].join('\n');
    expect(parseAppointmentsIcal(text, opts).appointments).toEqual([{ code: 'FOLD-1234', serviceId: 'reisepass', startsAt: '2026-03-10T09:00:00.000Z', durationMinutes: 30 }]);
  });

  it('returns cancelled events by code', () => {
    const text = cal('BEGIN:VEVENT', 'UID:GONE-0001', 'STATUS:CANCELLED', 'DTSTART:20260310T090000Z', 'END:VEVENT');
    expect(parseAppointmentsIcal(text, opts)).toEqual({ appointments: [], cancelled: ['GONE-0001'] });
  });

  it('refuses bad input and names the line of every problem', () => {
    const text = cal(
      'BEGIN:VEVENT', // line 4
      'UID:GOOD-0001',
      'DTSTART;TZID=Mars/Olympus:20260310T100000', // 6
      'DURATION:PT20M',
      'X-LOTSE-SERVICE:personalausweis',
      'END:VEVENT',
      'BEGIN:VEVENT', // 10
      'UID:GOOD-0002',
      'DTSTART;VALUE=DATE:20260310', // 12
      'DTEND:20260310T250000Z', // 13
      'CATEGORIES:Hundesteuer', // 14
      'END:VEVENT',
      'X-NOTE:filler', // 16
      'BEGIN:VEVENT', // 17
      'DTSTART:20260310T100000Z',
      'DTEND:20260310T090000Z', // 19
      'X-LOTSE-SERVICE:reisepass',
      'END:VEVENT',
    );
    const found = problems(text);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^line 6: unknown time zone TZID=Mars\/Olympus/),
      expect.stringMatching(/^line 12: DTSTART must be a date with time/),
      expect.stringMatching(/^line 13: DTEND "20260310T250000Z" is no calendar date/),
      expect.stringMatching(/^line 14: no service in the event/),
      expect.stringMatching(/^line 17: no booking code/),
      expect.stringMatching(/^line 19: DTEND must be after DTSTART/),
    ]));
    expect(found).toHaveLength(6);
  });

  it('refuses structure errors: no calendar, unclosed and crossed components, duplicate codes', () => {
    expect(problems('')).toEqual(['line 1: no BEGIN:VCALENDAR found']);
    expect(problems('BEGIN:VEVENT\r\nEND:VEVENT\r\n')[0]).toMatch(/^line 1: the file must start with BEGIN:VCALENDAR/);
    expect(problems('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n')).toEqual(expect.arrayContaining(['line 1: BEGIN:VCALENDAR is never closed', 'line 2: BEGIN:VEVENT is never closed']));
    expect(problems(cal('BEGIN:VEVENT', 'END:VTODO'))[0]).toMatch(/^line 5: END:VTODO closes BEGIN:VEVENT of line 4/);
    const ev = ['BEGIN:VEVENT', 'UID:SAME-0001', 'DTSTART:20260310T090000Z', 'DURATION:PT5M', 'X-LOTSE-SERVICE:reisepass', 'END:VEVENT'];
    expect(problems(cal(...ev, ...ev))).toEqual(['line 10: booking code SAME-0001 appears again (first in the event of line 4)']);
    expect(problems(cal('BEGIN:VEVENT', 'UID:TWO-DT01', 'DTSTART:20260310T090000Z', 'DTSTART:20260310T100000Z', 'DURATION:PT5M', 'X-LOTSE-SERVICE:reisepass', 'END:VEVENT'))[0])
      .toMatch(/^line 7: DTSTART appears twice/);
  });

  it('reads a TZID that only the file defines (Outlook style VTIMEZONE) through ical.js, summer and winter', () => {
    const tz = ['BEGIN:VTIMEZONE', 'TZID:W. Europe Standard Time', 'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD', 'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT', 'END:VTIMEZONE'];
    const ev = (code: string, start: string) => ['BEGIN:VEVENT', `UID:${code}@x`, `DTSTART;TZID=W. Europe Standard Time:${start}`, 'DURATION:PT15M', 'X-LOTSE-SERVICE:reisepass', 'END:VEVENT'];
    const { appointments } = parseAppointmentsIcal(cal(...tz, ...ev('SUMM-0001', '20260710T083000'), ...ev('WINT-0001', '20260110T083000')), opts);
    expect(appointments.map((a) => a.startsAt)).toEqual(['2026-07-10T06:30:00.000Z', '2026-01-10T07:30:00.000Z']);
  });

  it('judges each event on its own for the preview: good ones accepted, bad ones refused with their line', () => {
    const text = cal('BEGIN:VEVENT', 'UID:GOOD-0001', 'DTSTART:20260310T090000Z', 'DURATION:PT5M', 'X-LOTSE-SERVICE:reisepass', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:BAD-00001', 'DTSTART:20260310T090000Z', 'DURATION:PT5M', 'X-LOTSE-SERVICE:hundesteuer', 'END:VEVENT');
    const { events, fileProblems } = readAppointmentsIcal(text, opts);
    expect(fileProblems).toEqual([]);
    expect(events.map((e) => [e.code, Boolean(e.appointment), e.problems.map((p) => p.slice(0, 30))])).toEqual([
      ['GOOD-0001', true, []],
      ['BAD-00001', false, ['line 14: X-LOTSE-SERVICE "hund']],
    ]);
  });
});
