import type { SecureContextOptions } from 'node:tls';
import { ensureTls, type EnsureTlsOptions, type TlsMaterial } from './ensureTls.ts';

/** What renewal changes: the material the routes read, and the listening HTTPS server's context. */
export interface RenewalTarget {
  runtime: { material: TlsMaterial };
  server: { setSecureContext(options: SecureContextOptions): void };
}

export const RENEWAL_CHECK_MS = 12 * 3_600_000;

/**
 * Re-runs ensureTls (which re-issues the server certificate when fewer than 30 days are left, or re-makes the CA
 * when it must) and swaps the result into the running server: new connections get it, open ones keep theirs.
 * Returns what was issued, or undefined when nothing changed.
 */
export async function renewIfDue(options: EnsureTlsOptions, target: RenewalTarget): Promise<TlsMaterial['issued'] | undefined> {
  const next = await ensureTls(options);
  if (!next.issued.server && !next.issued.ca) return undefined;
  target.server.setSecureContext({ key: next.key, cert: next.cert, minVersion: 'TLSv1.2' });
  target.runtime.material = next;
  return next.issued;
}

/** Checks every `everyMs` (unref'd: it never keeps the process alive); returns the stop function. */
export function startRenewal(options: () => EnsureTlsOptions, target: RenewalTarget, report: (issued: TlsMaterial['issued'] | undefined, err?: unknown) => void, everyMs = RENEWAL_CHECK_MS): () => void {
  const timer = setInterval(() => {
    renewIfDue(options(), target).then((issued) => issued && report(issued), (err: unknown) => report(undefined, err));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
