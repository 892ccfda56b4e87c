import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signatures in the style of the Standard Webhooks specification (standardwebhooks.com): the secret is
 * `whsec_<base64 key>`; `webhook-signature` is `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, where
 * `webhook-id` and `webhook-timestamp` (Unix seconds) are the headers of the same name.
 */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** What a receiver does: true when one of the space-separated signatures matches and the time is within `toleranceSec`. */
export function verify(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, nowSec: number, toleranceSec = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSec - ts) > toleranceSec) return false;
  const want = Buffer.from(sign(secret, headers.id, ts, body));
  return headers.signature.split(' ').some((s) => {
    const got = Buffer.from(s);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}
