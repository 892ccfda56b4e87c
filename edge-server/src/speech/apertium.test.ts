import { describe, expect, it } from 'vitest';
import { ApertiumTranslator, pairsFromModes } from './apertium.ts';

describe('ApertiumTranslator', () => {
  it('maps installed mode files to our language codes', () => {
    expect(pairsFromModes(['eng-spa.mode', 'spa-eng.mode', 'spa-eng_US.mode', 'README', 'rus-ukr.mode'])).toEqual([
      { from: 'en', to: 'es' },
      { from: 'es', to: 'en' },
      { from: 'ru', to: 'uk' },
    ]);
  });

  it('reports not installed without modes or binary, and rejects clearly', async () => {
    const none = new ApertiumTranslator({ dataDir: '/nonexistent' });
    expect(none.status()).toMatchObject({ installed: false, kind: 'mt', pairs: [] });
    await expect(none.translate('hello', 'en', 'es')).rejects.toThrow(/no en→es pair installed/);
    const noBinary = new ApertiumTranslator({ binary: 'apertium-missing' });
    expect(noBinary.status().detail).toMatch(/binary not found/);
  });

  it('translates English to Spanish and back on this machine; has no German pair', async () => {
    const ap = new ApertiumTranslator();
    expect(ap.status().installed).toBe(true);
    expect(ap.supports('en', 'es')).toBe(true);
    expect(ap.supports('de', 'en')).toBe(false);
    expect((await ap.translate('Where is the office?', 'en', 'es')).toLowerCase()).toContain('oficina');
    expect((await ap.translate('Buenos días', 'es', 'en')).toLowerCase()).toMatch(/good|morning|day/);
    expect(await ap.translate('   ', 'en', 'es')).toBe('');
    await expect(ap.translate('Hallo', 'de', 'en')).rejects.toThrow(/no de→en pair/);
  });

  it('treats text as data, never as arguments', async () => {
    const ap = new ApertiumTranslator();
    const out = await ap.translate('-d /etc --help; $(whoami) `id`', 'en', 'es');
    expect(out).toContain('$(whoami)');
  });
});
