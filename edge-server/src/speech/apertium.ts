// Apertium rule-based MT from the Debian packages: one warm null-flush pipeline per pair (apertiumPipe.ts),
// started on the pair's first line and kept for the next ones. Never apertium-apy: it binds all interfaces.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WarmPipe } from './apertiumPipe.ts';
import { engineNice, which } from './proc.ts';
import {
  baseLanguage,
  SpeechEngineError,
  type EngineStatus,
  type EngineLanguage,
  type LanguagePair,
  type Translator,
} from './types.ts';

/** ISO 639-1 -> the ISO 639-3 codes Apertium names its modes with. */
const ISO3: Record<string, string> = {
  en: 'eng', es: 'spa', de: 'deu', fr: 'fra', it: 'ita', pt: 'por', ca: 'cat', gl: 'glg', eu: 'eus',
  ro: 'ron', ru: 'rus', uk: 'ukr', pl: 'pol', nl: 'nld', ar: 'ara', tr: 'tur', fa: 'fas', sq: 'sqi',
  sr: 'srp', hr: 'hrv', bs: 'bos', bg: 'bul', mk: 'mkd', cs: 'ces', sk: 'slk', sl: 'slv', da: 'dan',
  sv: 'swe', nb: 'nob', nn: 'nno', is: 'isl', el: 'ell', he: 'heb', mt: 'mlt', oc: 'oci', cy: 'cym',
  ga: 'gle', br: 'bre', kk: 'kaz', tt: 'tat', be: 'bel', hi: 'hin', ur: 'urd', id: 'ind', ms: 'msa',
};
const ISO1 = Object.fromEntries(Object.entries(ISO3).map(([k, v]) => [v, k]));

export const APERTIUM_DATA_DIR = '/usr/share/apertium';

export interface ApertiumOptions {
  binary?: string;
  /** Apertium data dir; its modes/ subfolder lists the installed pairs. */
  dataDir?: string;
  /** Deadline of one line, queueing included. */
  timeoutMs?: number;
  /** Lines waiting per pair beyond the one in flight; more are refused as busy. */
  maxQueue?: number;
  /** Nice value of the pipelines' processes; default LOTSE_ENGINE_NICE, else 10. */
  nice?: number;
  /** A pair's pipeline is stopped after this long without a line; default 10 minutes. */
  idleMs?: number;
}

/** Parses mode file names like 'eng-spa.mode' into pairs; variants ('spa-eng_US') are skipped. */
export function pairsFromModes(modeFiles: readonly string[]): LanguagePair[] {
  const pairs: LanguagePair[] = [];
  for (const file of modeFiles) {
    const m = /^([a-z]{2,3})-([a-z]{2,3})\.mode$/.exec(file);
    if (!m) continue;
    const from = ISO1[m[1]] ?? m[1];
    const to = ISO1[m[2]] ?? m[2];
    pairs.push({ from, to });
  }
  return pairs;
}

export class ApertiumTranslator implements Translator {
  readonly id = 'apertium';
  private readonly binary: string | undefined;
  private readonly dataDir: string;
  private readonly timeoutMs: number;
  private readonly pairs: LanguagePair[];
  private readonly maxQueue: number;
  private readonly nice: number;
  private readonly idleMs: number;
  private readonly pipes = new Map<string, WarmPipe>();

  constructor(options: ApertiumOptions = {}) {
    this.binary = which(options.binary ?? 'apertium');
    this.dataDir = options.dataDir ?? APERTIUM_DATA_DIR;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxQueue = options.maxQueue ?? 64;
    this.nice = engineNice(options.nice);
    this.idleMs = options.idleMs ?? 600_000;
    let files: string[] = [];
    try {
      files = readdirSync(join(this.dataDir, 'modes'));
    } catch {
      files = [];
    }
    this.pairs = this.binary ? pairsFromModes(files) : [];
  }

  status(): EngineStatus {
    const installed = this.binary !== undefined && this.pairs.length > 0;
    const detail = !this.binary
      ? 'apertium binary not found (Debian: apt install apertium apertium-eng-spa)'
      : this.pairs.length === 0
        ? `no language pairs in ${this.dataDir}/modes (Debian: apt install apertium-eng-spa)`
        : `apertium warm pipelines (null-flush), modes from ${this.dataDir}/modes`;
    return { id: this.id, kind: 'mt', installed, languages: [], pairs: [...this.pairs], detail };
  }

  supports(from: EngineLanguage, to: EngineLanguage): boolean {
    const f = baseLanguage(from);
    const t = baseLanguage(to);
    return this.pairs.some((p) => p.from === f && p.to === t);
  }

  async translate(text: string, from: EngineLanguage, to: EngineLanguage): Promise<string> {
    if (!this.binary || !this.supports(from, to)) {
      throw new SpeechEngineError('not_installed', `apertium has no ${from}→${to} pair installed`, this.id);
    }
    if (text.trim() === '') return '';
    const mode = `${ISO3[baseLanguage(from)]}-${ISO3[baseLanguage(to)]}`;
    return this.pipe(mode).translate(text);
  }

  /** The pair's pipeline (created on first use; it starts its processes with the first line). */
  pipe(mode: string): WarmPipe {
    let pipe = this.pipes.get(mode);
    if (!pipe) {
      pipe = new WarmPipe({ mode, dataDir: this.dataDir, timeoutMs: this.timeoutMs, maxQueue: this.maxQueue, nice: this.nice, idleMs: this.idleMs });
      this.pipes.set(mode, pipe);
    }
    return pipe;
  }

  async close(): Promise<void> {
    for (const pipe of this.pipes.values()) pipe.close();
    this.pipes.clear();
  }
}
