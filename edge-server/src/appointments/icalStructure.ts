/**
 * Lotse's structural rules before `ical.js` reads a file (it is lenient: a crossed END or a stray property passes):
 * the file is one VCALENDAR, components close in order, every line is `NAME[;PARAMS]:value`. Also maps each
 * top-level VEVENT to its lines, so every problem can name a line number.
 */
export interface Structure {
  problems: string[];
  /** Per VEVENT in file order: its first line, and the line of its n-th property of a name. */
  events: { begin: number; lineOf: (name: string, nth?: number) => number }[];
}

const MAX_LINES = 200_000;
const LINE = /^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=("[^"]*"|[^";:,]*)(,("[^"]*"|[^";:,]*))*)*:/;

export function checkStructure(text: string): Structure {
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (physical.length > MAX_LINES) return { problems: [`more than ${MAX_LINES} lines`], events: [] };
  const logical: { text: string; line: number }[] = [];
  physical.forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && logical.length) logical[logical.length - 1].text += raw.slice(1);
    else if (raw.length) logical.push({ text: raw, line: i + 1 });
  });
  const problems: string[] = [];
  const stack: { name: string; line: number }[] = [];
  const events: Structure['events'] = [];
  let current: { begin: number; props: { name: string; line: number }[] } | undefined;
  let calendars = 0;
  for (const { text: l, line } of logical) {
    if (!LINE.test(l)) {
      problems.push(`line ${line}: not a "NAME;PARAM=VALUE:value" line: ${JSON.stringify(l.slice(0, 60))}`);
      continue;
    }
    const name = l.slice(0, l.search(/[;:]/)).toUpperCase();
    const value = l.slice(l.indexOf(':') + 1).trim().toUpperCase();
    if (name === 'BEGIN') {
      if (stack.length === 0 && value !== 'VCALENDAR') problems.push(`line ${line}: the file must start with BEGIN:VCALENDAR, not BEGIN:${value}`);
      if (value === 'VCALENDAR') {
        if (stack.length) problems.push(`line ${line}: VCALENDAR inside ${stack[stack.length - 1].name}`);
        calendars++;
      }
      if (value === 'VEVENT' && stack.length === 1) current = { begin: line, props: [] };
      else if (value === 'VEVENT') problems.push(`line ${line}: VEVENT must sit directly in VCALENDAR`);
      stack.push({ name: value, line });
    } else if (name === 'END') {
      const open = stack.pop();
      if (!open) problems.push(`line ${line}: END:${value} without BEGIN`);
      else if (open.name !== value) problems.push(`line ${line}: END:${value} closes BEGIN:${open.name} of line ${open.line}`);
      if (value === 'VEVENT' && current && stack.length === 1) {
        const { begin, props } = current;
        events.push({ begin, lineOf: (n, nth = 0) => props.filter((p) => p.name === n.toUpperCase())[nth]?.line ?? begin });
        current = undefined;
      }
    } else if (stack.length === 0) problems.push(`line ${line}: ${name} outside BEGIN:VCALENDAR … END:VCALENDAR`);
    else if (current && stack.length === 2) current.props.push({ name, line });
  }
  for (const open of stack) problems.push(`line ${open.line}: BEGIN:${open.name} is never closed`);
  if (calendars === 0 && problems.length === 0) problems.push('line 1: no BEGIN:VCALENDAR found');
  return { problems, events };
}
