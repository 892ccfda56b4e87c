import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, SafeName, ShortId } from './common.ts';

export const DeviceRole = Type.Union([Type.Literal('kiosk'), Type.Literal('display'), Type.Literal('counter'), Type.Literal('citizen')]);
export const StaffRole = Type.Union([Type.Literal('clerk'), Type.Literal('admin')]);

export const PairingCodeInput = Type.Object(
  {
    role: DeviceRole,
    name: SafeName(60),
    /** Required for a citizen screen, refused for other roles: the one counter whose conversation it shows. */
    counterId: Type.Optional(ShortId),
  },
  { additionalProperties: false },
);
export const PairingCode = Type.Object({
  code: Type.String({ description: 'Short code the device types' }),
  role: DeviceRole,
  name: Type.String(),
  expiresAt: IsoDateTime,
  counterId: Type.Optional(ShortId),
  pairUrl: Type.String({ description: 'URL the QR code carries' }),
  qrSvg: Type.String(),
});
export const PairInput = Type.Object(
  { code: Type.String({ minLength: 4, maxLength: 16, pattern: '^[A-Za-z0-9-]+$' }) },
  { additionalProperties: false },
);
export const PairedDevice = Type.Object({
  deviceId: Type.String(),
  role: DeviceRole,
  name: Type.String(),
  token: Type.String({ description: 'Secret; send as auth.deviceToken or Bearer' }),
  /** A citizen screen's counter (bound at pairing; it cannot follow any other). */
  counterId: Type.Optional(ShortId),
});
export const DeviceInfo = Type.Object({
  deviceId: Type.String(),
  role: DeviceRole,
  name: Type.String(),
  pairedAt: IsoDateTime,
  lastSeenAt: Type.Union([IsoDateTime, Type.Null()]),
  revoked: Type.Boolean(),
  /** A citizen screen's counter; null for a citizen screen paired before screens were bound (it must be paired again). */
  counterId: Type.Optional(Type.Union([ShortId, Type.Null()])),
  /** Address the device last connected from (LAN inventory, BSI NET.1.1); absent on old rows. */
  lastIp: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** The device hit a socket limit since the server started (events, tickets, connections): when last, how often. */
  limited: Type.Optional(Type.Object({
    lastAt: IsoDateTime,
    count: Type.Integer({ minimum: 1 }),
    kind: Type.Union([Type.Literal('events'), Type.Literal('tickets'), Type.Literal('connections')]),
  })),
});

/** Why the server took a socket's staff sign-in away (`staff:signedOut`): the app shows the sign-in again. */
export const StaffSignedOut = Type.Object(
  { reason: Type.Union([Type.Literal('signedOut'), Type.Literal('expired'), Type.Literal('ended')]) },
  { additionalProperties: false },
);
export type StaffSignedOutT = Static<typeof StaffSignedOut>;

export const LoginInput = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 60 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const StaffSession = Type.Object({
  token: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  expiresAt: IsoDateTime,
  /** First-start or reset password: this session may only change the password (POST /api/v1/auth/password). */
  mustChangePassword: Type.Optional(Type.Boolean()),
  /** Languages the holder speaks (catalogue codes): the desk marks and prefers tickets in them (issue 11). */
  languages: Type.Optional(Type.Array(Type.String())),
});

/** What a socket sends in its handshake (`auth`). */
export const HandshakeAuth = Type.Object({
  protocolVersion: Type.Integer(),
  deviceToken: Type.Optional(Type.String({ maxLength: 200 })),
  staffToken: Type.Optional(Type.String({ maxLength: 200 })),
});

export type DeviceRoleT = Static<typeof DeviceRole>;
export type StaffRoleT = Static<typeof StaffRole>;
export type PairingCodeInputT = Static<typeof PairingCodeInput>;
export type PairingCodeT = Static<typeof PairingCode>;
export type PairedDeviceT = Static<typeof PairedDevice>;
export type DeviceInfoT = Static<typeof DeviceInfo>;
export type LoginInputT = Static<typeof LoginInput>;
export type StaffSessionT = Static<typeof StaffSession>;
export type HandshakeAuthT = Static<typeof HandshakeAuth>;
