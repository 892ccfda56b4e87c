/**
 * The browser bundle never validates: the edge server does. Shared schemas are built with TypeBox at module
 * level, which would put ~20 KB gzip of schema builders into the kiosk's first load; this stub stands in for
 * `@sinclair/typebox` in the kiosk build (types still come from the real package).
 */
const schema = (): Record<string, unknown> => ({});
export const Type: Record<string, typeof schema> = new Proxy({}, { get: () => schema });
