import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DeviceRoleT, type StaffRoleT } from '@lotse/shared';
import type { Device, DeviceService } from '../devices/service.ts';
import type { Staff, StaffService } from '../staff/service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
    staff?: Staff;
  }
}

export interface Access {
  devices?: readonly DeviceRoleT[];
  staff?: readonly StaffRoleT[];
}

/**
 * `Authorization: Bearer <token>` may carry a device token or a staff session token; `X-Device-Token` adds a
 * device next to a staff session. A request passes when either matches what the route allows.
 */
export function authenticator(devices: DeviceService, staff: StaffService) {
  return (access: Access) =>
    async function authorize(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const deviceHeader = request.headers['x-device-token'];
      const deviceToken = typeof deviceHeader === 'string' ? deviceHeader : bearer;
      request.device = await devices.authenticate(deviceToken);
      request.staff = await staff.authenticate(bearer);
      if (!request.device && !request.staff) throw new DomainError('UNAUTHENTICATED', 'sign in or pair this device first');
      const deviceOk = request.device && access.devices?.includes(request.device.role);
      const staffOk = request.staff && access.staff?.includes(request.staff.role);
      if (!deviceOk && !staffOk) throw new DomainError('FORBIDDEN', 'your role may not do this');
    };
}

export type Authorize = ReturnType<typeof authenticator>;

export function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}
