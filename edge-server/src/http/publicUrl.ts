import type { Db } from '../storage/db.ts';

/** Settings key of the phones' address (the print settings use the same key). */
export const PUBLIC_URL_SETTING = 'public.url';

/** `https://host[:port][/path]` without a trailing slash, or undefined for anything that is not a plain http(s) URL. */
export function normalizePublicUrl(raw: string | undefined): string | undefined {
  if (!raw?.trim()) return undefined;
  try {
    const url = new URL(raw.trim());
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * The address phones reach this server under (`LOTSE_PUBLIC_URL`, else the admin's setting): the kiosk puts it
 * into the ticket's QR code, so a phone never gets the kiosk's LAN address and its locally signed certificate.
 */
export async function configuredPublicUrl(db: Db, fromEnv: string | undefined): Promise<string | undefined> {
  const env = normalizePublicUrl(fromEnv);
  if (env) return env;
  const row = await db.selectFrom('settings').select('value').where('key', '=', PUBLIC_URL_SETTING).executeTakeFirst();
  return normalizePublicUrl(row?.value);
}
