/**
 * Bench: phrase suggestions per keystroke (issue 18 goal: < 10 ms for 1,000 phrases on a tablet-class CPU).
 * 1,000 phrases: the shipped clerk phrases plus variants made from them (other nouns, so the vocabulary grows
 * as an office's own phrasebook would); each test sentence is typed one character at a time.
 */
import { CLERK_PHRASES, buildPhraseIndex, type Phrase } from '@lotse/shared/phrasebook';

const NOUNS = ['Antrag', 'Formular', 'Bescheid', 'Urkunde', 'Vollmacht', 'Nachweis', 'Mietvertrag', 'Meldeschein', 'Kinderreisepass', 'Aufenthaltstitel', 'Geburtsurkunde', 'Heiratsurkunde'];
const phrases: Phrase[] = [...CLERK_PHRASES];
for (let i = 0; phrases.length < 1000; i++) {
  const base = CLERK_PHRASES[i % CLERK_PHRASES.length];
  const noun = NOUNS[i % NOUNS.length];
  phrases.push({ ...base, id: `${base.id}-v${i}`, text: { ...base.text, de: `${base.text.de.replace(/\.$/, '')} (${noun} ${Math.floor(i / NOUNS.length)}).` } });
}

const SENTENCES = [
  'Kommen Sie bitte am Dienstag um 10:30 wieder',
  'Bite untershreiben Sie hier',
  'Die Gebühr beträgt 37,50 €',
  'Ihr Dokument ist in etwa 3 Wochen fertig',
  'Ich brauche noch die Wohnungsgeberbestätigung vom Vermieter',
];

const t0 = performance.now();
const index = buildPhraseIndex(phrases);
const buildMs = performance.now() - t0;
const uses = Object.fromEntries(phrases.slice(0, 200).map((p, i) => [p.id, i % 17]));
// Warm up the JIT as a page would after the first few keystrokes.
for (const s of SENTENCES) index.suggest(s, { uses });

const times: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const s of SENTENCES) {
    for (let n = 1; n <= s.length; n++) {
      const start = performance.now();
      index.suggest(s.slice(0, n), { uses });
      times.push(performance.now() - start);
    }
  }
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2);
console.log(`phrasebook suggestions: ${phrases.length} phrases, index built in ${buildMs.toFixed(1)} ms`);
console.log(`per keystroke over ${times.length} keystrokes: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${times.at(-1)!.toFixed(2)} ms (goal < 10 ms)`);
