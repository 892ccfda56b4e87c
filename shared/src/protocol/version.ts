/**
 * Bumped whenever an event or payload changes incompatibly. A client with another version is refused at the
 * handshake with STALE_CLIENT so that a cached PWA bundle reloads instead of failing silently.
 */
export const PROTOCOL_VERSION = 1;
