import { sql } from 'kysely';
import type { Db } from '../storage/db.ts';
import type { EngineFact, PrivacyFacts } from './markdown.ts';

/** The speech engines of this installation, without loading any model (no warm-up); null when speech is absent. */
export async function engineFacts(): Promise<EngineFact[] | null> {
  type Status = { id: string; kind: string; installed: boolean; languages: readonly string[]; pairs: readonly { from: string; to: string }[] };
  let registry: { createSpeechEngines(o: { warmUp: boolean }): { status(): Status[]; close(): Promise<void> } };
  try {
    registry = await import('../speech/registry.ts');
  } catch {
    return null;
  }
  const engines = registry.createSpeechEngines({ warmUp: false });
  try {
    return engines.status().map((e) => ({ id: e.id, kind: e.kind, installed: e.installed, languages: [...e.languages], pairs: e.pairs.map((p) => `${p.from}→${p.to}`) }));
  } finally {
    await engines.close().catch(() => undefined);
  }
}

/** Tables that exist right now (SQLite; on PostgreSQL the public schema). */
export async function tableNames(db: Db): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
    return rows.rows.map((r) => r.name);
  } catch {
    const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`.execute(db);
    return rows.rows.map((r) => r.name);
  }
}

export type FactsSource = Omit<PrivacyFacts, 'generatedAt' | 'tables' | 'engines' | 'settings'> & {
  db: Db;
  settings: () => Promise<PrivacyFacts['settings']>;
  now: () => Date;
};

export async function collectPrivacyFacts(src: FactsSource): Promise<PrivacyFacts> {
  const { db, settings, now, ...rest } = src;
  return { ...rest, generatedAt: now().toISOString(), settings: await settings(), tables: await tableNames(db), engines: await engineFacts() };
}
