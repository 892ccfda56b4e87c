import { describe, expect, it } from 'vitest';
import { PocketSphinxRecognizer } from './pocketsphinx.ts';
import { synthesizeSpeech } from './synth.ts';
import type { PartialSegment } from './types.ts';

describe('PocketSphinxRecognizer', () => {
  it('reports not installed, with the reason, when the binary or model is missing', () => {
    const noBinary = new PocketSphinxRecognizer({ binary: 'pocketsphinx-does-not-exist' });
    expect(noBinary.status()).toMatchObject({ installed: false, kind: 'asr', languages: [] });
    expect(noBinary.status().detail).toMatch(/not found/);
    expect(() => noBinary.startStream('en')).toThrow(/does not recognise/);
    const noModel = new PocketSphinxRecognizer({ modelDir: '/nonexistent/model' });
    expect(noModel.status().installed).toBe(false);
    expect(noModel.status().detail).toMatch(/model files missing/);
  });

  it('is installed on this machine for English only', () => {
    const ps = new PocketSphinxRecognizer();
    expect(ps.status()).toMatchObject({ installed: true, languages: ['en'] });
    expect(ps.supports('en-GB')).toBe(true);
    expect(ps.supports('de')).toBe(false);
    expect(() => ps.startStream('de')).toThrow(/does not recognise 'de'/);
  });

  it('streams speech in real-time-sized chunks, gives partials, then a final line', async () => {
    const ps = new PocketSphinxRecognizer({ partialIntervalMs: 400 });
    const pcm = await synthesizeSpeech('Good morning. I would like to apply for a new passport.', 'en-us');
    const stream = ps.startStream('en');
    const partials: PartialSegment[] = [];
    stream.onPartial = (p) => partials.push(p);
    // 100 ms frames in real time, like a browser sends them.
    for (let at = 0; at < pcm.length; at += 1600) {
      stream.push(pcm.subarray(at, at + 1600));
      await new Promise((r) => setTimeout(r, 100));
    }
    // On a loaded 2-core machine a partial pass can take longer than the utterance: allow for it.
    await expect.poll(() => partials.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const final = await stream.end();
    expect(final.engine).toBe('pocketsphinx');
    // Deterministic input (sox -D): this machine hears "what are the odds are a new passport".
    expect(final.text).toMatch(/passport/);
    expect(final.audioMs).toBeGreaterThan(2000);
    expect(partials[0].audioMs).toBeLessThan(final.audioMs);
    expect(() => stream.push(new Int16Array(10))).toThrow(/already ended/);
    await expect(stream.end()).rejects.toThrow(/already ended/);
  });

  it('returns an empty final for silence and survives abort', async () => {
    const ps = new PocketSphinxRecognizer({ partialIntervalMs: 0 });
    const stream = ps.startStream('en');
    stream.push(new Int16Array(16_000));
    const final = await stream.end();
    expect(final.text).toBe('');
    const aborted = ps.startStream('en');
    aborted.push(new Int16Array(1600));
    aborted.abort();
    aborted.abort();
    await ps.close();
  });
});
