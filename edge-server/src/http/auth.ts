import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DeviceRoleT, type StaffRoleT } from '@lotse/shared';

/** A paired device as a request or socket presents it (`devices/` authenticates it). */
export interface Device {
  id: string;
  role: DeviceRoleT;
  name: string;
  /** A citizen screen's counter, bound at pairing (no other role has one). */
  counterId?: string;
}

/** A signed-in staff member as a request or socket presents them (`staff/` authenticates them). */
export interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: StaffRoleT;
  /** Signed in with a one-time password: only the password change is allowed. */
  mustChangePassword: boolean;
  /** SHA-256 of the session token this request or socket came with. */
  sessionHash?: string;
}

/** What the authenticator needs of the devices and staff domains (it sits below them and imports neither). */
export interface DeviceTokens {
  authenticate(token: string | undefined): Promise<Device | undefined>;
  seen(deviceId: string, ip: string): void;
}
export interface StaffTokens {
  authenticate(token: string | undefined): Promise<Staff | undefined>;
}

/** An integration's API key as a request presents it (`integrations/` authenticates it). */
export interface ApiKey {
  id: string;
  name: string;
  scopes: readonly string[];
}
/** The third scheme: keys have their own token shape, so a key is never tried as a device or staff token. */
export interface ApiKeyTokens {
  isKeyToken(token: string): boolean;
  /** Throws UNAUTHENTICATED (unknown, revoked, expired, wrong source address) or RATE_LIMITED. */
  authenticate(token: string, request: FastifyRequest): Promise<ApiKey>;
  /** The scope a route needs from a key; undefined: no key may call it. */
  scopeFor(method: string, url: string): string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
    staff?: Staff;
    apiKey?: ApiKey;
  }
}

export interface Access {
  devices?: readonly DeviceRoleT[];
  staff?: readonly StaffRoleT[];
  /** The one thing a session with a one-time password may do (change it, or sign out). */
  allowMustChange?: boolean;
}

export type AuthorizeHook = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & { readonly access: Access };

const BEARER = /^Bearer\s+(\S{1,200})$/i;

/**
 * `Authorization: Bearer <token>` may carry a device token or a staff session token; `X-Device-Token` adds a
 * device next to a staff session. A request passes when either matches what the route allows. The returned hook
 * carries its `access`, so the route table (role matrix, DPO report) can be read back from the routes themselves.
 */
export function authenticator(devices: DeviceTokens, staff: StaffTokens, apiKeys?: ApiKeyTokens) {
  return (access: Access): AuthorizeHook =>
    Object.assign(
      async function authorize(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
        const bearer = BEARER.exec(request.headers.authorization ?? '')?.[1];
        if (apiKeys && bearer && apiKeys.isKeyToken(bearer)) {
          request.apiKey = await apiKeys.authenticate(bearer, request);
          const scope = apiKeys.scopeFor(request.method, request.routeOptions.url ?? '');
          if (!scope || !request.apiKey.scopes.includes(scope)) throw new DomainError('FORBIDDEN', `this API key lacks the scope ${scope ?? '(no key may call this route)'}`);
          return;
        }
        const deviceHeader = request.headers['x-device-token'];
        const deviceToken = typeof deviceHeader === 'string' && deviceHeader.length <= 200 ? deviceHeader : bearer;
        request.device = await devices.authenticate(deviceToken);
        request.staff = await staff.authenticate(bearer);
        if (!request.device && !request.staff) throw new DomainError('UNAUTHENTICATED', 'sign in or pair this device first');
        if (request.device) devices.seen(request.device.id, request.ip);
        const deviceOk = request.device && access.devices?.includes(request.device.role);
        const staffOk = request.staff && access.staff?.includes(request.staff.role);
        if (!deviceOk && !staffOk) {
          if (request.staff?.mustChangePassword && !request.device) throw mustChange();
          throw new DomainError('FORBIDDEN', 'your role may not do this');
        }
        if (!deviceOk && request.staff?.mustChangePassword && !access.allowMustChange) throw mustChange();
      },
      { access },
    );
}

function mustChange(): DomainError {
  return new DomainError('PASSWORD_CHANGE_REQUIRED', 'change the one-time password first (POST /api/v1/auth/password)');
}

export type Authorize = ReturnType<typeof authenticator>;

export function isAuthorizeHook(fn: unknown): fn is AuthorizeHook {
  return typeof fn === 'function' && 'access' in fn && typeof (fn as { access: unknown }).access === 'object';
}

export function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}
