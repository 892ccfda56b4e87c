import { LANGUAGE_CODES, type LanguageCode } from '../languages.ts';
import { markersOf } from './render.ts';
import type { Phrase } from './types.ts';

/**
 * What is wrong with a phrase, in words an admin understands: a language missing (when all are required), a slot
 * used in one language and not in another, a marker without a slot, a slot twice in one sentence.
 */
export function phraseProblems(p: Phrase, requireAll: boolean): string[] {
  const problems: string[] = [];
  const slots = Object.keys(p.slots).sort();
  for (const code of LANGUAGE_CODES) {
    const text = p.text[code as LanguageCode];
    if (text === undefined) {
      if (requireAll) problems.push(`${p.id}: no ${code} text`);
      continue;
    }
    if (text.trim() !== text || text.length === 0) problems.push(`${p.id} (${code}): empty or untrimmed`);
    const used = markersOf(text);
    if (new Set(used).size !== used.length) problems.push(`${p.id} (${code}): a slot is used twice`);
    const missing = slots.filter((s) => !used.includes(s));
    const unknown = used.filter((s) => !slots.includes(s));
    if (missing.length) problems.push(`${p.id} (${code}): slot ${missing.join(', ')} not used`);
    if (unknown.length) problems.push(`${p.id} (${code}): {${unknown.join('}, {')}} is no slot of this phrase`);
    if (/[{}]/.test(text.replace(/\{[a-zA-Z0-9]+\}/g, ''))) problems.push(`${p.id} (${code}): stray brace`);
  }
  return problems;
}
