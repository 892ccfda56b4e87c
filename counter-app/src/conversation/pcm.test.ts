import { describe, expect, it } from 'vitest';
import { floatToPcm16, PreRoll } from './pcm.ts';

describe('floatToPcm16', () => {
  it('writes little-endian 16-bit samples, clipped to the range', () => {
    const bytes = floatToPcm16(new Float32Array([0, 1, -1, 0.5, 2, -2, Number.NaN]));
    const view = new DataView(bytes.buffer);
    const samples = Array.from({ length: 7 }, (_, i) => view.getInt16(i * 2, true));
    expect(samples).toEqual([0, 32767, -32768, 16384, 32767, -32768, 0]);
    expect(bytes[2]).toBe(0xff);
    expect(bytes[3]).toBe(0x7f);
  });
});

describe('PreRoll', () => {
  it('keeps only the newest frames, oldest first, and empties on drain', () => {
    const roll = new PreRoll(2);
    for (const v of [1, 2, 3]) roll.push(new Float32Array([v, v]));
    expect(Array.from(roll.drain())).toEqual([2, 2, 3, 3]);
    expect(roll.drain().length).toBe(0);
  });

  it('copies frames so a reused buffer does not change what was kept', () => {
    const roll = new PreRoll(4);
    const frame = new Float32Array([0.25]);
    roll.push(frame);
    frame[0] = 0.75;
    expect(Array.from(roll.drain())).toEqual([0.25]);
  });
});
