// Generates a tiny, deterministic GGML Whisper model (legacy whisper.cpp layout) for tests.
// Layout follows whisper_model_load: magic, 11 int32 hparams, mel filters, vocab, then tensors
// (n_dims, name length, type, ne[], name, raw data). All weights are zero except:
//   - decoder positional embedding: every position = D1
//   - token embedding (tied with the output projection): E[T] = S*(0.5*D1 + D2), E[EOT] = S*4*D2
// With attention and MLP outputs zeroed, the decoder's hidden state is LN(P + E[input]); for any
// input but T it points along D1 (argmax T), after T it leans to D2 (argmax EOT). So the model
// transcribes any audio of >= 1 s as exactly TINY_MODEL_TEXT, with or without timestamps.

export const TINY_MODEL_TEXT = ' Lotse tiny model speaking';
/** Text token the decoder emits; its vocabulary string is TINY_MODEL_TEXT. */
const TEXT_TOKEN = 100;
/** Multilingual models shift EOT from 50256 to 50257 (whisper_model_load). */
const EOT_TOKEN = 50257;

const HP = {
  nVocab: 51865, // >= 51865 means multilingual, so the language/task tokens are used
  nAudioCtx: 1500,
  nAudioState: 16,
  nAudioHead: 1,
  nAudioLayer: 1,
  nTextCtx: 448,
  nTextState: 16,
  nTextHead: 1,
  nTextLayer: 1,
  nMels: 80,
  ftype: 1, // f16 weights; f32 models abort inside whisper_full()
};
const N_FFT = 201;
const SCALE = 10; // large logits keep avg log-prob high, so no temperature fallback (randomness)

const GGML_MAGIC = 0x67676d6c;
const F32 = 0;
const F16 = 1;

interface Tensor {
  name: string;
  ne: number[];
  type: typeof F32 | typeof F16;
  fill?: (data: Float32Array) => void;
}

function toHalf(value: number): number {
  // Float32 -> IEEE half; enough for the small, finite values used here.
  if (value === 0) return 0;
  const sign = value < 0 ? 0x8000 : 0;
  const abs = Math.abs(value);
  let exp = Math.floor(Math.log2(abs));
  let mant = abs / 2 ** exp - 1;
  if (exp < -14) return sign; // flush subnormals to zero
  exp = Math.min(exp, 15);
  mant = Math.round(mant * 1024);
  if (mant === 1024) {
    mant = 0;
    exp += 1;
  }
  return sign | ((exp + 15) << 10) | mant;
}

function dir(a: number, b: number, state: number): Float32Array {
  // Unit vector with zero mean, so layer norm only rescales it.
  const v = new Float32Array(state);
  v[a] = Math.SQRT1_2;
  v[b] = -Math.SQRT1_2;
  return v;
}

function tensors(): Tensor[] {
  const s = HP.nAudioState;
  const t = HP.nTextState;
  const d1 = dir(0, 1, t);
  const d2 = dir(2, 3, t);
  const ones = (data: Float32Array) => data.fill(1);
  const list: Tensor[] = [
    { name: 'encoder.positional_embedding', ne: [s, HP.nAudioCtx], type: F32 },
    { name: 'encoder.conv1.weight', ne: [3, HP.nMels, s], type: F16 },
    { name: 'encoder.conv1.bias', ne: [1, s], type: F32 },
    { name: 'encoder.conv2.weight', ne: [3, s, s], type: F16 },
    { name: 'encoder.conv2.bias', ne: [1, s], type: F32 },
    { name: 'encoder.ln_post.weight', ne: [s], type: F32, fill: ones },
    { name: 'encoder.ln_post.bias', ne: [s], type: F32 },
    {
      name: 'decoder.positional_embedding',
      ne: [t, HP.nTextCtx],
      type: F32,
      fill: (data) => {
        for (let p = 0; p < HP.nTextCtx; p++) data.set(d1, p * t);
      },
    },
    {
      name: 'decoder.token_embedding.weight',
      ne: [t, HP.nVocab],
      type: F16,
      fill: (data) => {
        for (let i = 0; i < t; i++) {
          data[TEXT_TOKEN * t + i] = SCALE * (0.5 * d1[i] + d2[i]);
          data[EOT_TOKEN * t + i] = SCALE * 4 * d2[i];
        }
      },
    },
    { name: 'decoder.ln.weight', ne: [t], type: F32, fill: ones },
    { name: 'decoder.ln.bias', ne: [t], type: F32 },
  ];
  const block = (prefix: string, n: number) => {
    const lin = (name: string, bias: boolean) => {
      list.push({ name: `${prefix}.${name}.weight`, ne: [n, n], type: F16 });
      if (bias) list.push({ name: `${prefix}.${name}.bias`, ne: [n], type: F32 });
    };
    const ln = (name: string) => {
      list.push({ name: `${prefix}.${name}.weight`, ne: [n], type: F32, fill: ones });
      list.push({ name: `${prefix}.${name}.bias`, ne: [n], type: F32 });
    };
    ln('attn_ln');
    lin('attn.query', true);
    lin('attn.key', false);
    lin('attn.value', true);
    lin('attn.out', true);
    ln('mlp_ln');
    list.push({ name: `${prefix}.mlp.0.weight`, ne: [n, 4 * n], type: F16 });
    list.push({ name: `${prefix}.mlp.0.bias`, ne: [4 * n], type: F32 });
    list.push({ name: `${prefix}.mlp.2.weight`, ne: [4 * n, n], type: F16 });
    list.push({ name: `${prefix}.mlp.2.bias`, ne: [n], type: F32 });
    return { lin, ln };
  };
  for (let l = 0; l < HP.nAudioLayer; l++) block(`encoder.blocks.${l}`, s);
  for (let l = 0; l < HP.nTextLayer; l++) {
    const { lin, ln } = block(`decoder.blocks.${l}`, t);
    ln('cross_attn_ln');
    lin('cross_attn.query', true);
    lin('cross_attn.key', false);
    lin('cross_attn.value', true);
    lin('cross_attn.out', true);
  }
  return list;
}

export interface TinyModelOptions {
  /** 1 (f16, default) works; 0 (f32) loads but aborts the process inside whisper_full(). */
  ftype?: 0 | 1;
}

/** Builds the model file in memory (~2 MB). */
export function buildTinyWhisperModel(options: TinyModelOptions = {}): Buffer {
  const ftype = options.ftype ?? HP.ftype;
  const chunks: Buffer[] = [];
  const ints = (...values: number[]) => {
    const b = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => b.writeInt32LE(v, 4 * i));
    chunks.push(b);
  };
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(GGML_MAGIC);
  chunks.push(magic);
  ints(HP.nVocab, HP.nAudioCtx, HP.nAudioState, HP.nAudioHead, HP.nAudioLayer, HP.nTextCtx);
  ints(HP.nTextState, HP.nTextHead, HP.nTextLayer, HP.nMels, ftype);
  // Mel filters: zero is fine (the encoder ignores its input anyway).
  ints(HP.nMels, N_FFT);
  chunks.push(Buffer.alloc(HP.nMels * N_FFT * 4));
  // Vocabulary: a few entries; whisper.cpp names the rest itself. " " must exist (suppress_blank).
  const words = Array.from({ length: 256 }, (_, i) => `<${i}>`);
  words[TEXT_TOKEN] = TINY_MODEL_TEXT;
  words[220] = ' ';
  ints(words.length);
  for (const word of words) {
    const bytes = Buffer.from(word, 'utf8');
    ints(bytes.length);
    chunks.push(bytes);
  }
  for (const tensor of tensors()) {
    const count = tensor.ne.reduce((a, b) => a * b, 1);
    const type = ftype === 0 ? F32 : tensor.type;
    const values = new Float32Array(count);
    tensor.fill?.(values);
    const name = Buffer.from(tensor.name, 'utf8');
    ints(tensor.ne.length, name.length, type, ...tensor.ne);
    chunks.push(name);
    const data = Buffer.alloc(count * (type === F16 ? 2 : 4));
    for (let i = 0; i < count; i++) {
      if (type === F16) data.writeUInt16LE(toHalf(values[i]), 2 * i);
      else data.writeFloatLE(values[i], 4 * i);
    }
    chunks.push(data);
  }
  return Buffer.concat(chunks);
}
