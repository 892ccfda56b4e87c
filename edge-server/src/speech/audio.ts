// In-memory PCM helpers (no audio ever touches disk here).
import { endianness } from 'node:os';
import { MAX_UTTERANCE_SECONDS, SAMPLE_RATE, SpeechEngineError } from './types.ts';

export function int16ToFloat32(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768;
  return out;
}

export function concatPcm(chunks: readonly Int16Array[]): Int16Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Int16Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export function pcmMs(samples: number): number {
  return Math.round((samples * 1000) / SAMPLE_RATE);
}

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Little-endian bytes of PCM16 samples, as the engines read them on stdin (a copy: the caller may reuse its
 * array). On a little-endian machine that is one memory copy; partials pass up to a minute of audio each time.
 */
export function pcmBytes(pcm: Int16Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  const out = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i], 2 * i);
  return out;
}

/** Collects pushed PCM and enforces the utterance limit. */
export class PcmBuffer {
  private readonly chunks: Int16Array[] = [];
  samples = 0;

  constructor(
    private readonly engine: string,
    private readonly maxSamples = MAX_UTTERANCE_SECONDS * SAMPLE_RATE,
  ) {}

  push(pcm: Int16Array): void {
    if (this.samples + pcm.length > this.maxSamples) {
      throw new SpeechEngineError(
        'too_long',
        `utterance longer than ${this.maxSamples / SAMPLE_RATE} s`,
        this.engine,
      );
    }
    // Copy: callers may reuse their buffer (socket frames are views into a larger Buffer).
    this.chunks.push(Int16Array.from(pcm));
    this.samples += pcm.length;
  }

  all(): Int16Array {
    return concatPcm(this.chunks);
  }
}

/** Parses a RIFF/WAVE file holding PCM16 mono 16 kHz; anything else is refused with a clear error. */
export function pcmFromWav(wav: Uint8Array): Int16Array {
  const buf = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new SpeechEngineError('bad_audio', 'not a RIFF/WAVE file');
  }
  let at = 12;
  let format: { channels: number; rate: number; bits: number; tag: number } | undefined;
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      format = {
        tag: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        rate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new SpeechEngineError('bad_audio', 'WAV data chunk before fmt chunk');
      // 0xFFFE is WAVE_FORMAT_EXTENSIBLE, which sox writes for some outputs.
      if ((format.tag !== 1 && format.tag !== 0xfffe) || format.bits !== 16 || format.channels !== 1 || format.rate !== SAMPLE_RATE) {
        throw new SpeechEngineError(
          'bad_audio',
          `WAV must be PCM16 mono ${SAMPLE_RATE} Hz, got tag ${format.tag}, ${format.bits} bit, ${format.channels} ch, ${format.rate} Hz`,
        );
      }
      // espeak-ng writes a streaming header with size 0xFFFFFFFF: clamp to the file.
      const end = Math.min(buf.length, body + size);
      const count = Math.floor((end - body) / 2);
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = buf.readInt16LE(body + 2 * i);
      return out;
    }
    at = body + size + (size % 2);
  }
  throw new SpeechEngineError('bad_audio', 'WAV has no data chunk');
}

/** Wraps PCM16 mono 16 kHz in a WAV header (for fake-microphone files in tests). */
export function wavFromPcm(pcm: Int16Array): Buffer {
  const data = pcmBytes(pcm);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
