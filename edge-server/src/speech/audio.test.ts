import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concatPcm, int16ToFloat32, PcmBuffer, pcmBytes, pcmFromWav, wavFromPcm } from './audio.ts';
import { synthesizeSpeech } from './synth.ts';
import { SpeechEngineError } from './types.ts';

describe('audio helpers', () => {
  it('round-trips PCM through a WAV header', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 500 }), (samples) => {
        const pcm = Int16Array.from(samples);
        expect(Array.from(pcmFromWav(wavFromPcm(pcm)))).toEqual(samples);
      }),
    );
  });

  it('refuses WAVs that are not PCM16 mono 16 kHz, and non-WAV bytes', () => {
    const wav = wavFromPcm(new Int16Array(10));
    wav.writeUInt32LE(44_100, 24);
    expect(() => pcmFromWav(wav)).toThrow(/16000 Hz/);
    expect(() => pcmFromWav(Buffer.from('hello world, not a wav'))).toThrow(SpeechEngineError);
  });

  it('writes little-endian bytes of a view into a larger buffer, as a copy', () => {
    const whole = Int16Array.of(7, -2, 0x1234, -32768);
    const view = whole.subarray(1, 3);
    const bytes = pcmBytes(view);
    expect([...bytes]).toEqual([0xfe, 0xff, 0x34, 0x12]);
    view[0] = 0;
    expect(bytes.readInt16LE(0)).toBe(-2);
  });

  it('concatenates and converts', () => {
    expect(Array.from(concatPcm([Int16Array.of(1, 2), Int16Array.of(3)]))).toEqual([1, 2, 3]);
    expect(Array.from(int16ToFloat32(Int16Array.of(-32768, 16384)))).toEqual([-1, 0.5]);
  });

  it('bounds an utterance', () => {
    const buf = new PcmBuffer('test', 100);
    buf.push(new Int16Array(60));
    expect(() => buf.push(new Int16Array(60))).toThrow(/longer than/);
    expect(buf.samples).toBe(60);
  });

  it('synthesizes English speech in memory as 16 kHz PCM', async () => {
    const pcm = await synthesizeSpeech('good morning', 'en');
    // espeak speaks "good morning" in roughly 0.7-1.5 s
    expect(pcm.length).toBeGreaterThan(8_000);
    expect(pcm.length).toBeLessThan(40_000);
    expect(pcm.some((s) => Math.abs(s) > 1000)).toBe(true);
  });
});
