import { Type, type Static } from '@sinclair/typebox';
import { LANGUAGE_CODES } from '../languages.ts';

/** Crockford base32 ULID: clients make them, the server uses them as idempotency keys. */
export const Ulid = Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', description: 'ULID made by the client' });
export const ShortId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9-]*$' });
export const LanguageSchema = Type.Union(
  LANGUAGE_CODES.map((c) => Type.Literal(c)),
  { description: 'Language from the catalogue' },
);
/**
 * Characters no name may hold: C0/C1 controls (NUL, newline, escape …), bidi marks, embeddings, overrides and
 * isolates (U+202E turns "Platz 1" around on every screen that shows it), line/paragraph separators and the BOM.
 */
export const UNSAFE_NAME_CHARS = '\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028-\\u202E\\u2066-\\u2069\\uFEFF';
/** Every name a person types (device, account, display name): 1..maxLength characters, none of UNSAFE_NAME_CHARS. */
export const SafeName = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: `^[^${UNSAFE_NAME_CHARS}]+$`, description: 'A name: no control or bidi-override characters' });
export const IsoDateTime = Type.String({ format: 'date-time' });
/** No fields at all. Typed as `Record<string, never>`: `Static` of an empty object would be `{}`, which takes anything. */
export const Empty = Type.Unsafe<Record<string, never>>(Type.Object({}, { additionalProperties: false }));

export const ErrorBody = Type.Object({
  ok: Type.Literal(false),
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export type UlidT = Static<typeof Ulid>;
