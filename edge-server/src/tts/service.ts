import { DomainError, findLanguage, type TtsVoicesT } from '@lotse/shared';
import { installedVoices, speak, TtsError, voiceTable } from './espeak.ts';

export interface TtsOptions {
  command?: string;
  /** espeak-ng processes at once; more requests wait their turn. */
  maxConcurrent?: number;
  /** Recent results kept in memory (display announcements repeat). */
  cacheSize?: number;
  timeoutMs?: number;
}

/** Read-aloud for kiosks and announcements for displays, with espeak-ng. Audio stays in memory only. */
export class TtsService {
  private readonly table: { language: string; voice: string | null }[];
  private readonly cache = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly maxConcurrent: number;
  private readonly cacheSize: number;

  /** Asks espeak-ng for its voices once, at start-up. */
  constructor(private readonly opts: TtsOptions = {}) {
    this.table = voiceTable(installedVoices(opts.command));
    this.maxConcurrent = opts.maxConcurrent ?? 2;
    this.cacheSize = opts.cacheSize ?? 50;
  }

  voices(): TtsVoicesT {
    return { voices: this.table.map((v) => ({ language: v.language as TtsVoicesT['voices'][number]['language'], voice: v.voice, available: v.voice !== null })) };
  }

  /** WAV of `text` in `language`; NO_ENGINE for a language espeak-ng has no voice for. */
  async speak(language: string, text: string): Promise<Buffer> {
    const voice = this.table.find((v) => v.language === language)?.voice;
    if (!voice) {
      const name = findLanguage(language)?.germanName ?? language;
      throw new DomainError('NO_ENGINE', `no speech voice for ${name} (${language}) on this server: use pictograms and the written text`);
    }
    const key = `${voice}\u0000${text}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit); // most recently used last
      return hit;
    }
    // Every display fetches the same announcement at the same moment: one espeak-ng run serves them all.
    const pending = this.pending.get(key);
    if (pending) return pending;
    const run = this.synthesize(voice, text, key).finally(() => this.pending.delete(key));
    this.pending.set(key, run);
    return run;
  }

  private async synthesize(voice: string, text: string, key: string): Promise<Buffer> {
    await this.slot();
    try {
      const wav = await speak(voice, text, { command: this.opts.command, timeoutMs: this.opts.timeoutMs });
      this.cache.set(key, wav);
      while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
      return wav;
    } catch (err) {
      if (err instanceof TtsError) throw new DomainError(err.reason === 'no_engine' ? 'NO_ENGINE' : 'UNAVAILABLE', err.message);
      throw err;
    } finally {
      this.release();
    }
  }

  /** Spawns in flight right now (for tests and metrics). */
  get active(): number {
    return this.running;
  }

  private slot(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.running++;
      resolve();
    }));
  }

  private release() {
    this.running--;
    this.waiting.shift()?.();
  }
}
