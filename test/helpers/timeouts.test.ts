import { describe, expect, it } from 'vitest';
import { pollUntil, scaled, SLOWDOWN, waitUntil } from './timeouts.ts';

describe('pollUntil', () => {
  it('returns the first value accepted', async () => {
    let n = 0;
    expect(await pollUntil('three reads', () => ++n, (v) => v === 3, 5_000)).toBe(3);
  });

  it('on timeout names what was expected and what was seen last', async () => {
    let n = 0;
    await expect(pollUntil('the banner text', () => `read ${++n}`, () => false, 120)).rejects.toThrow(/^expected the banner text within 120 ms, saw "read \d+"$/);
    await expect(waitUntil('the flag', () => false, 60)).rejects.toThrow('expected the flag within 60 ms, saw false');
  });

  it('reports the last error when reading kept failing', async () => {
    await expect(pollUntil('a row', () => Promise.reject(new Error('no such table')), () => true, 60)).rejects.toThrow('saw an error: Error: no such table');
  });

  it('scales every limit by one factor', () => {
    expect(SLOWDOWN).toBeGreaterThan(0);
    expect(scaled(1000)).toBe(Math.round(1000 * SLOWDOWN));
  });
});
