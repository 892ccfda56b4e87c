import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Migrations live in code (no files to ship). Each one runs once, in name order; later domains append their own
 * (see `registerMigration`), so the list stays the single source of the schema.
 */
const migrations: Record<string, Migration> = {
  '0001_queue_devices_staff': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('services').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('letter', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createTable('counters').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('service_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('clerk', 'text')
        .addColumn('current_ticket_id', 'text')
        .execute();
      await db.schema.createTable('tickets').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('called_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('counter_id', 'text')
        .addUniqueConstraint('tickets_service_day_seq', ['service_id', 'day', 'seq'])
        .execute();
      await db.schema.createIndex('tickets_status_created').ifNotExists().on('tickets').columns(['status', 'created_at']).execute();
      await db.schema.createTable('day_sequences').ifNotExists()
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('day_sequences_pk', ['service_id', 'day'])
        .execute();
      await db.schema.createTable('calls').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('counter_id', 'text', (c) => c.notNull())
        .addColumn('called_at', 'text', (c) => c.notNull())
        .addColumn('recall', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('calls_called_at').ifNotExists().on('calls').column('called_at').execute();
      await db.schema.createTable('devices').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('paired_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createTable('pairing_codes').ifNotExists()
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createTable('staff').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .execute();
      await db.schema.createTable('staff_sessions').ifNotExists()
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('settings').ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      void sql;
    },
  },
  // Named after 0100_audit: Kysely refuses a new migration that sorts before one an existing database already ran.
  '0110_appointments_priority': {
    async up(db: Kysely<any>) {
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
    },
  },
};

/** Domains that own tables (audit, sessions, …) add their migrations here at import time. */
export function registerMigration(name: string, migration: Migration): void {
  if (migrations[name]) throw new Error(`migration ${name} registered twice`);
  migrations[name] = migration;
}

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
