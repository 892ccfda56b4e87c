import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite, type Db } from '../storage/db.ts';
import { appendAudit, auditHead, listAudit, verifyChain } from './repository.ts';
import { AuditInputError } from './events.ts';
import { GENESIS_HASH } from './chain.ts';

let dir: string;
let file: string;
let db: Db;
let tick = 0;
const now = () => new Date(Date.UTC(2026, 2, 2, 8, 0, 0) + tick++ * 1000);

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-audit-'));
  file = path.join(dir, 'lotse.sqlite');
  db = openSqlite(file);
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function seed(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await appendAudit(db, { actor: `staff:s${i % 3}`, action: 'ticket.called', subject: `T${i}`, details: { counterId: 'c1', recall: i % 2 === 0 } }, { now });
  }
}

/** What an attacker with the file can do: a second connection that first drops the append-only triggers. */
function rawFile(): SQLite.Database {
  const raw = new SQLite(file);
  raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  return raw;
}

describe('audit log', () => {
  it('chains entries: seq from 1, prev_hash = previous hash, genesis all zeros', async () => {
    const a = await appendAudit(db, { actor: 'system', action: 'system.started' }, { now });
    const b = await appendAudit(db, { actor: 'device:kiosk-1', action: 'device.paired', subject: 'kiosk-1', details: { deviceRole: 'kiosk' } }, { now });
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, subject: null, details: {} });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash, actor: 'device:kiosk-1', details: { deviceRole: 'kiosk' } });
    expect(await verifyChain(db)).toEqual({ ok: true, count: 2, headHash: b.hash });
    expect(await auditHead(db)).toEqual({ seq: 2, hash: b.hash });
  });

  it('an empty log verifies', async () => {
    expect(await verifyChain(db)).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('rejects personal data before anything is written', async () => {
    await expect(appendAudit(db, { actor: 'staff:s1', action: 'consent.given', details: { reason: 'Frau Anna Schmidt' } })).rejects.toThrow(AuditInputError);
    // @ts-expect-error -- 'text' is not an allowed detail key; the runtime check backs the type.
    await expect(appendAudit(db, { actor: 'staff:s1', action: 'session.ended', details: { text: 'Hallo' } })).rejects.toThrow(/not allowed/);
    expect(await auditHead(db)).toEqual({ seq: 0, hash: GENESIS_HASH });
  });

  it('the database refuses UPDATE and DELETE on the log', async () => {
    await seed(2);
    const raw = new SQLite(file);
    expect(() => raw.prepare("UPDATE audit_log SET actor = 'system' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    raw.close();
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it('tampering with one row in the SQLite file is reported at exactly that entry', async () => {
    await seed(10);
    for (const [column, value] of [['details', '{"counterId":"c2","recall":true}'], ['actor', 'staff:s9'], ['at', '2020-01-01T00:00:00.000Z'], ['hash', 'f'.repeat(64)], ['prev_hash', 'e'.repeat(64)]] as const) {
      const raw = rawFile();
      const before = raw.prepare('SELECT * FROM audit_log WHERE seq = 6').get();
      raw.prepare(`UPDATE audit_log SET ${column} = ? WHERE seq = 6`).run(value);
      const result = await verifyChain(db);
      expect(result, column).toMatchObject({ ok: false, firstBrokenSeq: 6 });
      // Restore, so each column is checked on its own.
      raw.prepare('DELETE FROM audit_log WHERE seq = 6').run();
      raw.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @subject, @details, @prev_hash, @hash)').run(before);
      raw.close();
      expect((await verifyChain(db)).ok).toBe(true);
    }
  });

  it('a rewritten row with a recomputed hash still breaks the link to the next entry', async () => {
    await seed(5);
    const { entryHash } = await import('./chain.ts');
    const raw = rawFile();
    const row = raw.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Parameters<typeof entryHash>[0];
    const forged = { ...row, actor: 'staff:s9' };
    raw.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 3').run(forged.actor, entryHash(forged));
    raw.close();
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: expect.stringMatching(/entry 3/) });
  });

  it('deleting a middle row is detected at the missing seq', async () => {
    await seed(8);
    const raw = rawFile();
    raw.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    raw.close();
    expect(await verifyChain(db)).toEqual({ ok: false, firstBrokenSeq: 4, reason: 'entry 4 is missing (next entry found is 5)' });
  });

  it('deleting the first row is detected', async () => {
    await seed(3);
    const raw = rawFile();
    raw.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    raw.close();
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: 1 });
  });

  it('verifies across pages', async () => {
    await seed(25);
    expect(await verifyChain(db, { pageSize: 7 })).toMatchObject({ ok: true, count: 25 });
    const raw = rawFile();
    raw.prepare("UPDATE audit_log SET subject = 'X' WHERE seq = 22").run();
    raw.close();
    expect(await verifyChain(db, { pageSize: 7 })).toMatchObject({ ok: false, firstBrokenSeq: 22 });
  });

  it('200 concurrent appends produce one unforked chain', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => appendAudit(db, { actor: `device:d${i}`, action: 'ticket.created', subject: `T${i}` })),
    );
    expect(new Set(results.map((r) => r.seq)).size).toBe(200);
    expect(Math.max(...results.map((r) => r.seq))).toBe(200);
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 200 });
  });

  it('lists newest first with paging', async () => {
    await seed(5);
    const page1 = await listAudit(db, { limit: 2 });
    expect(page1.map((e) => e.seq)).toEqual([5, 4]);
    const page2 = await listAudit(db, { limit: 2, beforeSeq: 4 });
    expect(page2.map((e) => e.seq)).toEqual([3, 2]);
    expect(page2[0]).toMatchObject({ actor: 'staff:s2', action: 'ticket.called', subject: 'T2', details: { counterId: 'c1', recall: true } });
  });
});
