import { describe, expect, it } from 'vitest';
import { floatToPcm16, FrameBatcher, PreRoll } from './pcm.ts';

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

describe('FrameBatcher', () => {
  it('sends a block once three frames are together, and the rest on flush', () => {
    const batcher = new FrameBatcher(6);
    expect(batcher.push(new Float32Array([1, 1]))).toBeUndefined();
    expect(batcher.push(new Float32Array([2, 2]))).toBeUndefined();
    expect(Array.from(batcher.push(new Float32Array([3, 3]))!)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(batcher.push(new Float32Array([4, 4]))).toBeUndefined();
    expect(Array.from(batcher.flush())).toEqual([4, 4]);
    expect(batcher.flush().length).toBe(0);
    // A pre-roll larger than a block goes out at once.
    expect(batcher.push(new Float32Array(8))?.length).toBe(8);
  });
});
