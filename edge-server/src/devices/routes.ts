import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import QRCode from 'qrcode';
import {
  DeviceInfo,
  DeviceRole,
  DomainError,
  ErrorBody,
  PairedDevice,
  PairingCode,
  PairingCodeInput,
  PairInput,
  ShortId,
  type DeviceRoleT,
} from '@lotse/shared';
import { isLoopback, type Authorize } from '../http/auth.ts';
import type { Audit } from '../audit/auditor.ts';
import type { DeviceService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Where a device of each role pairs: the QR code opens this page with the code filled in. */
export function pairPath(role: DeviceRoleT): string {
  const paths: Record<DeviceRoleT, string> = { kiosk: '/kiosk/', display: '/kiosk/display', counter: '/counter/', citizen: '/counter/citizen' };
  return paths[role];
}

export function deviceRoutes(fastify: FastifyInstance, devices: DeviceService, authorize: Authorize, opts: { devAutoPair: boolean; audit: Audit }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = authorize({ staff: ['admin'] });

  app.post('/api/v1/devices/pairing-codes', {
    schema: { tags: ['devices'], summary: 'Make a one-time pairing code (admin)', body: PairingCodeInput, response: { 201: PairingCode, ...errors } },
    preHandler: admin,
  }, async (request, reply) => {
    const { role, name, counterId } = request.body;
    const { code, expiresAt } = await devices.createPairingCode(role, name, counterId);
    await opts.audit({ actor: `staff:${request.staff?.id ?? 'unknown'}`, action: 'device.pairingCodeCreated', details: { deviceRole: role, ...(counterId ? { counterId } : {}) } });
    const origin = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    const pairUrl = `${origin}${pairPath(role)}?pair=${encodeURIComponent(code)}`;
    const qrSvg = await QRCode.toString(pairUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.status(201).send({ code, role, name, expiresAt, ...(counterId ? { counterId } : {}), pairUrl, qrSvg });
  });

  app.post('/api/v1/devices/pair', {
    schema: { tags: ['devices'], summary: 'Redeem a pairing code; returns the device token once', body: PairInput, response: { 201: PairedDevice, ...errors } },
  }, async (request, reply) => reply.status(201).send(await devices.pair(request.body.code)));

  app.post('/api/v1/devices/dev-pair', {
    schema: {
      tags: ['devices'],
      summary: 'Development only (LOTSE_DEV_AUTOPAIR=1, loopback): pair without a code',
      body: Type.Object({ role: DeviceRole, counterId: Type.Optional(ShortId) }, { additionalProperties: false }),
      response: { 201: PairedDevice, ...errors },
    },
  }, async (request, reply) => {
    if (!opts.devAutoPair || !isLoopback(request.ip)) throw new DomainError('FORBIDDEN', 'automatic pairing is switched off');
    return reply.status(201).send(await devices.pairWithoutCode(request.body.role, `${request.body.role} (auto)`, request.body.counterId));
  });

  app.get('/api/v1/devices/me', {
    schema: {
      tags: ['devices'],
      summary: 'The calling device (a citizen screen: with the counter it is bound to)',
      response: { 200: Type.Object({ deviceId: Type.String(), role: DeviceRole, name: Type.String(), counterId: Type.Optional(ShortId) }), ...errors },
    },
    preHandler: authorize({ devices: ['kiosk', 'display', 'counter', 'citizen'] }),
  }, async (request) => {
    if (!request.device) throw new DomainError('UNAUTHENTICATED', 'send the device token');
    const { id, role, name, counterId } = request.device;
    return { deviceId: id, role, name, ...(counterId ? { counterId } : {}) };
  });

  app.get('/api/v1/devices', {
    schema: { tags: ['devices'], summary: 'All paired devices (admin)', response: { 200: Type.Array(DeviceInfo), ...errors } },
    preHandler: admin,
  }, () => devices.list());

  app.post('/api/v1/devices/:id/revoke', {
    schema: { tags: ['devices'], summary: 'Revoke a device; its sockets are cut at once (admin)', params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 204: Type.Null(), ...errors } },
    preHandler: admin,
  }, async (request, reply) => {
    await devices.revoke(request.params.id, `staff:${request.staff?.id ?? 'unknown'}`);
    return reply.status(204).send(null);
  });
}
