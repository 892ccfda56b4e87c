import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { LANGUAGE_CODES, type ServiceTextsT, type ServiceTextT } from '@lotse/shared';

/** `shared/src/i18n/locales`, where the shipped service texts live (the first-start default). */
function localesDir(): string | undefined {
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@lotse/shared')), 'i18n', 'locales');
    return fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The shipped texts of one service in every language that has them (`services.json`: name, hint, bring, fee). */
export function shippedServiceTexts(serviceId: string): ServiceTextsT {
  const dir = localesDir();
  const texts: ServiceTextsT = {};
  if (!dir) return texts;
  for (const language of LANGUAGE_CODES) {
    try {
      const table = JSON.parse(fs.readFileSync(path.join(dir, language, 'services.json'), 'utf8')) as Record<string, Record<string, unknown>>;
      const entry = table[serviceId];
      if (!entry || typeof entry.name !== 'string') continue;
      texts[language] = {
        name: entry.name,
        description: typeof entry.hint === 'string' ? entry.hint : '',
        bring: Array.isArray(entry.bring) ? entry.bring.filter((b): b is string => typeof b === 'string' && b.length > 0) : [],
        fee: typeof entry.fee === 'string' ? entry.fee : '',
      };
    } catch {
      // this language ships no services file: German fallback
    }
  }
  return texts;
}

/** A text counts as given when its name is; the admin page marks the others as missing translations. */
export function hasText(text: ServiceTextT | undefined): text is ServiceTextT {
  return !!text && text.name.trim().length > 0;
}
