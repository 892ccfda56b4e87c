import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGE_CODES, type LanguageCode } from '@lotse/shared';

const LOCALES = fileURLToPath(new URL('../../../shared/src/i18n/locales/', import.meta.url));

type BringLists = Map<string, Map<string, string[]>>;

/** The what-to-bring lists of every service in every language (services.json), read once. */
function readBringLists(): BringLists {
  const out: BringLists = new Map();
  for (const lang of LANGUAGE_CODES) {
    const file = `${LOCALES}${lang}/services.json`;
    const services = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { bring?: unknown }>) : {};
    const lists = new Map<string, string[]>();
    for (const [id, s] of Object.entries(services)) {
      if (Array.isArray(s.bring) && s.bring.every((b) => typeof b === 'string')) lists.set(id, s.bring as string[]);
    }
    out.set(lang, lists);
  }
  return out;
}

let cached: BringLists | undefined;

/** A document slot's name: item `item` of the service's what-to-bring list, from the reviewed service texts. */
export function documentName(service: string, item: number, lang: LanguageCode): string | undefined {
  cached ??= readBringLists();
  return cached.get(lang)?.get(service)?.[item];
}
