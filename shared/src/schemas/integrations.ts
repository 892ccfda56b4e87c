import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Ulid } from './common.ts';
import { Appointment, BookingCode } from './kiosk.ts';

/**
 * Integrations (issue 17): API keys for the office's own systems, signed webhooks, appointment sources.
 * Names of keys and subscriptions are identifiers (`tevis-sync`), because the audit log records them by name and
 * holds no free text.
 */
export const API_SCOPES = ['queue:read', 'tickets:write', 'appointments:read', 'appointments:write', 'metrics:read', 'records:read'] as const;
export type ApiScopeT = (typeof API_SCOPES)[number];
export const ApiScope = Type.Union(API_SCOPES.map((s) => Type.Literal(s)), { description: 'What an API key may do' });

export const IntegrationName = Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'Lower-case identifier, e.g. tevis-sync' });
/** IPv4 or IPv6 network in CIDR notation (`10.1.0.0/16`, `2001:db8::/32`) or a single address. */
export const Cidr = Type.String({ minLength: 2, maxLength: 49, pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' });

export const ApiKeyCreateInput = Type.Object({
  name: IntegrationName,
  scopes: Type.Array(ApiScope, { minItems: 1, maxItems: API_SCOPES.length, uniqueItems: true }),
  expiresAt: Type.Optional(IsoDateTime),
  allowedCidrs: Type.Optional(Type.Array(Cidr, { maxItems: 16 })),
}, { additionalProperties: false });

export const ApiKeyView = Type.Object({
  id: Ulid,
  name: Type.String(),
  scopes: Type.Array(ApiScope),
  /** First characters of the key, so the admin can tell keys apart; the key itself is never shown again. */
  prefix: Type.String(),
  createdAt: IsoDateTime,
  expiresAt: Type.Union([IsoDateTime, Type.Null()]),
  allowedCidrs: Type.Array(Type.String()),
  lastUsedAt: Type.Union([IsoDateTime, Type.Null()]),
  lastUsedIp: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export const ApiKeyCreated = Type.Object({ key: ApiKeyView, token: Type.String({ description: 'Shown once: send as Authorization: Bearer <token>' }) });
export const ApiKeyList = Type.Object({ keys: Type.Array(ApiKeyView) });
export const IntegrationIdParams = Type.Object({ id: Ulid }, { additionalProperties: false });

export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.called', 'ticket.finished', 'ticket.noShow', 'session.ended', 'record.exported', 'appointment.checkedIn'] as const;
export type WebhookEventT = (typeof WEBHOOK_EVENTS)[number];
export const WebhookEvent = Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e)));

export const WebhookCreateInput = Type.Object({
  name: IntegrationName,
  url: Type.String({ minLength: 8, maxLength: 500, pattern: '^https?://' }),
  events: Type.Array(WebhookEvent, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true }),
  /** Ticket language and booking code go out only when this is true (audited). */
  allowPersonalData: Type.Optional(Type.Boolean()),
  /** Plain http is refused unless the admin allows it for this subscription (a test receiver, a host on the same machine). */
  allowHttp: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export const WebhookUpdateInput = Type.Object({
  events: Type.Optional(Type.Array(WebhookEvent, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true })),
  allowPersonalData: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const WebhookView = Type.Object({
  id: Ulid,
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(WebhookEvent),
  allowPersonalData: Type.Boolean(),
  allowHttp: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: IsoDateTime,
});
export const WebhookCreated = Type.Object({ subscription: WebhookView, secret: Type.String({ description: 'Shown once (whsec_…): verify webhook-signature with it' }) });
export const WebhookList = Type.Object({ subscriptions: Type.Array(WebhookView) });

export const DeliveryState = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]);
export const WebhookDelivery = Type.Object({
  id: Type.String({ description: 'webhook-id header: the same on every retry (idempotency key)' }),
  subscriptionId: Ulid,
  subscriptionName: Type.String(),
  event: WebhookEvent,
  state: DeliveryState,
  attempts: Type.Integer({ minimum: 0 }),
  createdAt: IsoDateTime,
  nextAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
  deliveredAt: Type.Union([IsoDateTime, Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export const DeliveryQuery = Type.Object({ state: Type.Optional(DeliveryState) }, { additionalProperties: false });
export const WebhookDeliveryList = Type.Object({ deliveries: Type.Array(WebhookDelivery) });

/** What an import would do, before it does it. */
export const RefusedAppointment = Type.Object({
  line: Type.Optional(Type.Integer({ minimum: 1 })),
  code: Type.Optional(Type.String()),
  reason: Type.String(),
});
export const AppointmentPreview = Type.Object({
  accepted: Type.Array(Appointment),
  cancelled: Type.Array(BookingCode),
  refused: Type.Array(RefusedAppointment),
});
export const AppointmentImportText = Type.Object({
  format: Type.Union([Type.Literal('ical'), Type.Literal('csv'), Type.Literal('json')]),
  text: Type.String({ minLength: 1, maxLength: 2 * 1024 * 1024 }),
}, { additionalProperties: false });

export const AppointmentFileImportResult = Type.Object({
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  removed: Type.Integer({ minimum: 0 }),
  /** Left out, with the reason; the rest was imported. */
  refused: Type.Array(RefusedAppointment),
});

export const AppointmentSourceInput = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 500, pattern: '^https?://' }),
  format: Type.Union([Type.Literal('ical'), Type.Literal('csv')]),
  intervalMinutes: Type.Integer({ minimum: 5, maximum: 1440 }),
  allowHttp: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export const AppointmentSourceView = Type.Object({
  url: Type.String(),
  format: Type.Union([Type.Literal('ical'), Type.Literal('csv')]),
  intervalMinutes: Type.Integer(),
  allowHttp: Type.Boolean(),
  lastPulledAt: Type.Union([IsoDateTime, Type.Null()]),
  lastStatus: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastCounts: Type.Union([Type.Object({ created: Type.Integer(), updated: Type.Integer(), removed: Type.Integer(), refused: Type.Integer() }), Type.Null()]),
});
export const AppointmentSourceState = Type.Object({ source: Type.Union([AppointmentSourceView, Type.Null()]) });

export type ApiKeyCreateInputT = Static<typeof ApiKeyCreateInput>;
export type ApiKeyViewT = Static<typeof ApiKeyView>;
export type ApiKeyCreatedT = Static<typeof ApiKeyCreated>;
export type WebhookCreateInputT = Static<typeof WebhookCreateInput>;
export type WebhookUpdateInputT = Static<typeof WebhookUpdateInput>;
export type WebhookViewT = Static<typeof WebhookView>;
export type WebhookCreatedT = Static<typeof WebhookCreated>;
export type WebhookDeliveryT = Static<typeof WebhookDelivery>;
export type DeliveryStateT = Static<typeof DeliveryState>;
export type AppointmentPreviewT = Static<typeof AppointmentPreview>;
export type RefusedAppointmentT = Static<typeof RefusedAppointment>;
export type AppointmentImportTextT = Static<typeof AppointmentImportText>;
export type AppointmentFileImportResultT = Static<typeof AppointmentFileImportResult>;
export type AppointmentSourceInputT = Static<typeof AppointmentSourceInput>;
export type AppointmentSourceViewT = Static<typeof AppointmentSourceView>;
