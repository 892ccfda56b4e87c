// Named production models, their official download URLs and pinned SHA-256 hashes.
// The operator installs them with `npm run models install <id>` (main/modelsCli.ts); nothing downloads at start-up.

export interface CatalogueFile {
  url: string;
  /** Path inside the model folder; omitted when the model is a single file. */
  path?: string;
  /** null: not pinned yet (no two independent published sources); installs only from a local file the admin checked. */
  sha256: string | null;
  bytes?: number;
}

export interface CatalogueModel {
  id: string;
  kind: 'asr' | 'mt';
  description: string;
  /** Where it lands, relative to LOTSE_MODELS_DIR: a file (whisper) or a folder (ONNX MT). */
  target: string;
  files: CatalogueFile[];
  /**
   * 'verified': hash confirmed by at least two independent published sources.
   * 'needs-verification': hash from a single third-party source; compare with the publisher's
   * file page before relying on it (install asks for --accept-unverified-hash).
   * 'unpinned': no hash pinned at all; only a local install (--from) after the admin compared the hashes it prints
   * with the publisher's file pages, with --accept-unverified-hash.
   */
  verification: 'verified' | 'needs-verification' | 'unpinned';
  hashSource: string;
}

const WHISPER_BASE = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';
const WHISPER_HASH_SOURCE =
  'Hugging Face LFS sha256 as pinned independently by chidiwilliams/buzz (MODELS_SHA256) and several Nix fetchurl expressions';

function whisper(name: string, sha256: string, description: string): CatalogueModel {
  return {
    id: `whisper-${name}`,
    kind: 'asr',
    description,
    target: `ggml-${name}.bin`,
    files: [{ url: `${WHISPER_BASE}/ggml-${name}.bin`, sha256 }],
    verification: 'verified',
    hashSource: WHISPER_HASH_SOURCE,
  };
}

/** Xenova's ONNX export of Helsinki-NLP OPUS-MT, pinned to a commit; quantized weights. */
function opus(pair: string, revision: string, files: Array<[string, number, string]>): CatalogueModel {
  const repo = `Xenova/opus-mt-${pair}`;
  return {
    id: `opus-mt-${pair}`,
    kind: 'mt',
    description: `OPUS-MT ${pair.replace('-', '→')} (Helsinki-NLP, CC-BY 4.0), ONNX by Xenova, quantized`,
    target: `mt/opus-mt-${pair}`,
    files: files.map(([path, bytes, sha256]) => ({ url: `https://huggingface.co/${repo}/resolve/${revision}/${path}`, path, bytes, sha256 })),
    verification: 'needs-verification',
    hashSource: `third-party catalogue generated from the Hugging Face API (${repo}@${revision}); not yet cross-checked`,
  };
}

/** A multilingual Xenova export (quantized) whose hashes are not pinned yet. */
function unpinned(id: string, repo: string, description: string): CatalogueModel {
  const paths = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx'];
  return {
    id,
    kind: 'mt',
    description,
    target: `mt/${id}`,
    files: paths.map((path) => ({ url: `https://huggingface.co/${repo}/resolve/main/${path}`, path, sha256: null })),
    verification: 'unpinned',
    hashSource: `no two independent published SHA-256 found for ${repo}; compare with the Hugging Face file pages (LFS SHA256)`,
  };
}

export const MODEL_CATALOGUE: CatalogueModel[] = [
  whisper('small', '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b', 'Whisper small, multilingual, 466 MiB (recommended)'),
  whisper('base', '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe', 'Whisper base, multilingual, 142 MiB (faster, less accurate)'),
  whisper('tiny', 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21', 'Whisper tiny, multilingual, 75 MiB (wiring only)'),
  opus('de-en', '399dfd68706739fffd503f876093e455ae268a06', [
    ['config.json', 1376, '6754743ec4754957d8552dad869d1314f3af6626b67446ec4cebe5e2fbaa0fc4'],
    ['generation_config.json', 293, 'cd16a899388283889c6e87b903c689ce73430aaa18335415f9d9ea770606538e'],
    ['onnx/decoder_model_merged_quantized.onnx', 56652404, '4712800584b2d77c2f9e620bf29523e2b20b62f65ade5011ee01780e2b0ea5d3'],
    ['onnx/encoder_model_quantized.onnx', 49366942, '4cedda8f8c89b72a42b3c6cd1e7a27f2de24457093e3bf80cb3e46829641fcd8'],
    ['tokenizer.json', 5498450, '8e0fcf45621ea87fa680c7f9969c37a7f819c1f4c7658a2e6e0879b866a14b17'],
    ['tokenizer_config.json', 280, 'e3687c40400600366d9b073a3fd9f75dc8b40d5a9d6e5c92544cf2e9592abe6c'],
  ]),
  opus('es-en', 'eadfd7c658a9d8929ac3b8e996b68a68e2c7d480', [
    ['config.json', 1433, 'fab3a7f93185bc5aa7b419f6a1e6e74d98c8f2a506c94493d3019bf46da3478d'],
    ['generation_config.json', 293, 'b743baabb7da4c1a2f19fe558bd6b4c0c7c3b0762fcb5ca7a48fe5a2c2219803'],
    ['onnx/decoder_model_merged_quantized.onnx', 60212804, '4cd91ab30240d295ce907b5100826031838c672005e57e524d711122d75605fa'],
    ['onnx/encoder_model_quantized.onnx', 52899742, 'c01e70f8455efc350831aa2af7ed187b16829241f0018ba07d1ba643a391bc18'],
    ['tokenizer.json', 6262682, '285eb29e7155ee48851a77960797813f86a125f70d2c1a124f613f1fbd2b19c3'],
    ['tokenizer_config.json', 282, 'e1fac15a910169d5b5ec07a13b0374273626a239b5142db10be229ca66cc52a9'],
  ]),
  unpinned('nllb-200-distilled-600M', 'Xenova/nllb-200-distilled-600M', 'NLLB-200 distilled 600M, all 19 kiosk languages with German (CC-BY-NC 4.0: non-commercial only), ~1 GB'),
  unpinned('m2m100_418M', 'Xenova/m2m100_418M', 'M2M100 418M, 15 kiosk languages, not ti/kmr/prs (MIT), ~0.5 GB'),
];

export function findModel(catalogue: readonly CatalogueModel[], id: string): CatalogueModel | undefined {
  return catalogue.find((m) => m.id === id);
}
