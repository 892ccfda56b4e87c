/**
 * Suggestions while the clerk types German: the phrases closest to the typed words, tolerant of typos (edit
 * distance), word order (bag of words) and words still being typed (prefix), with slot values found in the text
 * filling the phrase's slots. Runs in the browser on every keystroke: the index is built once, a query compares
 * its few words with the vocabulary, not with every phrase.
 */
import type { SlotTypeT, SlotValuesT } from './schema.ts';
import type { Phrase } from './types.ts';
import { parseTypedSlots } from './parse.ts';

export interface Suggestion {
  phrase: Phrase;
  score: number;
  /** Values for the phrase's slots found in the typed text (by slot name); the rest come from pickers. */
  slots: SlotValuesT;
  /** Every slot has a value: the suggestion can be sent as it is. */
  complete: boolean;
}

export const foldGerman = (s: string) =>
  s.toLocaleLowerCase('de').replace(/ß/g, 'ss').normalize('NFKD').replace(/\p{M}/gu, '');
const words = (s: string) => foldGerman(s.replace(/\{[a-zA-Z0-9]+\}/g, ' ')).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

/** Rows reused between calls: a keystroke compares a few words with the whole vocabulary, without garbage. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early beyond `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0].length) rows = [0, 1, 2].map(() => new Int32Array(b.length * 2 + 2));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

/** How well a typed word fits a phrase word: 1 exact, less for a prefix being typed or a typo. */
function similarity(typed: string, word: string, last: boolean): number {
  if (typed === word) return 1;
  if (last && typed.length >= 2 && word.startsWith(typed)) return 0.6 + 0.4 * (typed.length / word.length);
  if (typed.length < 4) return 0;
  const max = typed.length >= 8 ? 2 : 1;
  const d = editDistance(typed, word, max);
  if (d <= max) return 1 - d / (typed.length + 1) - 0.1;
  return 0;
}

interface Entry {
  phrase: Phrase;
  words: number[];
  weight: number;
  slotTypes: SlotTypeT[];
}

export interface PhraseIndex {
  suggest(typed: string, opts?: { limit?: number; uses?: Readonly<Record<string, number>>; today?: Date }): Suggestion[];
}

/** Builds the index of the clerk's phrases (German text): vocabulary with inverse document frequency weights. */
export function buildPhraseIndex(phrases: readonly Phrase[]): PhraseIndex {
  const vocab = new Map<string, number>();
  const df: number[] = [];
  const entries: Entry[] = phrases.map((phrase) => {
    const ids = [...new Set(words(phrase.text.de))].map((w) => {
      let id = vocab.get(w);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(w, id);
        df.push(0);
      }
      df[id]++;
      return id;
    });
    return { phrase, words: ids, weight: 0, slotTypes: Object.values(phrase.slots) };
  });
  const idf = df.map((n) => Math.log(1 + phrases.length / n));
  for (const e of entries) e.weight = e.words.reduce((sum, id) => sum + idf[id], 0) + e.slotTypes.length * 2;
  const vocabList = [...vocab.keys()];

  return {
    suggest(typed, opts = {}) {
      const { values, rest } = parseTypedSlots(typed, opts.today);
      const query = words(rest);
      const foundTypes = Object.keys(values) as SlotTypeT[];
      if (query.length === 0 && foundTypes.length === 0) return [];
      // Each typed word against the vocabulary once: best fit per vocabulary word.
      const fit = new Map<number, number>();
      const typedBest: number[] = [];
      query.forEach((q, qi) => {
        let best = 0;
        const last = qi === query.length - 1;
        for (let id = 0; id < vocabList.length; id++) {
          const sim = similarity(q, vocabList[id], last);
          if (sim > 0) {
            if (sim > (fit.get(id) ?? 0)) fit.set(id, sim);
            if (sim > best) best = sim;
          }
        }
        typedBest.push(best);
      });
      const queryWeight = query.length + foundTypes.length;
      const out: Suggestion[] = [];
      for (const e of entries) {
        let covered = 0;
        let typedHits = 0;
        for (const id of e.words) {
          const f = fit.get(id);
          if (f) {
            covered += f * idf[id];
            typedHits += f;
          }
        }
        // A found date is a date for the date slot (and a weekday for a date slot too), and so on.
        const slots: SlotValuesT = {};
        let slotHits = 0;
        for (const [name, type] of Object.entries(e.phrase.slots)) {
          const v = values[type];
          if (v !== undefined) {
            slots[name] = v;
            slotHits++;
            covered += 2;
          }
        }
        if (covered === 0) continue;
        const phraseCoverage = covered / e.weight;
        const queryCoverage = Math.min(1, (typedHits + slotHits) / queryWeight);
        const score = 0.55 * queryCoverage + 0.45 * phraseCoverage;
        if (score < 0.3) continue;
        out.push({ phrase: e.phrase, score, slots, complete: slotHits === e.slotTypes.length });
      }
      const uses = opts.uses ?? {};
      // This office's use for the service decides between phrases that fit about equally well.
      const ranked = (s: Suggestion) => s.score + 0.04 * Math.log1p(uses[s.phrase.id] ?? 0);
      return out.sort((a, b) => ranked(b) - ranked(a)).slice(0, opts.limit ?? 5);
    },
  };
}
