// One PocketSphinx decoder through Debian's libpocketsphinx.so.3 (0.8+5prealpha) and koffi. It runs inside a
// decoder process (see pocketsphinxWorker.ts): every call blocks the calling thread until the C code returns.
// Decoding mirrors `pocketsphinx_continuous -infile` exactly (2048-sample reads, its voice-activity
// segmentation, one hypothesis per speech segment), so the text equals the old per-utterance process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';

export const POCKETSPHINX_LIBRARY = 'libpocketsphinx.so.3';
export const SPHINXBASE_LIBRARY = 'libsphinxbase.so.3';
/** The CLI reads its input in blocks of this many samples and checks for speech after each. */
export const READ_SAMPLES = 2048;

type Ptr = unknown;

interface Bindings {
  argsDefinition(): Ptr;
  parseArgs(inout: Ptr, definition: Ptr, argc: number, argv: string[], strict: number): Ptr;
  freeConfig(config: Ptr): number;
  disableLog(fp: null): void;
  defaultSearchArgs(config: Ptr): void;
  init(config: Ptr): Ptr;
  free(ps: Ptr): number;
  feat(ps: Ptr): Ptr;
  fe(ps: Ptr): Ptr;
  resetNoise(noiseStats: Ptr): void;
  startUtt(ps: Ptr): number;
  processRaw(ps: Ptr, data: Int16Array, samples: number, noSearch: number, fullUtt: number): number;
  hyp(ps: Ptr, score: number[]): string | null;
  inSpeech(ps: Ptr): number;
  endUtt(ps: Ptr): number;
}

let bindings: Bindings | undefined;

/** Loads the libraries once per thread; throws when they are missing. */
export function loadBindings(library = POCKETSPHINX_LIBRARY, baseLibrary = SPHINXBASE_LIBRARY): Bindings {
  if (bindings) return bindings;
  const ps = koffi.load(library);
  const sb = koffi.load(baseLibrary);
  bindings = {
    argsDefinition: ps.func('void *ps_args(void)'),
    parseArgs: sb.func('void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)'),
    freeConfig: sb.func('int cmd_ln_free_r(void *config)'),
    disableLog: sb.func('void err_set_logfp(void *fp)'),
    defaultSearchArgs: ps.func('void ps_default_search_args(void *config)'),
    init: ps.func('void *ps_init(void *config)'),
    free: ps.func('int ps_free(void *ps)'),
    feat: ps.func('void *ps_get_feat(void *ps)'),
    fe: ps.func('void *ps_get_fe(void *ps)'),
    resetNoise: sb.func('void fe_reset_noisestats(void *noise_stats)'),
    startUtt: ps.func('int ps_start_utt(void *ps)'),
    processRaw: ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)'),
    hyp: ps.func('const char *ps_get_hyp(void *ps, _Out_ int32_t *score)'),
    inSpeech: ps.func('uint8_t ps_get_in_speech(void *ps)'),
    endUtt: ps.func('int ps_end_utt(void *ps)'),
  };
  return bindings;
}

// Heads of sphinxbase's feat_t, cmn_t, fe_t and noise_stats_t (5prealpha), to put back a fresh decoder's state.
// The layout is checked against values the en-us model must have before anything is written through it.
const FeatHead = koffi.struct('lotse_feat_head', {
  refcount: 'int', name: 'const char *', cepsize: 'int32_t', n_stream: 'int32_t', stream_len: 'void *',
  window_size: 'int32_t', n_sv: 'int32_t', sv_len: 'void *', subvecs: 'void *', sv_buf: 'void *', sv_dim: 'int32_t',
  cmn: 'int32_t', varnorm: 'int32_t', agc: 'int32_t', compute_feat: 'void *', cmn_struct: 'void *',
});
const CmnHead = koffi.struct('lotse_cmn_head', {
  cmn_mean: 'void *', cmn_var: 'void *', sum: 'void *', nframe: 'int32_t', veclen: 'int32_t',
});
const FeHead = koffi.struct('lotse_fe_head', {
  config: 'void *', refcount: 'int', sampling_rate: 'float', frame_rate: 'int16_t', frame_shift: 'int16_t',
  window_length: 'float', frame_size: 'int16_t', fft_size: 'int16_t', fft_order: 'uint8_t',
  feature_dimension: 'uint8_t', num_cepstra: 'uint8_t', remove_dc: 'uint8_t', log_spec: 'uint8_t', swap: 'uint8_t',
  dither: 'uint8_t', transform: 'uint8_t', remove_noise: 'uint8_t', remove_silence: 'uint8_t',
  pre_emphasis_alpha: 'float', pre_emphasis_prior: 'int16_t', dither_seed: 'int32_t', num_overflow_samps: 'int16_t',
  num_processed_samps: 'size_t', ccc: 'void *', sss: 'void *', mel_fb: 'void *', hamming_window: 'void *',
  noise_stats: 'void *',
});
const NoiseHead = koffi.struct('lotse_noise_head', {
  power: 'void *', noise: 'void *', floor: 'void *', peak: 'void *', undefined: 'uint8_t', num_filters: 'uint32_t',
});

/**
 * A reused decoder keeps two adaptive estimates from its last utterance: live cepstral mean normalisation and
 * the front end's noise estimate. The next speaker (another counter's, too) would be heard through them and get
 * a different text than from a fresh decoder, so both are put back to their state right after loading.
 */
class FreshState {
  private readonly cmn: Ptr;
  private readonly cmnHead: { cmn_mean: Ptr; sum: Ptr; nframe: number; veclen: number };
  private readonly mean: number[];
  private readonly sum: number[];
  private readonly noiseStats: Ptr;

  constructor(lib: Bindings, ps: Ptr) {
    const layout = 'unexpected libsphinxbase struct layout: cannot reset a decoder between utterances';
    const feat = koffi.decode(lib.feat(ps), FeatHead) as { name: string | null; cepsize: number; cmn_struct: Ptr };
    if (!feat.name || !/^[\w.]+$/.test(feat.name) || feat.cepsize < 1 || feat.cepsize > 64 || !feat.cmn_struct) {
      throw new Error(`${layout} (feat_t)`);
    }
    this.cmn = feat.cmn_struct;
    this.cmnHead = koffi.decode(this.cmn, CmnHead) as FreshState['cmnHead'];
    if (this.cmnHead.veclen !== feat.cepsize || !this.cmnHead.cmn_mean || !this.cmnHead.sum) throw new Error(`${layout} (cmn_t)`);
    this.mean = koffi.decode(this.cmnHead.cmn_mean, 'float', feat.cepsize) as number[];
    this.sum = koffi.decode(this.cmnHead.sum, 'float', feat.cepsize) as number[];
    const fe = koffi.decode(lib.fe(ps), FeHead) as {
      sampling_rate: number; frame_rate: number; num_cepstra: number; remove_noise: number; noise_stats: Ptr;
    };
    if (fe.sampling_rate !== 16_000 || fe.frame_rate !== 100 || fe.num_cepstra !== feat.cepsize || fe.remove_noise > 1) {
      throw new Error(`${layout} (fe_t)`);
    }
    this.noiseStats = fe.remove_noise ? fe.noise_stats : null;
    if (this.noiseStats) {
      const noise = koffi.decode(this.noiseStats, NoiseHead) as { undefined: number; num_filters: number };
      if (noise.undefined !== 1 || noise.num_filters < 1 || noise.num_filters > 128) throw new Error(`${layout} (noise_stats_t)`);
    }
  }

  apply(lib: Bindings): void {
    koffi.encode(this.cmnHead.cmn_mean, 'float', this.mean, this.mean.length);
    koffi.encode(this.cmnHead.sum, 'float', this.sum, this.sum.length);
    koffi.encode(this.cmn, CmnHead, { ...this.cmnHead });
    if (this.noiseStats) lib.resetNoise(this.noiseStats);
  }
}

export interface DecoderOptions {
  modelDir: string;
  /** Extra decoder arguments ('-name', 'value', ...); none by default: default settings. */
  extraArgs?: readonly string[];
  library?: string;
  baseLibrary?: string;
}

export function decoderArgs(options: DecoderOptions): string[] {
  const m = options.modelDir;
  return [
    '-hmm', join(m, 'en-us'),
    '-lm', join(m, 'en-us.lm.bin'),
    '-dict', join(m, 'cmudict-en-us.dict'),
    ...(options.extraArgs ?? []),
  ];
}

/** One loaded model; decodes one utterance at a time and is reused for the next. */
export class Decoder {
  private readonly lib: Bindings;
  private readonly ps: Ptr;
  private readonly fresh: FreshState;
  private readonly block = new Int16Array(READ_SAMPLES);
  private filled = 0;
  private active = false;
  private inSegment = false;
  /** Hypotheses of speech segments that ended inside this utterance. */
  private segments: string[] = [];
  samples = 0;

  constructor(options: DecoderOptions) {
    this.lib = loadBindings(options.library, options.baseLibrary);
    // Logging off: the log is global to the process, and several threads load decoders.
    this.lib.disableLog(null);
    const argv = ['lotse', ...decoderArgs(options)];
    const config = this.lib.parseArgs(null, this.lib.argsDefinition(), argv.length, argv, 1);
    if (!config) throw new Error(`pocketsphinx rejected its arguments: ${argv.slice(1).join(' ')}`);
    this.lib.defaultSearchArgs(config);
    const ps = this.lib.init(config);
    // ps_init keeps its own reference to the configuration.
    this.lib.freeConfig(config);
    if (!ps) throw new Error(`pocketsphinx could not load the model in ${options.modelDir}`);
    this.ps = ps;
    this.fresh = new FreshState(this.lib, ps);
  }

  /** Begins an utterance with the state of a freshly loaded decoder. */
  start(): void {
    if (this.active) this.discard();
    this.fresh.apply(this.lib);
    this.segments = [];
    this.filled = 0;
    this.samples = 0;
    this.inSegment = false;
    this.check(this.lib.startUtt(this.ps), 'ps_start_utt');
    this.active = true;
  }

  /** Feeds samples; returns true when at least one full block was decoded (a partial may have changed). */
  push(pcm: Int16Array): boolean {
    let decoded = false;
    let at = 0;
    this.samples += pcm.length;
    while (at < pcm.length) {
      const take = Math.min(READ_SAMPLES - this.filled, pcm.length - at);
      this.block.set(pcm.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === READ_SAMPLES) {
        this.decodeBlock(READ_SAMPLES);
        decoded = true;
      }
    }
    return decoded;
  }

  private decodeBlock(samples: number): void {
    this.check(this.lib.processRaw(this.ps, this.block.subarray(0, samples), samples, 0, 0), 'ps_process_raw');
    this.filled = 0;
    const inSpeech = this.lib.inSpeech(this.ps) !== 0;
    if (inSpeech && !this.inSegment) this.inSegment = true;
    if (!inSpeech && this.inSegment) {
      // End of a speech segment: the CLI ends the utterance there and prints its line.
      this.check(this.lib.endUtt(this.ps), 'ps_end_utt');
      const text = this.lib.hyp(this.ps, [0])?.trim();
      if (text) this.segments.push(text);
      this.check(this.lib.startUtt(this.ps), 'ps_start_utt');
      this.inSegment = false;
    }
  }

  /** Text so far: the finished segments and the running one's best path (cheap: no second pass). */
  partial(): string {
    const running = this.inSegment ? this.lib.hyp(this.ps, [0])?.trim() : undefined;
    return [...this.segments, ...(running ? [running] : [])].join(' ');
  }

  /** Ends the utterance (decodes the rest and runs the final passes) and returns its text. */
  finish(): string {
    if (!this.active) throw new Error('no utterance to finish');
    if (this.filled > 0) this.decodeBlock(this.filled);
    this.active = false;
    this.check(this.lib.endUtt(this.ps), 'ps_end_utt');
    if (this.inSegment) {
      const text = this.lib.hyp(this.ps, [0])?.trim();
      if (text) this.segments.push(text);
    }
    this.inSegment = false;
    return this.segments.join(' ');
  }

  /** Drops the utterance; the decoder is ready for the next one. */
  discard(): void {
    if (!this.active) return;
    this.active = false;
    this.filled = 0;
    this.lib.endUtt(this.ps);
  }

  close(): void {
    this.discard();
    this.lib.free(this.ps);
  }

  private check(rc: number, call: string): void {
    if (rc < 0) throw new Error(`${call} failed (${rc})`);
  }
}

/** CPU time of the calling thread in ms (Linux, 10 ms resolution), or undefined elsewhere. */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The calling thread's nice value from /proc (what the scheduler applies to it), or undefined. */
export function threadNice(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return undefined;
  }
}
