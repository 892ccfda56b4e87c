/** 16 kHz Float32 samples (−1…1) → PCM16 little-endian bytes, as the edge server expects them. */
export function floatToPcm16(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] || 0));
    view.setInt16(i * 2, s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff), true);
  }
  return bytes;
}

/** The last `capacity` frames before speech was detected, so the first syllable is not cut off. */
export class PreRoll {
  private frames: Float32Array[] = [];
  constructor(private readonly capacity: number) {}

  push(frame: Float32Array): void {
    // vad-web may reuse its buffers: keep a copy.
    this.frames.push(frame.slice());
    if (this.frames.length > this.capacity) this.frames.shift();
  }

  /** Everything buffered, oldest first, as one block; the buffer is empty afterwards. */
  drain(): Float32Array {
    const total = this.frames.reduce((n, f) => n + f.length, 0);
    const out = new Float32Array(total);
    let at = 0;
    for (const f of this.frames) {
      out.set(f, at);
      at += f.length;
    }
    this.frames = [];
    return out;
  }

  clear(): void {
    this.frames = [];
  }
}

/**
 * Joins the VAD's 32 ms frames into blocks of `batchSamples` (96 ms by default) so the socket carries about ten
 * messages a second instead of 31, each with its acknowledgement; `flush` hands over the rest at the end of speech.
 */
export class FrameBatcher {
  private frames: Float32Array[] = [];
  private samples = 0;
  constructor(private readonly batchSamples = 3 * 512) {}

  /** A block to send once enough samples are together, else undefined. */
  push(frame: Float32Array): Float32Array | undefined {
    if (frame.length === 0) return undefined;
    this.frames.push(frame.slice());
    this.samples += frame.length;
    return this.samples >= this.batchSamples ? this.flush() : undefined;
  }

  flush(): Float32Array {
    const out = new Float32Array(this.samples);
    let at = 0;
    for (const f of this.frames) {
      out.set(f, at);
      at += f.length;
    }
    this.frames = [];
    this.samples = 0;
    return out;
  }
}
