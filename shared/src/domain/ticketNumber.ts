/** Readable ticket number: the service letter and a per-day sequence, e.g. `A-017`. */
export function formatTicketNumber(letter: string, sequence: number): string {
  if (!/^[A-Z]$/.test(letter)) throw new RangeError(`service letter must be A–Z, got "${letter}"`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be ≥ 1, got ${sequence}`);
  return `${letter}-${String(sequence).padStart(3, '0')}`;
}

/** The office's calendar day (numbering restarts each day), in the office's time zone. */
export function officeDay(at: Date, timeZone = 'Europe/Berlin'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}
