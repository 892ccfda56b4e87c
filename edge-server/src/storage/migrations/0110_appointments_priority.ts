import { sql, type Kysely } from 'kysely';

/**
 * Appointments, and the queue's sort key that lets a booked citizen rank from the booked start. Named after
 * 0100_audit: Kysely refuses a new migration that sorts before one an existing database already ran.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Sort key of the queue (see compareQueueOrder); old rows keep their check-in order.
  await db.schema.alterTable('tickets').addColumn('priority_at', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('tickets').addColumn('provisional_number', 'text').execute();
  await sql`update tickets set priority_at = created_at`.execute(db);
  await db.schema.createIndex('tickets_waiting_order').ifNotExists().on('tickets').columns(['status', 'service_id', 'priority_at', 'id']).execute();
  await db.schema.createTable('appointments').ifNotExists()
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
    .addColumn('checked_in_at', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appointments_day').ifNotExists().on('appointments').columns(['day', 'starts_at']).execute();
}
