/** The office's own language: every clerk speaks it, so it marks nothing and earns no preference. */
const OFFICE_LANGUAGES = new Set(['de', 'de-simple']);

/** What the pick needs of a waiting ticket, in plain queue order. */
export interface Candidate { language: string; priority_at: string }

/** The languages of a clerk that can earn a ticket preference (not the office's own). */
export function preferableLanguages(languages: readonly string[]): Set<string> {
  return new Set(languages.filter((l) => !OFFICE_LANGUAGES.has(l)));
}

/**
 * Call-next with language preference: the oldest ticket in a language the clerk speaks goes first, but only while
 * the head of the plain queue has waited less than `fairnessMinutes`. A ticket that has waited that long is never
 * overtaken again, so overtaking can delay it only during its first `fairnessMinutes` (by at most that, plus the
 * one visit already under way). `waiting` is in plain order; returns the index to call (-1: none).
 */
export function pickByLanguage(waiting: readonly Candidate[], languages: ReadonlySet<string>, now: Date, fairnessMinutes: number): number {
  if (waiting.length === 0) return -1;
  if (languages.size === 0) return 0;
  const preferred = waiting.findIndex((t) => languages.has(t.language));
  if (preferred <= 0) return 0;
  const headWaitedMs = now.getTime() - Date.parse(waiting[0].priority_at);
  if (headWaitedMs >= fairnessMinutes * 60_000) return 0;
  return preferred;
}
