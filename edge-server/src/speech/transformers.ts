// Neural MT with @huggingface/transformers on local ONNX models only (LOTSE_MODELS_DIR/mt).
// Never any network: remote models are disabled before the first pipeline is created.
// Layouts recognised (as exported by Xenova/onnx-community; proven on generated models in mt/tinyModel.ts):
//   mt/opus-mt-<from>-<to>/{config.json, tokenizer.json, onnx/encoder_model*.onnx, onnx/decoder_model_merged*.onnx}
//   mt/nllb-200-distilled-600M/{...}   all pairs among NLLB_CODES (language tokens deu_Latn, ...)
//   mt/m2m100_418M/{...}               all pairs among M2M100_CODES (language tokens __de__, ...)
// An org folder level (mt/Xenova/opus-mt-en-de) is accepted too. Weights: fp32 (encoder_model.onnx) or the
// quantized export (encoder_model_quantized.onnx, what the catalogue installs); the files decide the dtype.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  baseLanguage,
  SpeechEngineError,
  type EngineStatus,
  type EngineLanguage,
  type LanguagePair,
  type Translator,
} from './types.ts';

/** Our codes -> NLLB-200 (FLORES-200) codes, for the languages a Bürgeramt sees most. */
export const NLLB_CODES: Record<string, string> = {
  de: 'deu_Latn', en: 'eng_Latn', ar: 'arb_Arab', tr: 'tur_Latn', uk: 'ukr_Cyrl', ru: 'rus_Cyrl',
  fa: 'pes_Arab', ps: 'pbt_Arab', ku: 'kmr_Latn', es: 'spa_Latn', fr: 'fra_Latn', it: 'ita_Latn',
  pl: 'pol_Latn', ro: 'ron_Latn', bg: 'bul_Cyrl', sq: 'als_Latn', sr: 'srp_Cyrl', hr: 'hrv_Latn',
  el: 'ell_Grek', vi: 'vie_Latn', zh: 'zho_Hans', ti: 'tir_Ethi', so: 'som_Latn', am: 'amh_Ethi',
  pt: 'por_Latn', hi: 'hin_Deva', ur: 'urd_Arab', bn: 'ben_Beng', ta: 'tam_Taml',
  // The kiosk's codes for Kurmanji and Dari (ISO 639-3, no two-letter code of their own).
  kmr: 'kmr_Latn', prs: 'prs_Arab',
};

/** Our codes -> M2M100's: its 100 languages include Pashto and Persian but neither Tigrinya nor Kurmanji. */
export const M2M100_CODES: Record<string, string> = Object.fromEntries(
  ['de', 'en', 'ar', 'tr', 'uk', 'ru', 'fa', 'ps', 'es', 'fr', 'it', 'pl', 'ro', 'bg', 'sq', 'sr', 'hr', 'el', 'vi', 'zh', 'so', 'am', 'pt', 'hi', 'ur', 'bn', 'ta']
    .map((l) => [l, l]),
);

export type MtFamily = 'opus' | 'nllb' | 'm2m100';

interface ModelEntry {
  /** Path relative to the mt folder: the model id transformers.js resolves locally. */
  modelId: string;
  kind: MtFamily;
  /** Which ONNX files are present: fp32 (encoder_model.onnx) or q8 (encoder_model_quantized.onnx). */
  dtype: 'fp32' | 'q8';
  pairs: LanguagePair[];
}

type TranslationOutput = Array<{ translation_text: string }>;
type TranslationPipeline = ((text: string, options?: Record<string, unknown>) => Promise<unknown>) & {
  dispose: () => Promise<unknown>;
};

/** The dtype whose encoder and decoder are both present, or undefined when the folder is incomplete. */
function installedDtype(dir: string): ModelEntry['dtype'] | undefined {
  if (!existsSync(join(dir, 'config.json')) || !existsSync(join(dir, 'tokenizer.json'))) return undefined;
  const has = (suffix: string) =>
    existsSync(join(dir, 'onnx', `encoder_model${suffix}.onnx`)) && existsSync(join(dir, 'onnx', `decoder_model_merged${suffix}.onnx`));
  return has('_quantized') ? 'q8' : has('') ? 'fp32' : undefined;
}

/** Our language code -> the token code the model's tokenizer expects (undefined: not in this model). */
export function modelLanguageCode(kind: MtFamily, language: EngineLanguage): string | undefined {
  const base = baseLanguage(language);
  if (kind === 'nllb') return NLLB_CODES[base];
  if (kind === 'm2m100') return M2M100_CODES[base];
  return base;
}

function allPairs(codes: Record<string, string>): LanguagePair[] {
  const langs = Object.keys(codes);
  return langs.flatMap((from) => langs.filter((to) => to !== from).map((to) => ({ from, to })));
}

/** Finds installed model folders under mtDir (one optional org level). */
export function discoverMtModels(mtDir: string): ModelEntry[] {
  const entries: ModelEntry[] = [];
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) continue;
      const opus = /^opus-mt-([a-z]{2,3})-([a-z]{2,3})$/.exec(name);
      const modelId = relative(mtDir, path);
      const dtype = installedDtype(path);
      if (opus && dtype) {
        entries.push({ modelId, kind: 'opus', dtype, pairs: [{ from: opus[1]!, to: opus[2]! }] });
      } else if (/nllb/i.test(name) && dtype) {
        entries.push({ modelId, kind: 'nllb', dtype, pairs: allPairs(NLLB_CODES) });
      } else if (/m2m100/i.test(name) && dtype) {
        entries.push({ modelId, kind: 'm2m100', dtype, pairs: allPairs(M2M100_CODES) });
      } else if (depth === 0) {
        visit(path, 1);
      }
    }
  };
  visit(mtDir, 0);
  return entries;
}

export interface TransformersOptions {
  modelsDir: string;
  /** Mainly for tests: how long one translation may take. */
  timeoutMs?: number;
}

export class TransformersTranslator implements Translator {
  readonly id = 'transformers';
  readonly mtDir: string;
  private models: ModelEntry[];
  private readonly pipelines = new Map<string, Promise<TranslationPipeline>>();
  private readonly timeoutMs: number;

  constructor(options: TransformersOptions) {
    this.mtDir = join(options.modelsDir, 'mt');
    this.models = discoverMtModels(this.mtDir);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  status(): EngineStatus {
    // Specific OPUS-MT pairs first, then NLLB's; deduplicated.
    const seen = new Set<string>();
    const pairs: LanguagePair[] = [];
    for (const m of this.models) {
      for (const p of m.pairs) {
        const key = `${p.from}>${p.to}`;
        if (!seen.has(key)) {
          seen.add(key);
          pairs.push(p);
        }
      }
    }
    const detail = this.models.length
      ? `local ONNX models in ${this.mtDir}: ${this.models.map((m) => m.modelId).join(', ')}`
      : `no OPUS-MT/NLLB/M2M100 models in ${this.mtDir} (install: npm run models -- install opus-mt-de-en)`;
    return { id: this.id, kind: 'mt', installed: pairs.length > 0, languages: [], pairs, detail };
  }

  private modelFor(from: EngineLanguage, to: EngineLanguage): ModelEntry | undefined {
    const f = baseLanguage(from);
    const t = baseLanguage(to);
    const has = (m: ModelEntry) => m.pairs.some((p) => p.from === f && p.to === t);
    // A dedicated OPUS-MT pair is smaller and faster than NLLB.
    return this.models.find((m) => m.kind === 'opus' && has(m)) ?? this.models.find(has);
  }

  supports(from: EngineLanguage, to: EngineLanguage): boolean {
    return this.modelFor(from, to) !== undefined;
  }

  private pipelineFor(model: ModelEntry): Promise<TranslationPipeline> {
    let p = this.pipelines.get(model.modelId);
    if (!p) {
      p = (async () => {
        const transformers = await import('@huggingface/transformers');
        const { env } = transformers;
        env.allowRemoteModels = false;
        env.allowLocalModels = true;
        env.localModelPath = this.mtDir;
        const pipe = await transformers.pipeline('translation', model.modelId, { local_files_only: true, dtype: model.dtype });
        return Object.assign((text: string, options?: Record<string, unknown>) => pipe(text, options), {
          dispose: () => pipe.dispose(),
        });
      })();
      // A failed load is not cached: the operator may fix the folder without a restart.
      p.catch(() => this.pipelines.delete(model.modelId));
      this.pipelines.set(model.modelId, p);
    }
    return p;
  }

  async translate(text: string, from: EngineLanguage, to: EngineLanguage): Promise<string> {
    const model = this.modelFor(from, to);
    if (!model) {
      throw new SpeechEngineError('not_installed', `no local translation model for ${from}→${to} in ${this.mtDir}`, this.id);
    }
    if (text.trim() === '') return '';
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = (async () => {
        const pipe = await this.pipelineFor(model);
        const options =
          model.kind === 'opus' ? {} : { src_lang: modelLanguageCode(model.kind, from), tgt_lang: modelLanguageCode(model.kind, to) };
        const out = (await pipe(text, options)) as TranslationOutput;
        return out.map((o) => o.translation_text).join(' ').trim();
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new SpeechEngineError('timeout', `translation took longer than ${this.timeoutMs} ms`, this.id)),
          this.timeoutMs,
        );
      });
      return await Promise.race([work, timeout]);
    } catch (err) {
      if (err instanceof SpeechEngineError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new SpeechEngineError('engine_failed', `cannot translate with ${model.modelId}: ${message}`, this.id);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Looks at the mt folder again (after an install or removal); models no longer there are unloaded. */
  async refresh(): Promise<void> {
    this.models = discoverMtModels(this.mtDir);
    const present = new Set(this.models.map((m) => m.modelId));
    await Promise.all(this.loadedModels().filter((id) => !present.has(id)).map((id) => this.unload(id)));
  }

  /** Model ids whose sessions are in memory (or loading). */
  loadedModels(): string[] {
    return [...this.pipelines.keys()];
  }

  /** Releases one model's ONNX sessions; the next translation loads it again. */
  async unload(modelId: string): Promise<boolean> {
    const p = this.pipelines.get(modelId);
    if (!p) return false;
    this.pipelines.delete(modelId);
    const pipe = await p.catch(() => undefined);
    await pipe?.dispose().catch(() => undefined);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all(this.loadedModels().map((id) => this.unload(id)));
  }
}
