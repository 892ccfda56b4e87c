/**
 * Slot values in what a clerk types in German: "am Dienstag um 10:30", "am 12.3.", "37,50 €", "in 3 Wochen".
 * Each found value is cut out of the text, so the rest can be matched against the phrases' words.
 */
import type { SlotTypeT } from './schema.ts';

export interface TypedSlots {
  values: Partial<Record<SlotTypeT, string | number>>;
  /** The text without the parts that became values. */
  rest: string;
}

const WEEKDAYS = ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag'];
const NUMBER_WORDS: Record<string, number> = { ein: 1, eine: 1, einer: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, fuenf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, zwölf: 12 };

const iso = (d: Date) => d.toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

/** The next day (after `today`) that falls on ISO weekday `wd` (1 = Monday). */
function nextWeekday(today: Date, wd: number): string {
  const d = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate(), 12));
  const current = ((d.getUTCDay() + 6) % 7) + 1;
  d.setUTCDate(d.getUTCDate() + (((wd - current + 7) % 7) || 7));
  return iso(d);
}

function dayMonth(today: Date, day: number, month: number, year?: number): string | undefined {
  let y = year === undefined ? today.getFullYear() : year < 100 ? 2000 + year : year;
  const make = () => new Date(Date.UTC(y, month - 1, day, 12));
  let d = make();
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  // "am 3.1." said in December means next January.
  if (year === undefined && iso(d) < iso(new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())))) {
    y += 1;
    d = make();
  }
  return iso(d);
}

export function parseTypedSlots(typed: string, today: Date = new Date()): TypedSlots {
  const values: TypedSlots['values'] = {};
  let rest = ` ${typed} `;
  const take = (re: RegExp, on: (m: RegExpExecArray) => boolean) => {
    const m = re.exec(rest);
    if (m && on(m)) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
  };
  // Dates before times: "12.03." must not become 12:03.
  take(/(?<![\d.:])(\d{1,2})\.(\d{1,2})\.(\d{2,4})?(?![\d:])/, (m) => {
    const v = dayMonth(today, +m[1], +m[2], m[3] ? +m[3] : undefined);
    if (v) values.date = v;
    return !!v;
  });
  take(/(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?!\d)/, (m) => {
    const v = dayMonth(today, +m[3], +m[2], +m[1]);
    if (v) values.date = v;
    return !!v;
  });
  take(/\b(übermorgen|uebermorgen|morgen|heute)\b/i, (m) => {
    if (values.date) return false;
    const add = { heute: 0, morgen: 1, übermorgen: 2, uebermorgen: 2 }[m[1].toLowerCase() as 'heute'];
    values.date = iso(new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() + add, 12)));
    return true;
  });
  take(/(?<![\d,.])(\d{1,7})(?:[,.](\d{1,2}))?\s*(?:€|euro?\b|eur\b)/i, (m) => {
    values.amount = +m[1] * 100 + (m[2] ? +m[2].padEnd(2, '0') : 0);
    return true;
  });
  take(/(?<![\d.:])([01]?\d|2[0-3])[:.]([0-5]\d)(?:\s*uhr\b)?(?![\d])/i, (m) => {
    values.time = `${pad(+m[1])}:${m[2]}`;
    return true;
  });
  take(/(?<![\d.:,])([01]?\d|2[0-3])\s*uhr\b/i, (m) => {
    if (values.time) return false;
    values.time = `${pad(+m[1])}:00`;
    return true;
  });
  take(/(?<![\d.,])(\d{1,3}|[a-zäöü]+)\s*woche(n)?\b/i, (m) => {
    const n = /^\d+$/.test(m[1]) ? +m[1] : NUMBER_WORDS[m[1].toLowerCase()];
    if (!n || n > 104) return false;
    values.weeks = n;
    return true;
  });
  take(new RegExp(`\\b(${WEEKDAYS.join('|')})s?\\b`, 'i'), (m) => {
    const wd = WEEKDAYS.indexOf(m[1].toLowerCase()) + 1;
    values.weekday = wd;
    // "am Dienstag" also fills a date slot: the coming Tuesday (the clerk sees the full date before sending).
    values.date ??= nextWeekday(today, wd);
    return true;
  });
  return { values, rest: rest.replace(/\s+/g, ' ').trim() };
}
