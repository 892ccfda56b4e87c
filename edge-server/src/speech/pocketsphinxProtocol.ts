// Messages between the PocketSphinx pool (in the server) and its decoder processes, over IPC with 'advanced'
// serialization (Int16Array passes as it is). One process holds one decoder and serves one stream at a time; `id` tells a stream's messages from a previous (aborted) stream's.

export interface WorkerConfig {
  modelDir: string;
  extraArgs: string[];
  library?: string;
  /** Nice value the decoder process gives itself (Linux applies it to the calling thread: the one that decodes). */
  nice: number;
  /** Audio time between partial hypotheses. */
  partialEveryMs: number;
  /** Decode this many seconds of the calibration signal after loading and report the CPU it took; 0: none. */
  calibrateSeconds: number;
}

export type ToWorker =
  | { t: 'start'; id: number }
  | { t: 'audio'; id: number; pcm: Int16Array }
  | { t: 'end'; id: number }
  | { t: 'abort'; id: number };

export interface Calibration {
  audioMs: number;
  cpuMs: number;
  wallMs: number;
}

export type FromWorker =
  | {
      t: 'ready';
      loadMs: number;
      loadCpuMs: number | undefined;
      /** The nice value /proc reports for the decoding thread after lowering it. */
      nice: number | undefined;
      calibration: Calibration | undefined;
    }
  | { t: 'failed'; message: string }
  | { t: 'partial'; id: number; text: string; audioMs: number }
  /** Audio decoded so far, when no partial carried it: the server compares it with the audio it sent. */
  | { t: 'progress'; id: number; audioMs: number }
  | { t: 'final'; id: number; text: string; audioMs: number; cpuMs: number | undefined }
  | { t: 'error'; id: number; message: string };

/**
 * A speech-like test signal for the start-up measurement (no audio file ships): six syllables a second, each a
 * burst of fricative noise on every other one, then a vowel (a glottal pulse train with a wandering pitch through
 * three formant resonators); every fifth syllable is a pause. Deterministic. It makes the decoder work about
 * three quarters as hard as espeak speech does, so the start-up figure is an estimate that served utterances refine.
 */
export function calibrationSignal(seconds: number, sampleRate = 16_000): Int16Array {
  const out = new Int16Array(Math.round(seconds * sampleRate));
  const vowels = [
    [730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [570, 840, 2410], [660, 1720, 2410],
  ];
  const state = vowels[0].map(() => ({ y1: 0, y2: 0 }));
  let phase = 0;
  let seed = 12345;
  let lastNoise = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const syllable = Math.floor(t * 6);
    const inSyllable = t * 6 - syllable;
    const vowel = vowels[(syllable * 7 + 3) % vowels.length];
    const f0 = 110 + 25 * Math.sin(2 * Math.PI * 0.7 * t) + 10 * Math.sin(2 * Math.PI * 3.1 * t);
    phase += f0 / sampleRate;
    const pulse = phase >= 1 ? 1 : 0;
    if (phase >= 1) phase -= 1;
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = seed / 0x7fffffff - 0.5;
    const envelope = syllable % 5 === 4 ? 0 : Math.sin(Math.PI * inSyllable);
    let sample = 0;
    vowel.forEach((formant, k) => {
      const r = Math.exp((-Math.PI * (60 + 40 * k)) / sampleRate);
      const a1 = 2 * r * Math.cos((2 * Math.PI * formant) / sampleRate);
      const s = state[k];
      const y = (pulse + noise * 0.05) * (1 - r) + a1 * s.y1 - r * r * s.y2;
      s.y2 = s.y1;
      s.y1 = y;
      sample += y / (k + 1);
    });
    let value = sample * envelope * 120_000;
    if (inSyllable < 0.25 && syllable % 2 === 0) value = (noise - lastNoise) * 6000;
    lastNoise = noise;
    out[i] = Math.max(-32767, Math.min(32767, Math.round(value)));
  }
  return out;
}
