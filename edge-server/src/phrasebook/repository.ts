import type { Db } from '../storage/db.ts';
import type { OfficePhrasesTable } from '../storage/schema.ts';

export async function officePhraseRows(db: Db): Promise<OfficePhrasesTable[]> {
  return db.selectFrom('office_phrases').selectAll().orderBy('id').execute();
}

export async function saveOfficePhraseRow(db: Db, row: OfficePhrasesTable): Promise<void> {
  const { id, ...rest } = row;
  await db.insertInto('office_phrases').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)).execute();
}

export async function deleteOfficePhraseRow(db: Db, id: string): Promise<number> {
  const res = await db.deleteFrom('office_phrases').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Counts one use of a phrase for a service (one upsert: two desks at once both count). */
export async function countPhraseUse(db: Db, phraseId: string, serviceId: string): Promise<void> {
  await db
    .insertInto('phrase_use')
    .values({ phrase_id: phraseId, service_id: serviceId, uses: 1 })
    .onConflict((oc) => oc.columns(['phrase_id', 'service_id']).doUpdateSet((eb) => ({ uses: eb('phrase_use.uses', '+', 1) })))
    .execute();
}

export async function phraseUses(db: Db, serviceId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('phrase_use').select(['phrase_id', 'uses']).where('service_id', '=', serviceId).execute();
  return Object.fromEntries(rows.map((r) => [r.phrase_id, Number(r.uses)]));
}
