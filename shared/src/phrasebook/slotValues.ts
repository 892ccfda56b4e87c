import { DomainError } from '../protocol/errors.ts';
import type { SlotTypeT, SlotValuesT } from './schema.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] && +m[1] >= 2000 && +m[1] <= 2100;
}

/** Whether `value` is a proper value of a slot of `type` (picker values, not free text). */
export function isSlotValue(type: SlotTypeT, value: unknown): boolean {
  switch (type) {
    case 'date': return typeof value === 'string' && validDate(value);
    case 'time': return typeof value === 'string' && TIME.test(value);
    case 'weekday': return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 7;
    case 'amount': return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10_000_000;
    case 'weeks': return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 104;
    case 'document': return typeof value === 'string' && /^[a-z0-9-]+:\d{1,2}$/.test(value);
    case 'counter': return typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,39}$/.test(value);
  }
}

/** Throws BAD_REQUEST unless `values` fills exactly the phrase's slots, each with a proper value. */
export function checkSlotValues(slots: Readonly<Record<string, SlotTypeT>>, values: SlotValuesT): void {
  for (const name of Object.keys(values)) {
    if (!(name in slots)) throw new DomainError('BAD_REQUEST', `this phrase has no slot ${name}`);
  }
  for (const [name, type] of Object.entries(slots)) {
    if (values[name] === undefined) throw new DomainError('BAD_REQUEST', `slot ${name} needs a value`);
    if (!isSlotValue(type, values[name])) throw new DomainError('BAD_REQUEST', `slot ${name} needs a ${type}`);
  }
}
