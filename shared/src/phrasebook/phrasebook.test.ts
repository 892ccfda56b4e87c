import { describe, expect, it } from 'vitest';
import { LANGUAGES, LANGUAGE_CODES } from '../languages.ts';
import { Value } from '@sinclair/typebox/value';
import {
  CITIZEN_PHRASES,
  CLERK_PHRASES,
  PHRASEBOOK,
  PHRASE_GROUPS,
  PHRASE_GROUP_IDS,
  PhraseMetaFile,
  PhraseTextsFile,
  buildPhrasebook,
  findPhrase,
  findPhraseGroup,
  phraseProblems,
  phraseText,
  phrasesInGroup,
  reviewOf,
  SHIPPED_TEXTS,
} from './index.ts';
import meta from './data/phrases.json';
import reviews from './data/reviews.json';

const ARABIC = /[\u0600-\u06FF]/;
const CYRILLIC = /[\u0400-\u04FF]/;
const ETHIOPIC = /[\u1200-\u137F]/;
const LATIN_LETTER = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/;

const codesWithScript = (script: string) => LANGUAGES.filter((l) => l.script === script).map((l) => l.code);
const RTL = LANGUAGES.filter((l) => l.dir === 'rtl').map((l) => l.code);

/** Every text shown to a citizen: phrases and group titles; slot markers (`{date}`) are not text. */
const unmarked = (t: Partial<Record<string, string>>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v!.replace(/\{[a-zA-Z0-9]+\}/g, '0')])) as Record<string, string>;
const allTexts = [
  ...PHRASEBOOK.map((p) => ({ where: p.id, text: unmarked(p.text) })),
  ...PHRASE_GROUPS.map((g) => ({ where: `group ${g.id}`, text: unmarked(g.title) })),
];

describe('phrasebook', () => {
  it('reads its data files through their schemas', () => {
    expect(Value.Check(PhraseMetaFile, meta)).toBe(true);
    for (const code of LANGUAGE_CODES) expect(Value.Check(PhraseTextsFile, SHIPPED_TEXTS[code]), code).toBe(true);
    expect(() => buildPhrasebook({ phrases: [{ id: 'x-y', group: 'nope', direction: 'clerk' }] }, SHIPPED_TEXTS, {})).toThrow(/phrases.json/);
  });

  it('has every phrase in every language, each language using exactly the phrase’s slots', () => {
    const problems = PHRASEBOOK.flatMap((p) => phraseProblems(p, true));
    expect(problems).toEqual([]);
    // The check itself: a missing language, a slot used in one language only, an unknown marker.
    const p = findPhrase('fees-amount')!;
    const { ar: _ar, ...withoutArabic } = p.text;
    expect(phraseProblems({ ...p, text: withoutArabic }, true)).toEqual(['fees-amount: no ar text']);
    expect(phraseProblems({ ...p, text: { ...p.text, uk: 'Збір.' } }, true)).toEqual(['fees-amount (uk): slot amount not used']);
    expect(phraseProblems({ ...p, text: { ...p.text, tr: 'Ücret {amount} {date}.' } }, true)).toEqual(['fees-amount (tr): {date} is no slot of this phrase']);
  });

  it('ships every translation as drafted: no review is claimed that nobody made', () => {
    expect(reviews).toEqual({});
    for (const p of PHRASEBOOK) for (const code of LANGUAGE_CODES) expect(reviewOf(p, code).status).toBe('drafted');
  });

  it('has clerk phrases and the citizen’s quick replies and questions', () => {
    expect(CLERK_PHRASES.length).toBeGreaterThanOrEqual(200);
    const quick = CITIZEN_PHRASES.filter((p) => p.quick).map((p) => p.id);
    for (const id of ['replies-yes', 'replies-no', 'replies-not-understood', 'replies-simpler', 'replies-repeat', 'replies-one-moment', 'replies-interpreter', 'replies-have-it', 'replies-dont-have-it']) expect(quick).toContain(id);
    expect(findPhrase('replies-interpreter')?.alert).toBe('interpreter');
    expect(CITIZEN_PHRASES.filter((p) => p.group === 'questions').length).toBeGreaterThanOrEqual(15);
    for (const p of CITIZEN_PHRASES) expect(Object.keys(p.slots)).toEqual([]);
  });

  it('has at least 40 phrases with unique kebab-case ids, prefixed by their group', () => {
    expect(PHRASEBOOK.length).toBeGreaterThanOrEqual(40);
    const ids = PHRASEBOOK.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PHRASEBOOK) {
      expect(p.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.id.startsWith(`${p.group}-`), p.id).toBe(true);
    }
  });

  it('has every group once, with a title, and every group has phrases', () => {
    expect(PHRASE_GROUPS.map((g) => g.id)).toEqual([...PHRASE_GROUP_IDS]);
    for (const id of PHRASE_GROUP_IDS) expect(phrasesInGroup(id).length, id).toBeGreaterThanOrEqual(1);
    for (const p of PHRASEBOOK) expect(PHRASE_GROUP_IDS).toContain(p.group);
  });

  it('has a non-empty, trimmed text in every language of the catalogue, and no extra language', () => {
    for (const { where, text } of allTexts) {
      expect(Object.keys(text).sort(), where).toEqual([...LANGUAGE_CODES].sort());
      for (const code of LANGUAGE_CODES) {
        const t = text[code];
        expect(typeof t, `${where} ${code}`).toBe('string');
        expect(t.length, `${where} ${code}`).toBeGreaterThan(0);
        expect(t, `${where} ${code}`).toBe(t.trim());
        expect(t, `${where} ${code}`).not.toMatch(/\s{2,}|\n/);
      }
    }
  });

  it('writes Leichte Sprache differently from the German original for most phrases', () => {
    const same = PHRASEBOOK.filter((p) => p.text['de-simple'] === p.text.de && p.text.de.split(' ').length > 3);
    expect(same.length).toBeLessThanOrEqual(Math.floor(PHRASEBOOK.length * 0.1));
  });

  it('keeps Leichte Sprache sentences short', () => {
    for (const p of PHRASEBOOK) {
      for (const sentence of p.text['de-simple']!.split(/[.?!:]/)) {
        expect(sentence.trim().split(/\s+/).length, `${p.id}: ${sentence}`).toBeLessThanOrEqual(10);
      }
    }
  });

  it('writes right-to-left languages in Arabic script, without Latin letters', () => {
    expect(RTL.length).toBeGreaterThan(0);
    for (const { where, text } of allTexts) {
      for (const code of RTL) {
        expect(text[code], `${where} ${code}`).toMatch(ARABIC);
        expect(text[code], `${where} ${code}`).not.toMatch(LATIN_LETTER);
      }
    }
  });

  it('uses Persian letters in Farsi, Dari and Pashto, and Arabic letters in Arabic', () => {
    for (const { where, text } of allTexts) {
      // Farsi and Dari: Persian yeh (ی) and keheh (ک), never Arabic yeh (ي) or kaf (ك).
      for (const code of ['fa', 'prs'] as const) expect(text[code], `${where} ${code}`).not.toMatch(/[\u064A\u0643]/);
      // Pashto writes ي in some endings (کوي, لري), but never Arabic kaf.
      expect(text.ps, `${where} ps`).not.toMatch(/\u0643/);
      expect(text.ar, `${where} ar`).not.toMatch(/[\u06CC\u06A9\u06AF]/);
    }
  });

  it('writes Tigrinya in Ethiopic script', () => {
    for (const { where, text } of allTexts) {
      for (const code of codesWithScript('Ethi')) {
        expect(text[code], `${where} ${code}`).toMatch(ETHIOPIC);
        expect(text[code], `${where} ${code}`).not.toMatch(LATIN_LETTER);
      }
    }
  });

  it('writes Ukrainian, Russian and Bulgarian in Cyrillic, without Latin look-alike letters', () => {
    expect(codesWithScript('Cyrl').sort()).toEqual(['bg', 'ru', 'uk']);
    for (const { where, text } of allTexts) {
      for (const code of codesWithScript('Cyrl')) {
        expect(text[code], `${where} ${code}`).toMatch(CYRILLIC);
        expect(text[code], `${where} ${code}`).not.toMatch(LATIN_LETTER);
      }
    }
  });

  it('writes Latin-script languages without Cyrillic, Arabic or Ethiopic characters', () => {
    for (const { where, text } of allTexts) {
      for (const code of codesWithScript('Latn')) {
        expect(text[code], `${where} ${code}`).toMatch(LATIN_LETTER);
        expect(text[code], `${where} ${code}`).not.toMatch(CYRILLIC);
        expect(text[code], `${where} ${code}`).not.toMatch(ARABIC);
        expect(text[code], `${where} ${code}`).not.toMatch(ETHIOPIC);
      }
    }
  });

  it('keeps questions as questions and statements as statements in every language', () => {
    for (const p of PHRASEBOOK) {
      const question = p.text.de.endsWith('?');
      for (const code of LANGUAGE_CODES) {
        const t = p.text[code]!;
        if (code === 'de-simple') continue; // Leichte Sprache may turn a sentence around.
        expect(/[?؟]$/.test(t), `${p.id} ${code}: ${t}`).toBe(question);
        if (!question) expect(t, `${p.id} ${code}`).toMatch(/[.!።]$/);
      }
    }
  });

  it('looks phrases up by id and language', () => {
    expect(findPhrase('documents-show-id')?.group).toBe('documents');
    expect(findPhrase('no-such-phrase')).toBeUndefined();
    expect(phraseText('signature-sign-here', 'de')).toBe('Bitte unterschreiben Sie hier.');
    expect(phraseText('signature-sign-here', 'en')).toBe('Please sign here.');
    expect(phraseText('no-such-phrase', 'de')).toBeUndefined();
    for (const p of PHRASEBOOK) {
      for (const code of LANGUAGE_CODES) expect(phraseText(p.id, code)).toBe(p.text[code]);
    }
    expect(phraseText('fees-amount', 'de')).toBe('Die Gebühr beträgt {amount}.');
    expect(findPhraseGroup('fees')?.title.de).toBe('Gebühren');
  });
});
