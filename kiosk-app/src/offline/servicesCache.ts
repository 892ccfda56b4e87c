import type { ServiceT } from '@lotse/shared';

const KEY = 'lotse.kiosk.services';

/** The office's services, kept from the last online moment so an offline kiosk can still offer them. */
export function cachedServices(): ServiceT[] {
  try {
    const raw = localStorage.getItem(KEY);
    const list: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter((s): s is ServiceT => typeof s?.id === 'string' && typeof s?.letter === 'string') : [];
  } catch {
    return [];
  }
}

export function cacheServices(services: ServiceT[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(services));
  } catch {
    // storage full or disabled: the online kiosk works without the cache
  }
}
