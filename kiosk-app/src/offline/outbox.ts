import Dexie, { type EntityTable } from 'dexie';
import { markOutbox, OUTBOX_DB } from './outboxHint.ts';

/** A check-in made while the edge server was unreachable, waiting to be delivered. Nothing personal in it. */
export interface OutboxEntry {
  /** The ticket's ULID: the idempotency key the server deduplicates on. */
  id: string;
  serviceId: string;
  language: string;
  checkedInAt: string;
  provisionalNumber: string;
  attempts: number;
}

/** Provisional numbers handed out per office day: V-001, V-002, … */
interface DayCounter {
  day: string;
  last: number;
}

class KioskDb extends Dexie {
  outbox!: EntityTable<OutboxEntry, 'id'>;
  counters!: EntityTable<DayCounter, 'day'>;
  constructor() {
    super(OUTBOX_DB);
    this.version(1).stores({ outbox: 'id, checkedInAt', counters: 'day' });
  }
}

let db: KioskDb | undefined;
function kioskDb(): KioskDb {
  db ??= new KioskDb();
  return db;
}

/** The office day in Berlin (as the server numbers tickets), e.g. 2026-11-25. */
export function officeDay(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Check-ins being written now, and how many were started: "empty" is noted only when neither changed meanwhile. */
let writing = 0;
let started = 0;

/** Notes an empty outbox for the next start, unless a check-in was stored (or begun) since `seen` was taken. */
function noteIfEmpty(count: number, seen: number): void {
  if (count === 0 && writing === 0 && seen === started) markOutbox('empty');
}

/** Stores an offline check-in with the next provisional number of the day, atomically. */
export async function enqueueCheckIn(entry: Omit<OutboxEntry, 'provisionalNumber' | 'attempts'>): Promise<OutboxEntry> {
  writing++;
  started++;
  // Before the write: a kiosk switched off right after it still loads the outbox on its next start.
  markOutbox('pending');
  try {
    const d = kioskDb();
    return await d.transaction('rw', d.outbox, d.counters, async () => {
      const existing = await d.outbox.get(entry.id);
      if (existing) return existing;
      const day = officeDay(new Date(entry.checkedInAt));
      const last = (await d.counters.get(day))?.last ?? 0;
      await d.counters.put({ day, last: last + 1 });
      const row: OutboxEntry = { ...entry, provisionalNumber: `V-${String(last + 1).padStart(3, '0')}`, attempts: 0 };
      await d.outbox.add(row);
      return row;
    });
  } finally {
    writing--;
  }
}

export async function pendingCheckIns(): Promise<OutboxEntry[]> {
  const seen = started;
  const rows = await kioskDb().outbox.orderBy('checkedInAt').toArray();
  noteIfEmpty(rows.length, seen);
  return rows;
}

export async function countPending(): Promise<number> {
  return kioskDb().outbox.count();
}

/** Only after the server acknowledged the ticket. */
export async function removeDelivered(id: string): Promise<void> {
  const seen = started;
  await kioskDb().outbox.delete(id);
  noteIfEmpty(await countPending(), seen);
}

export async function markAttempt(id: string): Promise<void> {
  await kioskDb().outbox.where('id').equals(id).modify((e) => void (e.attempts += 1));
}
