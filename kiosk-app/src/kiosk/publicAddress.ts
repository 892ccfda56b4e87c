import { useEffect, useState } from 'react';
import { apiFetch } from '@lotse/shared/client';

const KEY = 'lotse.kiosk.publicUrl';

/** The last address the server named, so an offline kiosk's QR code still points phones to the public address. */
function remembered(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

let asked: Promise<string | undefined> | undefined;

/** Asks the server once per page load; an unreachable server leaves the remembered address in place. */
function askServer(): Promise<string | undefined> {
  asked ??= apiFetch<{ publicUrl?: string }>('/api/v1/info').then(
    (info) => {
      try {
        if (info.publicUrl) localStorage.setItem(KEY, info.publicUrl);
        else localStorage.removeItem(KEY);
      } catch {
        // private mode: the address is not remembered across loads
      }
      return info.publicUrl;
    },
    () => remembered(),
  );
  return asked;
}

/** Asks early (when the kiosk starts), so the first ticket's QR code already carries the public address. */
export function preparePublicBase(): void {
  void askServer();
}

/**
 * Where phones reach the edge server: the configured public address (`LOTSE_PUBLIC_URL` or the admin's setting),
 * else the kiosk's own origin (a kiosk on the office's only address).
 */
export function usePublicBase(): string {
  const [base, setBase] = useState(() => remembered() ?? location.origin);
  useEffect(() => {
    let live = true;
    void askServer().then((url) => live && setBase(url ?? location.origin));
    return () => void (live = false);
  }, []);
  return base;
}

/** The mobile ticket page: `<public address>/kiosk/t/<ticketId>`, no account, nothing personal. */
export function mobileTicketUrl(base: string, ticketId: string): string {
  return `${base.replace(/\/+$/, '')}${import.meta.env.BASE_URL}t/${ticketId}`;
}
