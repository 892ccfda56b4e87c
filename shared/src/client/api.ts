import type { ErrorCode } from '../protocol/errors.ts';

/** An error the server answered with; `code` is one of the shared error codes (or NETWORK when unreachable). */
export class ApiClientError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK' | 'TIMEOUT',
    message: string,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Bearer token: a staff session or a device token. */
  token?: string;
  deviceToken?: string;
}

/** JSON over the edge server's HTTP API; errors come back as ApiClientError with the server's code. */
export async function apiFetch<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.deviceToken) headers['x-device-token'] = opts.deviceToken;
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'), headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch {
    throw new ApiClientError('NETWORK', 'the edge server cannot be reached');
  }
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (json as { error?: { code?: ErrorCode; message?: string } } | undefined)?.error;
    throw new ApiClientError(err?.code ?? 'INTERNAL', err?.message ?? `HTTP ${res.status}`);
  }
  return json as T;
}
