import { ulid } from 'ulid';
import type { FastifyRequest } from 'fastify';
import { API_SCOPES, DomainError, type ApiKeyCreateInputT, type ApiKeyCreatedT, type ApiKeyViewT, type ApiScopeT } from '@lotse/shared';
import type { Db } from '../storage/db.ts';
import type { ApiKeysTable } from '../storage/schema.ts';
import type { Audit } from '../audit/auditor.ts';
import type { ApiKey, ApiKeyTokens } from '../http/auth.ts';
import { hashToken, randomToken } from '../security/password.ts';
import { parseCidrs } from './cidr.ts';
import { scopeFor } from './scopes.ts';

/** Keys look like `lotse_<43 base64url>`: a shape no device or session token has, so the scheme is known at once. */
const KEY_PREFIX = 'lotse_';
const KEY_RE = /^lotse_[A-Za-z0-9_-]{43}$/;

export interface ApiKeyOptions {
  db: Db;
  audit: Audit;
  now?: () => Date;
  /** Calls per key per minute (default 120); each key has its own budget. */
  perMinute?: number;
}

function toView(row: ApiKeysTable): ApiKeyViewT {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as ApiScopeT[],
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    allowedCidrs: JSON.parse(row.allowed_cidrs) as string[],
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    revokedAt: row.revoked_at,
  };
}

/** `GET /api/v1/tickets/:id` → `GET:tickets.:id` (an audit identifier: no slashes). */
export function routeId(method: string, url: string): string {
  return `${method}:${url.replace(/^\/api\/v1\//, '').replace(/\//g, '.')}`.slice(0, 80);
}

/**
 * API keys (issue 17 §1): made by an admin, shown once, stored as SHA-256, checked on every call against the
 * database (so a revocation cuts the next call, on every process), each with its own rate limit.
 */
export class ApiKeyService implements ApiKeyTokens {
  private readonly db: Db;
  private readonly audit: Audit;
  private readonly now: () => Date;
  private readonly perMinute: number;
  /** Fixed one-minute windows per key. Per process: behind several processes a key gets this budget on each. */
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(opts: ApiKeyOptions) {
    this.db = opts.db;
    this.audit = opts.audit;
    this.now = opts.now ?? (() => new Date());
    this.perMinute = opts.perMinute ?? 120;
  }

  isKeyToken(token: string): boolean {
    return token.startsWith(KEY_PREFIX);
  }

  scopeFor(method: string, url: string): string | undefined {
    return scopeFor(method, url);
  }

  async create(input: ApiKeyCreateInputT, staffId: string): Promise<ApiKeyCreatedT> {
    const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
    const cidrs = input.allowedCidrs ?? [];
    try {
      parseCidrs(cidrs);
    } catch (err) {
      throw new DomainError('BAD_REQUEST', (err as Error).message);
    }
    const now = this.now();
    if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime()) throw new DomainError('BAD_REQUEST', 'the expiry lies in the past');
    const token = KEY_PREFIX + randomToken();
    const row: ApiKeysTable = {
      id: ulid(),
      name: input.name,
      token_hash: hashToken(token),
      prefix: token.slice(0, KEY_PREFIX.length + 6),
      scopes: JSON.stringify(scopes),
      allowed_cidrs: JSON.stringify(cidrs),
      created_at: now.toISOString(),
      created_by: staffId,
      expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      last_used_at: null,
      last_used_ip: null,
      revoked_at: null,
    };
    // Names are unique (also by constraint): the audit log tells integrations apart by name.
    const taken = await this.db.selectFrom('api_keys').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw new DomainError('CONFLICT', `an API key named ${input.name} exists already`);
    await this.db.insertInto('api_keys').values(row).execute();
    await this.audit({ actor: `staff:${staffId}`, action: 'apiKey.created', subject: row.id, details: { integration: row.name, scopes } });
    return { key: toView(row), token };
  }

  async list(): Promise<ApiKeyViewT[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map(toView);
  }

  async revoke(id: string, staffId: string): Promise<ApiKeyViewT> {
    const at = this.now().toISOString();
    const res = await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `no API key ${id}`);
    if (Number(res.numUpdatedRows) === 1) await this.audit({ actor: `staff:${staffId}`, action: 'apiKey.revoked', subject: id, details: { integration: row.name } });
    return toView(row);
  }

  async authenticate(token: string, request: FastifyRequest): Promise<ApiKey> {
    const refuse = () => new DomainError('UNAUTHENTICATED', 'this API key is unknown, revoked or expired, or not allowed from this address');
    if (!KEY_RE.test(token)) throw refuse();
    const row = await this.db.selectFrom('api_keys').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row || row.revoked_at) throw refuse();
    const now = this.now();
    const key: ApiKey = { id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as string[] };
    const ip = request.ip;
    const expired = row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime();
    if (expired || !parseCidrs(JSON.parse(row.allowed_cidrs) as string[]).allows(ip)) {
      // Known key, refused: still recorded under its name, so the admin sees who knocks.
      request.apiKey = key;
      throw refuse();
    }
    request.apiKey = key;
    if (!this.take(row.id, now.getTime())) throw new DomainError('RATE_LIMITED', `this API key may make ${this.perMinute} calls a minute`);
    await this.db.updateTable('api_keys').set({ last_used_at: now.toISOString(), last_used_ip: ip.slice(0, 45) }).where('id', '=', row.id).execute();
    return key;
  }

  /** Every answer to a key's call (including refusals) goes into the audit log under the key's name. */
  recordCall(key: ApiKey, method: string, url: string, status: number): Promise<void> {
    return this.audit({ actor: 'system', action: 'apiKey.used', subject: key.id, details: { integration: key.name, route: routeId(method, url), status } });
  }

  private take(id: string, at: number): boolean {
    const w = this.windows.get(id);
    if (!w || at - w.start >= 60_000) {
      this.windows.set(id, { start: at, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.perMinute;
  }
}
