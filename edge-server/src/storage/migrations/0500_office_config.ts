import type { Kysely } from 'kysely';

/**
 * The office configures itself (issue 11): services with texts per language, capacity and pictogram; counters
 * with a spoken name and a retired flag; display groups; opening hours and closed days; the languages a staff
 * member speaks; devices renamed or removed from the admin's list (rows stay for the audit). SQLite takes one
 * column per ALTER TABLE, so each is its own statement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const services = [
    ['pictogram', 'text'], ['duration_minutes', 'integer'], ['walk_ins', 'integer'], ['appointments', 'integer'],
    ['daily_capacity', 'integer'], ['stop_minutes_before_close', 'integer'],
  ] as const;
  for (const [name, type] of services) await db.schema.alterTable('services').addColumn(name, type).execute();
  await db.schema.createTable('service_texts')
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('bring', 'text', (c) => c.notNull())
    .addColumn('fee', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_texts_pk', ['service_id', 'language'])
    .execute();
  await db.schema.alterTable('counters').addColumn('spoken_name', 'text').execute();
  await db.schema.alterTable('counters').addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('counters').addColumn('default_service_ids', 'text').execute();
  await db.schema.createTable('display_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('counter_ids', 'text', (c) => c.notNull())
    .addColumn('device_ids', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('opening_hours')
    .addColumn('weekday', 'integer', (c) => c.primaryKey())
    .addColumn('opens', 'text')
    .addColumn('closes', 'text')
    .execute();
  await db.schema.createTable('closed_days')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('staff').addColumn('languages', 'text').execute();
  await db.schema.alterTable('devices').addColumn('removed_at', 'text').execute();
}
