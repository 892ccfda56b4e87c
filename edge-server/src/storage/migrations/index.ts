import type { Migration, MigrationProvider } from 'kysely';
import * as queueDevicesStaff from './0001_queue_devices_staff.ts';
import * as audit from './0100_audit.ts';
import * as appointmentsPriority from './0110_appointments_priority.ts';
import * as security from './0130_security.ts';
import * as sessions from './0200_sessions.ts';
import * as sessionsTicket from './0210_sessions_ticket.ts';
import * as dataKeyCheck from './0300_data_key_check.ts';
import * as citizenScreenBinding from './0400_citizen_screen_binding.ts';
import * as officeConfig from './0500_office_config.ts';
import * as integrations from './0600_integrations.ts';
import * as clerkToolset from './0550_clerk_toolset.ts';
import * as languageHelp from './0551_language_help.ts';
import * as phrasebook from './0650_phrasebook.ts';

/**
 * Every migration, in the order it runs. A database records each name in `kysely_migration` once it ran, so a
 * name never changes, and a new one goes at the end with a name that sorts last (Kysely runs them in name
 * order and refuses a database whose applied names are not a prefix of the list). Migrations see the database
 * as `Kysely<unknown>`: they must keep working as written after `schema.ts` has moved on.
 */
export const MIGRATIONS: readonly (Migration & { name: string })[] = [
  { name: '0001_queue_devices_staff', ...queueDevicesStaff },
  { name: '0100_audit', ...audit },
  { name: '0110_appointments_priority', ...appointmentsPriority },
  { name: '0130_security', ...security },
  { name: '0200_sessions', ...sessions },
  { name: '0210_sessions_ticket', ...sessionsTicket },
  { name: '0300_data_key_check', ...dataKeyCheck },
  { name: '0400_citizen_screen_binding', ...citizenScreenBinding },
  { name: '0500_office_config', ...officeConfig },
  { name: '0550_clerk_toolset', ...clerkToolset },
  { name: '0551_language_help', ...languageHelp },
  { name: '0600_integrations', ...integrations },
  { name: '0650_phrasebook', ...phrasebook },
];

/** Throws unless names strictly ascend: a list order Kysely would silently re-sort is a bug, caught at start. */
export function assertInRunOrder(list: readonly { name: string }[]): void {
  list.forEach((m, i) => {
    if (i > 0 && !(list[i - 1].name < m.name)) {
      throw new Error(`migration ${m.name} is listed after ${list[i - 1].name} but does not sort after it`);
    }
  });
}

assertInRunOrder(MIGRATIONS);

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return Object.fromEntries(MIGRATIONS.map(({ name, up }) => [name, { up }]));
  },
};
