import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, SafeName } from './common.ts';
import { StaffRole } from './auth.ts';

/** Trust layer: staff accounts, settings, audit log, TLS and the DPO report (issue 5). */

export const ChangePasswordInput = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const UnlockInput = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const Username = Type.String({ minLength: 3, maxLength: 60, pattern: '^[a-z0-9][a-z0-9._-]*$' });
export const CreateStaffInput = Type.Object(
  { username: Username, displayName: SafeName(80), role: StaffRole },
  { additionalProperties: false },
);
export const StaffAccount = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  mustChangePassword: Type.Boolean(),
  lockedUntil: Type.Union([IsoDateTime, Type.Null()]),
  disabled: Type.Boolean(),
  /** Languages the holder speaks (catalogue codes), for calling by language (issue 11). */
  languages: Type.Array(Type.String()),
});
/** A one-time password, shown once to the admin and never stored in clear. */
export const OneTimePassword = Type.Object({ account: StaffAccount, password: Type.String() });
export const StaffIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z]+$' }) });

/** Settings an admin may change; every one has a safe default. */
export const Settings = Type.Object({
  /** Minutes without input before the clerk's screen locks. */
  screenLockMinutes: Type.Integer({ minimum: 1, maximum: 60 }),
  /** Days a transcript kept with the citizen's consent survives (0..30). */
  transcriptKeepDays: Type.Integer({ minimum: 0, maximum: 30 }),
  /** Days after a ticket is finished before its personal fields are blanked (0..30). */
  finishedTicketPersonalFieldsDays: Type.Integer({ minimum: 0, maximum: 30 }),
  /** Days per-ticket/per-session metric rows are kept (1..400). */
  metricsDetailDays: Type.Integer({ minimum: 1, maximum: 400 }),
});
export const SettingsUpdate = Type.Partial(Settings, { additionalProperties: false, minProperties: 1 });

export const AuditEntryView = Type.Object({
  seq: Type.Integer(),
  at: IsoDateTime,
  actor: Type.String(),
  action: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
/** Query strings arrive as text (the server does not coerce types): whole numbers as digits. */
export const AuditQuery = Type.Object(
  { beforeSeq: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' })), limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })) },
);
export const AuditVerifyResult = Type.Object({
  ok: Type.Boolean(),
  count: Type.Optional(Type.Integer()),
  headHash: Type.Optional(Type.String()),
  firstBrokenSeq: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});

export const LocalizedText = Type.Object({ de: Type.String(), en: Type.String() });
export const TlsInfo = Type.Object({
  enabled: Type.Boolean(),
  httpsPort: Type.Union([Type.Integer(), Type.Null()]),
  caUrl: Type.Union([Type.String(), Type.Null()]),
  caFingerprintSha256: Type.Union([Type.String(), Type.Null()]),
  serverNotAfter: Type.Union([IsoDateTime, Type.Null()]),
  names: Type.Array(Type.String()),
  guides: Type.Array(Type.Object({ platform: Type.String(), title: LocalizedText, steps: Type.Array(LocalizedText) })),
});

/** The Art. 30 record / DPIA facts as Markdown plus its generation time. */
export const PrivacyReportView = Type.Object({ generatedAt: IsoDateTime, markdown: Type.String() });

export type ChangePasswordInputT = Static<typeof ChangePasswordInput>;
export type UnlockInputT = Static<typeof UnlockInput>;
export type CreateStaffInputT = Static<typeof CreateStaffInput>;
export type StaffAccountT = Static<typeof StaffAccount>;
export type OneTimePasswordT = Static<typeof OneTimePassword>;
export type SettingsT = Static<typeof Settings>;
export type SettingsUpdateT = Static<typeof SettingsUpdate>;
export type AuditEntryViewT = Static<typeof AuditEntryView>;
export type AuditQueryT = Static<typeof AuditQuery>;
export type AuditVerifyResultT = Static<typeof AuditVerifyResult>;
export type TlsInfoT = Static<typeof TlsInfo>;
export type PrivacyReportViewT = Static<typeof PrivacyReportView>;
