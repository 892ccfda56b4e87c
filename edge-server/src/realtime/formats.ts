import { FormatRegistry } from '@sinclair/typebox';

/**
 * TypeBox's compiler knows no string formats by itself (Fastify's Ajv does): register the ones our shared schemas
 * use, so a socket payload is checked exactly like the same body over HTTP.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));
}
