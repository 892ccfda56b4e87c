import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/db.ts';
import type { Audit } from '../audit/auditor.ts';
import type { Authorize } from '../http/auth.ts';
import type { DeviceService } from '../devices/service.ts';
import type { StaffService } from '../staff/service.ts';
import type { LotseServer } from '../realtime/context.ts';
import type { HandleOptions } from '../realtime/handle.ts';
import { OfficeService } from './service.ts';
import { SlotService } from './slots.ts';
import { OfficeAdmin } from './admin.ts';
import { officeRoutes } from './routes.ts';
import { registerOfficeHandlers, subscribeOfficeBroadcast } from './socket.ts';

export { OfficeService, SlotService, OfficeAdmin };

export interface OfficeDeps {
  db: Db;
  audit: Audit;
  authorize: Authorize;
  devices: DeviceService;
  staff: StaffService;
  now?: () => Date;
  timeZone?: string;
  publicUrl?: string;
}

export interface Office {
  office: OfficeService;
  slots: SlotService;
  /** Once the sockets exist: pushes changes and takes the kiosk's slot events. */
  attach(io: LotseServer, opts: HandleOptions): void;
}

/** The office configuration domain (issue 11), registered by app.ts with one call before the sockets and one after. */
export function installOffice(app: FastifyInstance, deps: OfficeDeps): Office {
  const office = new OfficeService({ db: deps.db, audit: deps.audit, onListenerError: (err) => app.log.error({ err }, 'an office listener failed') });
  const slots = new SlotService({ db: deps.db, audit: deps.audit, now: deps.now ?? (() => new Date()), timeZone: deps.timeZone ?? 'Europe/Berlin' });
  const admin = new OfficeAdmin({ db: deps.db, audit: deps.audit, devices: deps.devices, staff: deps.staff, publicUrl: deps.publicUrl, now: deps.now });
  officeRoutes(app, { office, slots, admin, authorize: deps.authorize });
  return {
    office,
    slots,
    attach(io, opts) {
      subscribeOfficeBroadcast(io, office, (err) => app.log.error({ err }, 'pushing the office configuration failed'));
      io.on('connection', (socket) => registerOfficeHandlers(socket, slots, opts));
    },
  };
}
