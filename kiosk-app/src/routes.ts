/** Which of the three faces of this app a URL shows. */
export type Route = { name: 'kiosk' } | { name: 'display' } | { name: 'mobile'; ticketId: string };

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

export function routeFromPath(pathname: string): Route {
  const mobile = new RegExp(`/(?:t|ticket)/(${ULID})/?$`, 'i').exec(pathname);
  if (mobile) return { name: 'mobile', ticketId: mobile[1].toUpperCase() };
  return /\/display\/?$/.test(pathname) ? { name: 'display' } : { name: 'kiosk' };
}

/** i18n namespaces each face needs (the others are never loaded). */
export const NAMESPACES: Record<Route['name'], string[]> = {
  kiosk: ['kiosk', 'common', 'services'],
  display: ['display', 'common'],
  mobile: ['mobile', 'kiosk', 'services', 'common'],
};
