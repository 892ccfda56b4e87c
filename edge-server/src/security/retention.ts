/**
 * Retention policy (GDPR Art. 5(1)(e) storage limitation). Pure: turns settings + "now" into cut-off instants;
 * the retention job deletes rows older than these and audits the counts ('retention.purged').
 *
 * Transcripts: deleted at session end unless the citizen consented to keeping them; kept ones live at most
 * `transcriptKeepDays` (hard cap 30) after the session ended.
 */
export interface RetentionSettings {
  /** Days a transcript kept with consent survives after session end. 0..30. */
  transcriptKeepDays: number;
  /** Days after a ticket is finished before its personal fields (name, phone, notes …) are blanked. 0..30. */
  finishedTicketPersonalFieldsDays: number;
  /** Days per-ticket/per-session metric rows are kept before only daily aggregates remain. 1..400. */
  metricsDetailDays: number;
}

export const RETENTION_DEFAULTS: RetentionSettings = {
  transcriptKeepDays: 30,
  finishedTicketPersonalFieldsDays: 1,
  metricsDetailDays: 90,
};

export const RETENTION_LIMITS: Record<keyof RetentionSettings, { min: number; max: number }> = {
  transcriptKeepDays: { min: 0, max: 30 },
  finishedTicketPersonalFieldsDays: { min: 0, max: 30 },
  metricsDetailDays: { min: 1, max: 400 },
};

export interface RetentionSettingsError { key: keyof RetentionSettings; message: string }

/** Validates admin input; missing keys take the safe default. Used both when saving settings and before planning. */
export function parseRetentionSettings(
  input: Partial<Record<keyof RetentionSettings, unknown>>,
): { ok: true; settings: RetentionSettings } | { ok: false; errors: RetentionSettingsError[] } {
  const settings: RetentionSettings = { ...RETENTION_DEFAULTS };
  const errors: RetentionSettingsError[] = [];
  for (const key of Object.keys(RETENTION_LIMITS) as (keyof RetentionSettings)[]) {
    const value = input[key];
    if (value === undefined) continue;
    const { min, max } = RETENTION_LIMITS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      errors.push({ key, message: `${key} must be a whole number of days from ${min} to ${max}` });
    } else {
      settings[key] = value;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, settings };
}

export interface RetentionPlan {
  now: string;
  transcripts: {
    /** Delete transcripts without keep-consent of sessions that ended at or before this instant (= now). */
    withoutConsentEndedAtOrBefore: string;
    /** Delete kept transcripts of sessions that ended at or before this instant. */
    withConsentEndedAtOrBefore: string;
  };
  /** Blank personal fields of tickets finished at or before this instant. */
  ticketPersonalFieldsFinishedAtOrBefore: string;
  /** Delete metric detail rows recorded at or before this instant. */
  metricsDetailAtOrBefore: string;
}

const DAY_MS = 86_400_000;

/** Throws on invalid settings rather than guessing: a retention job must not silently keep data too long. */
export function retentionPlan(settings: Partial<RetentionSettings>, now: Date): RetentionPlan {
  if (Number.isNaN(now.getTime())) throw new RangeError('retentionPlan: invalid "now"');
  const parsed = parseRetentionSettings(settings);
  if (!parsed.ok) throw new RangeError(`retention settings invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const s = parsed.settings;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  return {
    now: now.toISOString(),
    transcripts: {
      withoutConsentEndedAtOrBefore: now.toISOString(),
      withConsentEndedAtOrBefore: before(s.transcriptKeepDays),
    },
    ticketPersonalFieldsFinishedAtOrBefore: before(s.finishedTicketPersonalFieldsDays),
    metricsDetailAtOrBefore: before(s.metricsDetailDays),
  };
}

/** Helper for the job and its tests: is a row with this timestamp due under the given cut-off? */
export function isDue(timestamp: string | null, cutoff: string): boolean {
  return timestamp !== null && Date.parse(timestamp) <= Date.parse(cutoff);
}
