import type { Db } from '../storage/db.ts';
import { listTables } from '../storage/dialect.ts';
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

export type FactsSource = Omit<PrivacyFacts, 'generatedAt' | 'tables' | 'engines' | 'settings'> & {
  db: Db;
  settings: () => Promise<PrivacyFacts['settings']>;
  now: () => Date;
};

export async function collectPrivacyFacts(src: FactsSource): Promise<PrivacyFacts> {
  const { db, settings, now, ...rest } = src;
  return { ...rest, generatedAt: now().toISOString(), settings: await settings(), tables: await listTables(db), engines: await engineFacts() };
}
