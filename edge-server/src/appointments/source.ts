import { DomainError, type AppointmentSourceInputT, type AppointmentSourceViewT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { AppointmentSourcesTable } from '../storage/schema.ts';
import type { Audit } from '../audit/auditor.ts';
import { targetProblem } from '../http/outboundTarget.ts';
import { readAppointmentsIcal, type ReadResult } from './ical.ts';
import { readAppointmentsCsv } from './csv.ts';

/**
 * The pull adapter shape (docs/integrations.md): an office connects its booking system by implementing `pull`.
 * `since` carries what the last answer said (ETag, Last-Modified) so an unchanged feed costs nothing; a
 * `complete` answer is the whole list of upcoming appointments, so a booking code it no longer contains was
 * cancelled. The one adapter shipped reads an iCalendar or CSV feed over HTTPS (`httpFeedAdapter`).
 */
export interface PullAdapter {
  pull(since: { etag: string | null; lastModified: string | null }): Promise<PullResult>;
}
export type PullResult =
  | { notModified: true }
  | { notModified: false; result: ReadResult; complete: boolean; etag: string | null; lastModified: string | null };

const MAX_BYTES = 2 * 1024 * 1024;

export function httpFeedAdapter(source: AppointmentSourcesTable, read: { serviceIds: readonly string[]; timeZone: string }, timeoutMs = 10_000): PullAdapter {
  return {
    async pull(since) {
      const problem = targetProblem(source.url, source.allow_http === 1);
      if (problem) throw new Error(`address refused: ${problem}`);
      const headers: Record<string, string> = { 'user-agent': 'Lotse-Appointments/1', accept: source.format === 'ical' ? 'text/calendar' : 'text/csv' };
      if (since.etag) headers['if-none-match'] = since.etag;
      if (since.lastModified) headers['if-modified-since'] = since.lastModified;
      const res = await fetch(source.url, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      if (res.status === 304) return { notModified: true };
      if (res.status >= 300 && res.status < 400) throw new Error(`redirect (${res.status}) not followed: enter the final address`);
      if (res.status !== 200) throw new Error(`the source answered ${res.status}`);
      const text = await readBounded(res, MAX_BYTES);
      const result = source.format === 'ical' ? readAppointmentsIcal(text, read) : readAppointmentsCsv(text, read);
      return { notModified: false, result, complete: true, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
    },
  };
}

/** The body as text, refused (and the download stopped) beyond `max` bytes. */
async function readBounded(res: Response, max: number): Promise<string> {
  if (Number(res.headers.get('content-length') ?? 0) > max) throw new Error('the feed is larger than 2 MiB');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.byteLength;
    if (size > max) {
      await reader?.cancel();
      throw new Error('the feed is larger than 2 MiB');
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface SourceDeps {
  db: Db;
  now: () => Date;
  audit?: Audit;
  serviceIds: () => Promise<string[]>;
  timeZone: string;
  /** Applies a pull: imports, cancels and removes (the appointment service's `import`). */
  apply: (accepted: ReadResult, removedCodes: string[]) => Promise<{ created: number; updated: number; removed: number }>;
  /** Test hook: another adapter than the HTTP feed. */
  adapter?: (row: AppointmentSourcesTable) => PullAdapter;
}

function view(row: AppointmentSourcesTable): AppointmentSourceViewT {
  return {
    url: row.url, format: row.format as 'ical' | 'csv', intervalMinutes: row.interval_minutes, allowHttp: row.allow_http === 1,
    lastPulledAt: row.last_pulled_at, lastStatus: row.last_status, lastError: row.last_error,
    lastCounts: row.last_counts ? (JSON.parse(row.last_counts) as AppointmentSourceViewT['lastCounts']) : null,
  };
}

/** The one pulled appointment source of the office, on a schedule; its last result and error stay for the admin page. */
export class AppointmentSource {
  private timer?: NodeJS.Timeout;
  private running?: Promise<AppointmentSourceViewT | null>;

  constructor(private readonly deps: SourceDeps) {}

  async get(): Promise<AppointmentSourceViewT | null> {
    const row = await this.row();
    return row ? view(row) : null;
  }

  async set(input: AppointmentSourceInputT, staffId: string): Promise<AppointmentSourceViewT> {
    const problem = targetProblem(input.url, input.allowHttp ?? false);
    if (problem) throw new DomainError('BAD_REQUEST', `source address refused: ${problem}`);
    const values = { url: input.url, format: input.format, interval_minutes: input.intervalMinutes, allow_http: input.allowHttp ? 1 : 0, etag: null, last_modified: null };
    await this.deps.db.insertInto('appointment_sources')
      .values({ id: 'main', ...values, last_pulled_at: null, last_status: null, last_error: null, last_counts: null, known_codes: '[]' })
      // A changed source is due at once, with a fresh status.
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, last_pulled_at: null, last_status: null, last_error: null })).execute();
    await this.deps.audit?.({ actor: `staff:${staffId}`, action: 'appointments.sourceChanged', details: { format: input.format, count: input.intervalMinutes } });
    return view((await this.row()) as AppointmentSourcesTable);
  }

  async remove(staffId: string): Promise<void> {
    await this.deps.db.deleteFrom('appointment_sources').where('id', '=', 'main').execute();
    await this.deps.audit?.({ actor: `staff:${staffId}`, action: 'appointments.sourceChanged', details: { kind: 'removed' } });
  }

  /** One pull now (or the one running); never throws: the error is kept and shown. */
  pullNow(): Promise<AppointmentSourceViewT | null> {
    this.running ??= this.pull().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(checkEveryMs = 60_000): void {
    this.timer ??= setInterval(() => void this.pullIfDue(), checkEveryMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async pullIfDue(): Promise<void> {
    const row = await this.row();
    if (!row) return;
    const last = row.last_pulled_at ? Date.parse(row.last_pulled_at) : 0;
    if (this.deps.now().getTime() - last >= row.interval_minutes * 60_000) await this.pullNow();
  }

  private async pull(): Promise<AppointmentSourceViewT | null> {
    const row = await this.row();
    if (!row) return null;
    const at = this.deps.now().toISOString();
    const set = async (fields: Partial<AppointmentSourcesTable>) => this.deps.db.updateTable('appointment_sources').set({ last_pulled_at: at, ...fields }).where('id', '=', 'main').execute();
    try {
      const adapter = this.deps.adapter?.(row) ?? httpFeedAdapter(row, { serviceIds: await this.deps.serviceIds(), timeZone: this.deps.timeZone });
      const answer = await adapter.pull({ etag: row.etag, lastModified: row.last_modified });
      if (answer.notModified) await set({ last_status: 'not-modified', last_error: null });
      else {
        const { result } = answer;
        if (result.fileProblems.length) throw new Error(result.fileProblems.join('; '));
        const codes = result.events.flatMap((e) => (e.code ? [e.code] : []));
        const removedCodes = answer.complete ? (JSON.parse(row.known_codes) as string[]).filter((c) => !codes.includes(c)) : [];
        const done = await this.deps.apply(result, removedCodes);
        const refused = result.events.filter((e) => e.problems.length);
        await set({
          last_status: 'ok', etag: answer.etag, last_modified: answer.lastModified, known_codes: JSON.stringify(codes),
          last_counts: JSON.stringify({ ...done, refused: refused.length }),
          last_error: refused.length ? refused.slice(0, 5).map((e) => e.problems.join('; ')).join(' | ').slice(0, 1000) : null,
        });
      }
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const message = e.name === 'TimeoutError' ? 'no answer within 10 s' : `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`;
      await set({ last_status: 'error', last_error: message.slice(0, 1000) });
    }
    return this.get();
  }

  private row(): Promise<AppointmentSourcesTable | undefined> {
    return this.deps.db.selectFrom('appointment_sources').selectAll().where('id', '=', 'main').executeTakeFirst();
  }
}
