/**
 * What may go into the audit log. The log must never hold transcript text or personal data (GDPR Art. 5(1)(c),
 * issue 5 §3), so the shape is closed: a fixed set of actions, pseudonymous actors, and details limited to a
 * whitelist of keys whose values are identifiers, counts or flags — no free text, no whitespace, no '@'.
 */
export const AUDIT_ACTIONS = [
  'auth.signIn',
  'auth.signInFailed',
  'auth.signOut',
  'auth.locked',
  'auth.passwordChanged',
  'auth.passwordReset',
  'staff.created',
  'staff.updated',
  'staff.disabled',
  'device.pairingCodeCreated',
  'device.paired',
  'device.revoked',
  'consent.given',
  'consent.withdrawn',
  'session.started',
  'session.ended',
  'transcript.kept',
  'ticket.created',
  'ticket.called',
  'ticket.recalled',
  'ticket.finished',
  // The clerk's toolset (issue 11), by the acting account.
  'ticket.parked',
  'ticket.resumed',
  'ticket.transferred',
  'ticket.calledOutOfOrder',
  'ticket.noShowRecalled',
  'ticket.helpRequested',
  'ticket.helpAccepted',
  'export.created',
  'settings.changed',
  'retention.purged',
  'audit.verified',
  'tls.certificateIssued',
  'crypto.keyCreated',
  'crypto.unreadableDiscarded',
  'system.started',
  // Office configuration (issue 11): which entity changed and which fields, never the texts themselves.
  'office.serviceCreated',
  'office.serviceChanged',
  'office.serviceRetired',
  'office.counterCreated',
  'office.counterChanged',
  'office.counterRetired',
  'office.displayGroupChanged',
  'office.hoursChanged',
  'office.appointmentBooked',
  'device.renamed',
  'device.removed',
  // Integrations (issue 17): keys and subscriptions by their identifier name, never a URL or a payload.
  'apiKey.created',
  'apiKey.revoked',
  'apiKey.used',
  'webhook.created',
  'webhook.changed',
  'webhook.deleted',
  'webhook.redelivered',
  'webhook.deadLettered',
  'appointments.imported',
  'appointments.sourceChanged',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditActor = 'system' | `staff:${string}` | `device:${string}`;

type DetailKind = 'id' | 'ids' | 'count' | 'counts' | 'flag';

/** Allowed detail keys. Add a key here (with review) rather than loosening the value rules. */
export const AUDIT_DETAIL_KEYS = {
  role: 'id',
  deviceRole: 'id',
  reason: 'id', // a code such as 'badPassword', never a message
  method: 'id',
  staffId: 'id',
  deviceId: 'id',
  counterId: 'id',
  ticketId: 'id',
  serviceId: 'id',
  sessionId: 'id',
  language: 'id',
  sourceLanguage: 'id',
  targetLanguage: 'id',
  engine: 'id',
  format: 'id',
  kind: 'id',
  scope: 'id',
  integration: 'id', // an API key's or webhook subscription's name (an identifier, issue 17)
  route: 'id', // a route template as METHOD:path.with.dots, e.g. GET:tickets.:id
  scopes: 'ids',
  events: 'ids',
  status: 'count',
  version: 'id',
  settings: 'ids', // names of changed settings, not their values
  fields: 'ids', // names of changed configuration fields (issue 11), not their values
  languages: 'ids',
  count: 'count',
  durationSec: 'count',
  failedAttempts: 'count',
  firstBrokenSeq: 'count',
  counts: 'counts', // e.g. retention: { transcripts: 3, tickets: 12 }
  outcome: 'id', // a code of the office's outcome list
  position: 'id', // 'keep' | 'front' of a transfer
  targetCounterId: 'id',
  recall: 'flag',
  kept: 'flag',
  ok: 'flag',
  personalData: 'flag',
} as const satisfies Record<string, DetailKind>;
export type AuditDetailKey = keyof typeof AUDIT_DETAIL_KEYS;

type DetailValue<K extends DetailKind> = K extends 'id' ? string : K extends 'ids' ? readonly string[]
  : K extends 'count' ? number : K extends 'counts' ? Readonly<Record<string, number>> : boolean;
export type AuditDetails = { [K in AuditDetailKey]?: DetailValue<(typeof AUDIT_DETAIL_KEYS)[K]> };

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;
const ACTOR_RE = /^(system|staff:[A-Za-z0-9._-]{1,64}|device:[A-Za-z0-9._-]{1,64})$/;
const MAX_LIST = 32;
export const MAX_DETAILS_BYTES = 1024;

/** Error messages name the offending key but never echo the value: the value might be the personal data. */
export class AuditInputError extends Error {
  override name = 'AuditInputError';
}

const isAction = (a: unknown): a is AuditAction => typeof a === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(a);
const isId = (v: unknown): v is string => typeof v === 'string' && ID_RE.test(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isKey = (k: string): k is AuditDetailKey => Object.hasOwn(AUDIT_DETAIL_KEYS, k);

function checkValue(key: string, kind: DetailKind, value: unknown): void {
  const ok = (() => {
    switch (kind) {
      case 'id': return isId(value);
      case 'count': return isCount(value);
      case 'flag': return typeof value === 'boolean';
      case 'ids': return Array.isArray(value) && value.length <= MAX_LIST && value.every(isId);
      case 'counts': {
        if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
        const entries = Object.entries(value);
        return entries.length <= MAX_LIST && entries.every(([k, v]) => ID_RE.test(k) && isCount(v));
      }
    }
  })();
  if (!ok) throw new AuditInputError(`audit detail "${key}" must be ${kind === 'id' ? 'an identifier' : `a valid ${kind} value`}`);
}

export function assertActor(actor: unknown): asserts actor is AuditActor {
  if (typeof actor !== 'string' || !ACTOR_RE.test(actor)) throw new AuditInputError('audit actor must be system, staff:<id> or device:<id>');
}

export function assertAction(action: unknown): asserts action is AuditAction {
  if (!isAction(action)) throw new AuditInputError('unknown audit action');
}

export function assertSubject(subject: unknown): asserts subject is string | null {
  if (subject !== null && !isId(subject)) throw new AuditInputError('audit subject must be an identifier or null');
}

/** Validates details and returns their canonical JSON (sorted keys), which is what is stored and hashed. */
export function canonicalDetails(details: unknown): string {
  if (details === undefined || details === null) return '{}';
  if (typeof details !== 'object' || Array.isArray(details) || Object.getPrototypeOf(details) !== Object.prototype) {
    throw new AuditInputError('audit details must be a plain object');
  }
  for (const [key, value] of Object.entries(details)) {
    if (!isKey(key)) throw new AuditInputError(`audit detail key "${key.slice(0, 40)}" is not allowed`);
    if (value === undefined) continue;
    checkValue(key, AUDIT_DETAIL_KEYS[key], value);
  }
  const json = canonicalJson(details);
  if (Buffer.byteLength(json) > MAX_DETAILS_BYTES) throw new AuditInputError(`audit details exceed ${MAX_DETAILS_BYTES} bytes`);
  return json;
}

/** JSON with object keys sorted at every level and undefined members dropped: one value, one string. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
