import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S } from '@lotse/shared';
import { call, newId, TestServer, type ClientSocket } from '../helpers/server.ts';
import { pollUntil, WAIT } from '../helpers/timeouts.ts';
import { openSqlite } from '../../edge-server/src/storage/db.ts';
import { backupSqlite, listBackups } from '../../edge-server/src/ops/backup.ts';
import { restoreBackup } from '../../edge-server/src/ops/restore.ts';

/**
 * The one box's backup under load: four kiosks keep checking in while SQLite's online backup copies the live
 * database. Restored into an empty data folder, the copy holds every ticket acknowledged before the backup began
 * (and only tickets that were sent), and it opens with the key saved beside it.
 */
describe('backup under check-in load, restore into a fresh folder', () => {
  let server: TestServer;
  let kiosks: ClientSocket[];
  let tmp: string;

  beforeAll(async () => {
    server = await TestServer.start();
    kiosks = await Promise.all([1, 2, 3, 4].map(async (i) => server.connect('kiosk', { token: (await server.pairDevice('kiosk', `Kiosk ${i}`)).token })));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-backup-test-'));
  });
  afterAll(async () => {
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('every acknowledged ticket is in the restored copy', async () => {
    const sent = new Set<string>();
    const acked: { id: string; at: number }[] = [];
    let running = true;
    // Each kiosk sends its next check-in once the last one was answered, as the kiosk app does.
    const load = kiosks.map(async (kiosk) => {
      while (running) {
        const id = newId();
        sent.add(id);
        const ack = await call(kiosk, C2S.ticketCreate, { id, serviceId: 'anmeldung', language: 'de' });
        if (ack.ok) acked.push({ id, at: performance.now() });
      }
    });
    let startedAt = 0;
    let endedAt = 0;
    let backup: Awaited<ReturnType<typeof backupSqlite>>;
    try {
      await pollUntil('check-ins under way', () => acked.length, (n) => n >= 40, WAIT.event);
      startedAt = performance.now();
      backup = await backupSqlite({ sqliteFile: server.file, key: server.dataKey, target: path.join(tmp, 'usb'), keep: 2 });
      endedAt = performance.now();
      await pollUntil('check-ins after the backup', () => acked.filter((a) => a.at > endedAt).length, (n) => n >= 10, WAIT.event);
    } finally {
      running = false;
      await Promise.allSettled(load);
    }

    const before = acked.filter((a) => a.at < startedAt).map((a) => a.id);
    expect(before.length).toBeGreaterThanOrEqual(40);
    const restored = await restoreBackup({ from: path.join(tmp, 'usb'), dataDir: path.join(tmp, 'restored') });
    expect(restored.from).toBe(backup.folder);
    const db = openSqlite(path.join(tmp, 'restored', 'lotse.sqlite'));
    try {
      const ids = new Set((await db.selectFrom('tickets').select('id').execute()).map((r) => r.id));
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      // One consistent state: nothing that no kiosk sent, and the count the manifest recorded.
      expect([...ids].filter((id) => !sent.has(id))).toEqual([]);
      expect(ids.size).toBe(backup.tickets);
      expect(restored.tickets).toBe(backup.tickets);
    } finally {
      await db.destroy();
    }
    expect((fs.statSync(path.join(tmp, 'restored', 'lotse.key')).mode & 0o777).toString(8)).toBe('600');
  });

  it('keeps the newest N, refuses a data folder that holds data, and a copy changed since the backup', async () => {
    const target = path.join(tmp, 'share');
    let t = Date.parse('2026-12-01T02:00:00Z');
    for (let i = 0; i < 4; i++) await backupSqlite({ sqliteFile: server.file, key: server.dataKey, target, keep: 3, now: () => new Date((t += 86_400_000)) });
    const kept = listBackups(target);
    expect(kept.map((b) => b.createdAt)).toEqual(['2026-12-03T02:00:00.000Z', '2026-12-04T02:00:00.000Z', '2026-12-05T02:00:00.000Z']);

    fs.mkdirSync(path.join(tmp, 'busy'));
    fs.writeFileSync(path.join(tmp, 'busy', 'lotse.sqlite'), 'x');
    await expect(restoreBackup({ from: target, dataDir: path.join(tmp, 'busy') })).rejects.toThrow(/not empty/);
    expect(fs.readFileSync(path.join(tmp, 'busy', 'lotse.sqlite'), 'utf8')).toBe('x');

    fs.appendFileSync(path.join(kept[2].folder, 'lotse.sqlite'), 'tampered');
    await expect(restoreBackup({ from: target, dataDir: path.join(tmp, 'empty') })).rejects.toThrow(/does not match its manifest/);
    expect(fs.existsSync(path.join(tmp, 'empty'))).toBe(false);
  });
});
