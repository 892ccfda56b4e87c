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
