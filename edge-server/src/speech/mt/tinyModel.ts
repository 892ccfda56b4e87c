// Generates a tiny encoder-decoder translation model in the file layout of the production exports that
// transformers.js loads (Xenova/onnx-community): config.json, generation_config.json, tokenizer.json,
// tokenizer_config.json, onnx/encoder_model*.onnx and onnx/decoder_model_merged*.onnx. Families:
//   marian  — OPUS-MT: one directed pair, eos=0, decoder starts with <pad>, MarianTokenizer
//   nllb    — NLLB-200: model_type m2m_100, NllbTokenizer, language tokens like deu_Latn
//   m2m100  — M2M100: model_type m2m_100, M2M100Tokenizer, language tokens like __de__
// The weights are hand-set: no attention, no decoder layers (so no past_key_values); the encoder emits one-hot
// token vectors, the decoder adds a transition score (previous token -> next) to a score from the bag of source
// tokens. It therefore "translates" the phrases of TINY_PHRASES exactly and anything else to some deterministic
// phrase chosen by the seeded noise.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NLLB_CODES } from '../transformers.ts';
import { ONNX_FLOAT, ONNX_INT64, writeOnnxModel, type OnnxGraph } from './onnxWriter.ts';

export type TinyFamily = 'marian' | 'nllb' | 'm2m100';

/** The phrases the tiny models know, per language (a few kiosk languages, scripts included). */
export const TINY_PHRASES: ReadonlyArray<Readonly<Record<string, string>>> = [
  { de: 'Guten Tag', en: 'Good day', tr: 'İyi günler', ar: 'طاب يومك' },
  { de: 'Ihre Wartenummer bitte', en: 'Your ticket number please', tr: 'Sıra numaranız lütfen', ar: 'رقم انتظارك من فضلك' },
  { de: 'Danke', en: 'Thank you', tr: 'Teşekkürler', ar: 'شكرا' },
];

export interface TinyModelOptions {
  family: TinyFamily;
  /** marian: the one directed pair; multilingual: ignored (all languages of TINY_PHRASES). */
  from?: string;
  to?: string;
  /** Seeds the noise on the weights: the same seed gives byte-identical files and the same outputs. */
  seed?: number;
  /** File names of the quantized export ('_quantized', as the catalogue ships them) or of fp32 (''). */
  suffix?: '' | '_quantized';
}

const SPACE = '▁';
const TRANSITION = 10;
const NOISE = 0.01;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = (text: string) => text.split(/\s+/).filter(Boolean).map((w) => SPACE + w);

export function langToken(family: TinyFamily, lang: string): string {
  return family === 'nllb' ? NLLB_CODES[lang]! : `__${lang}__`;
}

interface Vocab {
  tokens: string[];
  specials: string[];
  id: (token: string) => number;
  eos: number;
  pad: number;
  unk: number;
  bos?: number;
  decoderStart: number;
}

function buildVocab(family: TinyFamily, languages: string[]): Vocab {
  const words = [...new Set(TINY_PHRASES.flatMap((p) => languages.flatMap((l) => pieces(p[l] ?? ''))))];
  const punctuation = ['.', ',', '!', '?'];
  let tokens: string[];
  let specials: string[];
  if (family === 'marian') {
    // As in OPUS-MT: </s>=0, <unk>=1, ..., <pad> last.
    tokens = ['</s>', '<unk>', ...words, ...punctuation, '<pad>'];
    specials = ['</s>', '<unk>', '<pad>'];
  } else {
    const langs = languages.map((l) => langToken(family, l));
    tokens = ['<s>', '<pad>', '</s>', '<unk>', ...words, ...punctuation, ...langs];
    specials = ['<s>', '<pad>', '</s>', '<unk>', ...langs];
  }
  const index = new Map(tokens.map((t, i) => [t, i]));
  const id = (t: string) => index.get(t)!;
  const marian = family === 'marian';
  return {
    tokens,
    specials,
    id,
    eos: id('</s>'),
    pad: id('<pad>'),
    unk: id('<unk>'),
    bos: marian ? undefined : id('<s>'),
    decoderStart: marian ? id('<pad>') : id('</s>'),
  };
}

function buildGraphs(v: Vocab, family: TinyFamily, languages: string[], targets: string[], seed: number) {
  const n = v.tokens.length;
  const random = mulberry32(seed);
  const embedding = new Float32Array(n * n);
  for (let i = 0; i < n; i++) embedding[i * n + i] = 1;
  const transition = new Float32Array(n * n).map(() => (random() - 0.5) * NOISE);
  const source = new Float32Array(n * n);
  for (const phrase of TINY_PHRASES) {
    const sourceIds = languages.flatMap((l) => pieces(phrase[l] ?? '')).map(v.id);
    for (const lang of targets) {
      const target = pieces(phrase[lang] ?? '').map(v.id);
      if (target.length === 0) continue;
      const start = family === 'marian' ? v.decoderStart : v.id(langToken(family, lang));
      const chain = [start, ...target, v.eos];
      for (let i = 0; i + 1 < chain.length; i++) transition[chain[i]! * n + chain[i + 1]!] += TRANSITION;
      for (const s of sourceIds) for (const t of target) source[s * n + t] = 1;
    }
  }
  const i64 = (values: number[]) => BigInt64Array.from(values.map(BigInt));
  const encoder: OnnxGraph = {
    name: 'encoder',
    inputs: [
      { name: 'input_ids', type: ONNX_INT64, shape: ['batch_size', 'encoder_sequence_length'] },
      { name: 'attention_mask', type: ONNX_INT64, shape: ['batch_size', 'encoder_sequence_length'] },
    ],
    outputs: [{ name: 'last_hidden_state', type: ONNX_FLOAT, shape: ['batch_size', 'encoder_sequence_length', n] }],
    initializers: [
      { name: 'embed_tokens', type: ONNX_FLOAT, dims: [n, n], values: embedding },
      { name: 'last_axis', type: ONNX_INT64, dims: [1], values: i64([-1]) },
    ],
    nodes: [
      { op: 'Gather', inputs: ['embed_tokens', 'input_ids'], outputs: ['embedded'] },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attributes: { to: ONNX_FLOAT } },
      { op: 'Unsqueeze', inputs: ['mask_f', 'last_axis'], outputs: ['mask_3d'] },
      { op: 'Mul', inputs: ['embedded', 'mask_3d'], outputs: ['last_hidden_state'] },
    ],
  };
  const decoder: OnnxGraph = {
    name: 'decoder',
    inputs: [
      { name: 'encoder_attention_mask', type: ONNX_INT64, shape: ['batch_size', 'encoder_sequence_length'] },
      { name: 'input_ids', type: ONNX_INT64, shape: ['batch_size', 'decoder_sequence_length'] },
      { name: 'encoder_hidden_states', type: ONNX_FLOAT, shape: ['batch_size', 'encoder_sequence_length', n] },
    ],
    outputs: [{ name: 'logits', type: ONNX_FLOAT, shape: ['batch_size', 'decoder_sequence_length', n] }],
    initializers: [
      { name: 'transition', type: ONNX_FLOAT, dims: [n, n], values: transition },
      { name: 'source_to_target', type: ONNX_FLOAT, dims: [n, n], values: source },
      { name: 'last_axis', type: ONNX_INT64, dims: [1], values: i64([-1]) },
      { name: 'sequence_axis', type: ONNX_INT64, dims: [1], values: i64([1]) },
    ],
    nodes: [
      { op: 'Cast', inputs: ['encoder_attention_mask'], outputs: ['mask_f'], attributes: { to: ONNX_FLOAT } },
      { op: 'Unsqueeze', inputs: ['mask_f', 'last_axis'], outputs: ['mask_3d'] },
      { op: 'Mul', inputs: ['encoder_hidden_states', 'mask_3d'], outputs: ['masked'] },
      { op: 'ReduceSum', inputs: ['masked', 'sequence_axis'], outputs: ['bag'], attributes: { keepdims: 1 } },
      { op: 'MatMul', inputs: ['bag', 'source_to_target'], outputs: ['from_source'] },
      { op: 'Gather', inputs: ['transition', 'input_ids'], outputs: ['from_previous'] },
      { op: 'Add', inputs: ['from_previous', 'from_source'], outputs: ['logits'] },
    ],
  };
  return { encoder: writeOnnxModel(encoder), decoder: writeOnnxModel(decoder) };
}

function tokenizerJson(v: Vocab, family: TinyFamily, defaultSource: string): unknown {
  const special = (t: string) => ({ id: t, ids: [v.id(t)], tokens: [t] });
  const first = family === 'marian' ? [] : [{ SpecialToken: { id: defaultSource, type_id: 0 } }];
  const specialTokens: Record<string, unknown> = { '</s>': special('</s>') };
  if (family !== 'marian') for (const t of v.specials.filter((s) => !s.startsWith('<'))) specialTokens[t] = special(t);
  const metaspace = { type: 'Metaspace', replacement: SPACE, prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: v.specials.map((t) => ({
      id: v.id(t),
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [...first, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [...first, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: specialTokens,
    },
    decoder: metaspace,
    model: {
      type: 'Unigram',
      unk_id: v.unk,
      byte_fallback: false,
      vocab: v.tokens.map((t) => [t, v.specials.includes(t) ? 0 : t.startsWith(SPACE) ? -1 : -2]),
    },
  };
}

/** Every file of the model, keyed by its path inside the model folder. */
export function buildTinyTranslationModel(options: TinyModelOptions): Map<string, Buffer> {
  const { family, seed = 1, suffix = '_quantized' } = options;
  const all = Object.keys(TINY_PHRASES[0]!);
  const marian = family === 'marian';
  const languages = marian ? [options.from ?? 'de'] : all;
  const targets = marian ? [options.to ?? 'en'] : all;
  const v = buildVocab(family, marian ? [...languages, ...targets] : all);
  const { encoder, decoder } = buildGraphs(v, family, languages, targets, seed);
  const n = v.tokens.length;
  const defaultSource = marian ? '' : langToken(family, 'en');
  const common = {
    is_encoder_decoder: true,
    d_model: n,
    vocab_size: n,
    encoder_layers: 0,
    decoder_layers: 0,
    encoder_attention_heads: 1,
    decoder_attention_heads: 1,
    max_length: 32,
  };
  const ids = { pad_token_id: v.pad, eos_token_id: v.eos, decoder_start_token_id: v.decoderStart };
  const config = marian
    ? { architectures: ['MarianMTModel'], model_type: 'marian', ...common, ...ids, decoder_vocab_size: n, forced_eos_token_id: v.eos, bad_words_ids: [[v.pad]], num_beams: 4 }
    : { architectures: ['M2M100ForConditionalGeneration'], model_type: 'm2m_100', ...common, ...ids, bos_token_id: v.bos, tokenizer_class: family === 'nllb' ? 'NllbTokenizer' : 'M2M100Tokenizer' };
  const generation = marian
    ? { ...ids, bos_token_id: v.eos, forced_eos_token_id: v.eos, bad_words_ids: [[v.pad]], max_length: 32, num_beams: 4 }
    : { ...ids, bos_token_id: v.bos, max_length: 32 };
  const tokenizerConfig = {
    tokenizer_class: marian ? 'MarianTokenizer' : family === 'nllb' ? 'NllbTokenizer' : 'M2M100Tokenizer',
    eos_token: '</s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    model_max_length: 512,
    ...(marian
      ? { source_lang: languages[0], target_lang: targets[0] }
      : { bos_token: '<s>', src_lang: family === 'nllb' ? defaultSource : 'en', additional_special_tokens: v.specials.filter((s) => !s.startsWith('<')) }),
  };
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  return new Map([
    ['config.json', json(config)],
    ['generation_config.json', json(generation)],
    ['tokenizer.json', json(tokenizerJson(v, family, defaultSource))],
    ['tokenizer_config.json', json(tokenizerConfig)],
    [`onnx/encoder_model${suffix}.onnx`, encoder],
    [`onnx/decoder_model_merged${suffix}.onnx`, decoder],
  ]);
}

/** Writes the model's files under dir (created); returns dir. */
export function writeTinyTranslationModel(dir: string, options: TinyModelOptions): string {
  for (const [path, data] of buildTinyTranslationModel(options)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  return dir;
}
