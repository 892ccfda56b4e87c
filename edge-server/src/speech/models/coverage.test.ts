import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES, type LanguageCode } from '@lotse/shared';
import { M2M100_CODES, NLLB_CODES } from '../transformers.ts';
import { MODEL_CATALOGUE } from './catalogue.ts';
import { languageCoverage, liveTranslationAvailable, MODEL_FAMILIES, NO_RECOGNITION_REASON, PARTNER_LANGUAGES } from './coverage.ts';

describe('model catalogue integrity', () => {
  it('every kiosk language but German has a row: families for recognition and translation, or an explicit reason', () => {
    expect([...PARTNER_LANGUAGES, 'de'].sort()).toEqual([...LANGUAGE_CODES].sort());
    for (const row of languageCoverage(undefined)) {
      const asr = MODEL_FAMILIES.filter((f) => f.kind === 'asr' && f.languages.includes(row.language));
      expect(asr.length > 0 || !!NO_RECOGNITION_REASON[row.language as LanguageCode], `recognition for ${row.language}`).toBe(true);
      expect(row.recognition.note, row.language).not.toBe('');
      if (row.language === 'de-simple') {
        expect(row.translationFamilies).toEqual([]);
        expect(row.toGerman.note).toMatch(/same language/);
      } else {
        expect(row.translationFamilies.length, `translation for ${row.language}`).toBeGreaterThan(0);
        expect(row.toGerman).toEqual({ engine: null, viaEnglish: false, note: 'not available' });
      }
    }
    expect(Object.keys(NO_RECOGNITION_REASON).sort()).toEqual(['kmr', 'ti']);
  });

  it('every family states its licence, what it allows an office and its size; catalogue ids exist', () => {
    for (const f of MODEL_FAMILIES) {
      expect(f.licence).toMatch(/^(MIT|Apache-2\.0|CC-BY-4\.0|CC-BY-NC-4\.0)$/);
      expect(f.allows.length).toBeGreaterThan(10);
      expect(f.size).toMatch(/\d/);
      for (const id of f.catalogueIds) expect(MODEL_CATALOGUE.map((m) => m.id), id).toContain(id);
    }
    expect(MODEL_FAMILIES.find((f) => f.id === 'nllb-200')?.allows).toMatch(/non-commercial/);
  });

  it('hashes are well-formed: 64 hex digits, or none at all for an entry marked unpinned', () => {
    for (const m of MODEL_CATALOGUE) {
      for (const f of m.files) {
        if (m.verification === 'unpinned') expect(f.sha256, `${m.id} ${f.path}`).toBeNull();
        else expect(f.sha256, `${m.id} ${f.path}`).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(m.hashSource.length).toBeGreaterThan(10);
    }
  });

  it('the translator knows a token code for every language its family claims', () => {
    const claims = (id: string) => MODEL_FAMILIES.find((f) => f.id === id)!.languages;
    for (const l of ['de', ...claims('nllb-200')]) expect(NLLB_CODES[l], l).toMatch(/^[a-z]{3}_[A-Z][a-z]{3}$/);
    for (const l of ['de', ...claims('m2m100')]) expect(M2M100_CODES[l], l).toBe(l);
    for (const l of ['ti', 'kmr', 'prs']) expect(M2M100_CODES[l]).toBeUndefined();
  });

  it('rows show the installed engine each way, labelled when it bridges through English', () => {
    const installed = {
      recognizerFor: (l: LanguageCode) => (l === 'tr' ? { id: 'whisper' } : undefined),
      translatorFor: (from: LanguageCode, to: LanguageCode) =>
        from === 'tr' && to === 'de' ? { id: 'transformers via English' } : from === 'de' && to === 'tr' ? { id: 'transformers' } : undefined,
    };
    const tr = languageCoverage(installed).find((r) => r.language === 'tr')!;
    expect(tr.recognition).toMatchObject({ engine: 'whisper', note: '' });
    expect(tr.toGerman).toEqual({ engine: 'transformers via English', viaEnglish: true, note: '' });
    expect(tr.fromGerman).toEqual({ engine: 'transformers', viaEnglish: false, note: '' });
    expect(liveTranslationAvailable(installed, 'tr')).toBe(true);
    expect(liveTranslationAvailable(installed, 'ar')).toBe(false);
    expect(liveTranslationAvailable(undefined, 'de-simple')).toBe(true);
  });
});
