import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { C2S } from '@lotse/shared';
import { callOk, newId, TestServer } from '../helpers/server.ts';
import { openSqlite, type Db } from '../../edge-server/src/storage/db.ts';
import { listTables } from '../../edge-server/src/storage/dialect.ts';
import { auditHead, verifyChain } from '../../edge-server/src/audit/index.ts';
import { moveSqliteToPostgres } from '../../edge-server/src/ops/moveToPostgres.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';

/** `npm run move-to-postgres`: an office that ran on SQLite continues on PostgreSQL with every row and its audit chain. */
describe('moving an office from SQLite to PostgreSQL', () => {
  let server: TestServer;
  let store: TestDatabase;
  let pg: Db;

  beforeAll(async () => {
    server = await TestServer.start({ database: 'sqlite' });
    const kiosk = await server.connect('kiosk');
    for (let i = 0; i < 5; i++) await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: i % 2 ? 'ar' : 'de' });
    const counter = await server.connect('counter');
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['anmeldung'] });
    await server.stop();
    store = await createTestDatabase(server.dir, 'postgres');
    pg = store.open();
  });
  afterAll(async () => {
    await pg?.destroy();
    await store?.drop();
    await server?.close();
  });

  it('copies every row of every table, keeps the audit chain unbroken, and refuses a database that holds data', async () => {
    const sqlite = openSqlite(server.file);
    try {
      const { rows } = await moveSqliteToPostgres(sqlite, pg);
      expect(rows.tickets).toBe(5);
      for (const table of (await listTables(sqlite)).filter((t) => !t.startsWith('kysely_'))) {
        const count = async (db: Db) => Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
        expect(await count(pg), table).toBe(await count(sqlite));
        expect(rows[table], table).toBe(await count(sqlite));
      }
      expect(await verifyChain(pg)).toEqual(await verifyChain(sqlite));
      expect(await auditHead(pg)).toEqual(await auditHead(sqlite));
      const numbers = async (db: Db) => (await db.selectFrom('tickets').select(['id', 'number', 'language', 'created_at']).orderBy('id').execute());
      expect(await numbers(pg)).toEqual(await numbers(sqlite));
      expect((await pg.selectFrom('counters').select('clerk').where('id', '=', 'platz-1').executeTakeFirstOrThrow()).clerk).not.toBeNull();
      await expect(moveSqliteToPostgres(sqlite, pg)).rejects.toThrow(/not empty/);
    } finally {
      await sqlite.destroy();
    }
  });
});
