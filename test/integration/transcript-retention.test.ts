import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, CONSENT_TEXT_VERSION, S2C } from '@lotse/shared';
import { callOk, newId, nextEvent, TestServer, type ClientSocket } from '../helpers/server.ts';

const DAY = 86_400_000;
const WORDS = ['zebra', 'umbrella', 'violin'];

/** The whole database as bytes, WAL included: what a thief of the disk would read. */
function rawDatabase(server: TestServer): string {
  const parts = [server.file, `${server.file}-wal`].filter((f) => fs.existsSync(f));
  return parts.map((f) => fs.readFileSync(f).toString('latin1')).join('');
}

describe('a transcript kept with consent: encrypted at rest, deleted by retention after the kept period', () => {
  let server: TestServer;
  let clock = new Date('2026-11-25T09:00:00Z');
  let clerk: ClientSocket;
  let citizen: ClientSocket;
  let sessionId: string;
  const lineCount = async () => (await server.db.selectFrom('transcript_lines' as never).selectAll().execute()).length;

  beforeAll(async () => {
    server = await TestServer.start({ now: () => clock });
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'en' });
    clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-3', serviceIds: ['anmeldung'] });
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-3' });
    sessionId = (await opened)[0].id;
    citizen = await server.connect('citizen', { token: (await server.pairDevice('citizen', 'Bürgerbildschirm 3', 'platz-3')).token });
    await callOk(citizen, C2S.sessionGet, { counterId: 'platz-3' });
  });
  afterAll(async () => server?.close());

  it('keeps the lines after the session ends, and the raw database file holds none of their words', async () => {
    await callOk(citizen, C2S.sessionConsent, { sessionId, decision: 'given', keep: true, textVersion: CONSENT_TEXT_VERSION });
    const line = await callOk(citizen, C2S.sessionSay, { sessionId, speaker: 'citizen', text: WORDS.join(' ') });
    expect(line.text).toBe(WORDS.join(' '));
    await callOk(clerk, C2S.sessionEnd, { sessionId });
    expect(await lineCount()).toBe(1);
    const raw = rawDatabase(server);
    for (const word of WORDS) expect(raw.includes(word), word).toBe(false);
  });

  it('retention leaves the kept lines alone inside the period and deletes them after it, audited by count', async () => {
    clock = new Date(clock.getTime() + 29 * DAY);
    const early = await server.lotse.trust.retention.runOnce();
    expect(early.counts.transcripts).toBe(0);
    expect(await lineCount()).toBe(1);

    clock = new Date(clock.getTime() + 2 * DAY);
    const due = await server.lotse.trust.retention.runOnce();
    expect(due.counts.transcripts).toBe(1);
    expect(await lineCount()).toBe(0);
    const audit = await server.db.selectFrom('audit_log' as never).selectAll().execute();
    const purged = (audit as { action: string; details: string }[]).filter((a) => a.action === 'retention.purged');
    expect(purged.at(-1)?.details).toContain('"transcripts":1');
  });
});
