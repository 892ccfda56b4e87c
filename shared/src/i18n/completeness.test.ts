import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../languages.ts';

const localesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');
/** Namespaces only the (German) clerk side uses. */
const GERMAN_ONLY = new Set(['counter']);
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Json = string | Json[] | { [k: string]: Json };

function leaves(value: Json, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (Array.isArray(value)) out.set(prefix, value.map((v) => String(v)));
  else for (const [k, v] of Object.entries(value)) for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  return out;
}

const placeholders = (s: string | string[]) => new Set([...[s].flat().join(' ').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
const read = (lang: string, ns: string) => JSON.parse(fs.readFileSync(path.join(localesDir, lang, `${ns}.json`), 'utf8')) as Json;
const namespaces = fs.readdirSync(path.join(localesDir, 'de')).map((f) => f.replace(/\.json$/, '')).filter((ns) => !GERMAN_ONLY.has(ns));

describe('every language has every key the German files have', () => {
  for (const lang of LANGUAGES.filter((l) => l.code !== 'de')) {
    describe(lang.code, () => {
      // i18next picks plural forms by the language's CLDR rules; "_zero" is i18next's own override for 0.
      const categories = new Set([...new Intl.PluralRules(lang.code === 'de-simple' ? 'de' : lang.code).resolvedOptions().pluralCategories, 'zero']);
      for (const ns of namespaces) {
        it(`${ns}.json`, () => {
          const file = path.join(localesDir, lang.code, `${ns}.json`);
          expect(fs.existsSync(file), `${lang.code}/${ns}.json is missing`).toBe(true);
          const theirs = leaves(read(lang.code, ns));
          const ours = leaves(read('de', ns));
          const problems: string[] = [];
          const pluralBases = new Set<string>();
          for (const [key, value] of ours) {
            if (PLURAL_SUFFIX.test(key)) {
              pluralBases.add(key.replace(PLURAL_SUFFIX, ''));
              continue;
            }
            const t = theirs.get(key);
            if (t === undefined || (typeof t === 'string' && !t.trim())) problems.push(`missing ${key}`);
            else if (Array.isArray(value) && (!Array.isArray(t) || t.length !== value.length)) problems.push(`${key} must be a list of ${value.length}`);
            else if ([...placeholders(value)].some((p) => !placeholders(t).has(p))) problems.push(`${key} lost a {{placeholder}}`);
          }
          for (const base of pluralBases) {
            for (const cat of categories) {
              if (!theirs.get(`${base}_${cat}`)?.toString().trim()) problems.push(`missing plural ${base}_${cat}`);
            }
          }
          expect(problems).toEqual([]);
        });
      }
    });
  }
});

describe('right-to-left and script', () => {
  it('every right-to-left language writes its kiosk in Arabic script', () => {
    for (const lang of LANGUAGES.filter((l) => l.dir === 'rtl')) {
      const text = [...leaves(read(lang.code, 'kiosk')).values()].flat().join(' ');
      expect(text, lang.code).toMatch(/[\u0600-\u06FF]/);
    }
  });
  it('Tigrinya uses the Ethiopic script', () => {
    expect([...leaves(read('ti', 'kiosk')).values()].flat().join(' ')).toMatch(/[\u1200-\u137F]/);
  });
});
