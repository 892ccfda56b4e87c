import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDue, parseRetentionSettings, RETENTION_DEFAULTS, retentionPlan } from './retention.ts';

const DAY = 86_400_000;
const now = new Date('2026-06-30T12:00:00.000Z');

describe('retention policy', () => {
  it('uses safe defaults: transcripts without consent at session end, kept ones 30 days', () => {
    const plan = retentionPlan({}, now);
    expect(plan).toEqual({
      now: '2026-06-30T12:00:00.000Z',
      transcripts: {
        withoutConsentEndedAtOrBefore: '2026-06-30T12:00:00.000Z',
        withConsentEndedAtOrBefore: '2026-05-31T12:00:00.000Z',
      },
      ticketPersonalFieldsFinishedAtOrBefore: '2026-06-29T12:00:00.000Z',
      metricsDetailAtOrBefore: '2026-04-01T12:00:00.000Z',
    });
    expect(RETENTION_DEFAULTS.transcriptKeepDays).toBe(30);
  });

  it('applies custom settings', () => {
    const plan = retentionPlan({ transcriptKeepDays: 7, finishedTicketPersonalFieldsDays: 0, metricsDetailDays: 10 }, now);
    expect(plan.transcripts.withConsentEndedAtOrBefore).toBe('2026-06-23T12:00:00.000Z');
    expect(plan.ticketPersonalFieldsFinishedAtOrBefore).toBe(now.toISOString());
    expect(plan.metricsDetailAtOrBefore).toBe('2026-06-20T12:00:00.000Z');
  });

  it('refuses to keep transcripts longer than 30 days or accept junk', () => {
    expect(() => retentionPlan({ transcriptKeepDays: 31 }, now)).toThrow(/transcriptKeepDays/);
    expect(() => retentionPlan({}, new Date('nope'))).toThrow(/now/);
    const r = parseRetentionSettings({ transcriptKeepDays: 1.5, metricsDetailDays: '10', finishedTicketPersonalFieldsDays: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.key).sort()).toEqual(['finishedTicketPersonalFieldsDays', 'metricsDetailDays', 'transcriptKeepDays']);
    expect(parseRetentionSettings({ transcriptKeepDays: 0 })).toEqual({ ok: true, settings: { ...RETENTION_DEFAULTS, transcriptKeepDays: 0 } });
  });

  it('isDue is inclusive at the cut-off and ignores missing timestamps', () => {
    const cutoff = '2026-06-01T00:00:00.000Z';
    expect(isDue('2026-06-01T00:00:00.000Z', cutoff)).toBe(true);
    expect(isDue('2026-06-01T00:00:00.001Z', cutoff)).toBe(false);
    expect(isDue(null, cutoff)).toBe(false);
  });

  it('a kept transcript is never due before its session ended, and always due 30 days + 1 ms later (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 * DAY }), (keep, agoMs) => {
        const endedAt = new Date(now.getTime() - agoMs).toISOString();
        const plan = retentionPlan({ transcriptKeepDays: keep }, now);
        expect(isDue(endedAt, plan.transcripts.withConsentEndedAtOrBefore)).toBe(agoMs >= keep * DAY);
        expect(isDue(endedAt, plan.transcripts.withoutConsentEndedAtOrBefore)).toBe(true);
        if (agoMs > 30 * DAY) expect(isDue(endedAt, plan.transcripts.withConsentEndedAtOrBefore)).toBe(true);
      }),
    );
  });
});
