import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError, type SessionStateT } from '@lotse/shared';
import type { SpeechEngines } from '../speech/registry.ts';
import { SpeechEngineError, type FinalSegment, type RecognitionStream, type SpeechRecognizer } from '../speech/types.ts';
import { SpeechPipeline, SPEECH_BUSY_MESSAGE } from './pipeline.ts';

/** A recognizer that records what each stream was given; a final's text says how many samples it heard. */
function fakeEngines(opts: { busy?: boolean } = {}) {
  const streams: Array<{ samples: number; ended: boolean }> = [];
  const recognizer: SpeechRecognizer = {
    id: 'fake',
    capacity: () => ({ streams: 1, basis: 'fake' }),
    status: () => ({ id: 'fake', kind: 'asr', installed: true, languages: ['en'], pairs: [], detail: 'fake' }),
    supports: () => true,
    startStream: (language): RecognitionStream => {
      if (opts.busy) throw new SpeechEngineError('busy', 'full', 'fake');
      const record = { samples: 0, ended: false };
      streams.push(record);
      return {
        language,
        onPartial: undefined,
        push: (pcm) => void (record.samples += pcm.length),
        end: async (): Promise<FinalSegment> => {
          record.ended = true;
          return { text: `heard ${record.samples}`, audioMs: record.samples / 16, engineMs: 1, engine: 'fake', segments: [] };
        },
        abort: () => undefined,
      };
    },
    close: async () => undefined,
  };
  const engines = { recognizerFor: () => recognizer } as unknown as SpeechEngines;
  return { engines, streams };
}

const session = (id: string) => ({ id, counterId: `c-${id}` }) as SessionStateT;
const second = new Int16Array(16_000);

describe('SpeechPipeline', () => {
  it('cuts a speaker who talks on into a new line at the maximum line length instead of failing', async () => {
    const { engines, streams } = fakeEngines();
    const lines: string[] = [];
    const pipeline = new SpeechPipeline({ engines, maxLineMs: 3000, onPartial: () => undefined, onNotice: () => undefined, onFinal: async (_s, _sp, text) => (lines.push(text), { translateMs: 0 }) });
    const s = session('a');
    for (let i = 0; i < 7; i++) pipeline.push(s, 'clerk', 'en', second);
    await expect.poll(() => lines.length).toBe(2);
    expect(await pipeline.end('a')).toBe(true);
    expect(lines).toEqual(['heard 48000', 'heard 48000', 'heard 16000']);
    expect(streams.map((x) => x.samples)).toEqual([48_000, 48_000, 16_000]);
  });

  it('keeps each line’s own translation time when sessions finish at once', async () => {
    const { engines } = fakeEngines();
    const release: Array<() => void> = [];
    const pipeline = new SpeechPipeline({
      engines,
      onPartial: () => undefined,
      onNotice: () => undefined,
      onFinal: (s) => new Promise((resolve) => release.push(() => resolve({ translateMs: s.id === 'slow' ? 900 : 5 }))),
    });
    pipeline.push(session('slow'), 'clerk', 'en', second);
    pipeline.push(session('fast'), 'clerk', 'en', second);
    const slow = pipeline.end('slow');
    const fast = pipeline.end('fast');
    await expect.poll(() => release.length).toBe(2);
    release[1]!();
    await fast;
    release[0]!();
    await slow;
    expect(pipeline.timings.map((t) => t.translateMs)).toEqual([5, 900]);
  });

  describe('an utterance whose frames stop without audio:end', () => {
    afterEach(() => void vi.useRealTimers());

    it('ends 8 s after its last frame, not 8 s after its first', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const { engines, streams } = fakeEngines();
      const lines: string[] = [];
      const pipeline = new SpeechPipeline({ engines, onPartial: () => undefined, onNotice: () => undefined, onFinal: async (_s, _sp, text) => (lines.push(text), { translateMs: 0 }) });
      const s = session('idle');
      pipeline.push(s, 'clerk', 'en', second);
      await vi.advanceTimersByTimeAsync(5000);
      pipeline.push(s, 'clerk', 'en', second);
      await vi.advanceTimersByTimeAsync(5000);
      // 10 s after the first frame, 5 s after the last: still open.
      expect(streams[0]!.ended).toBe(false);
      await vi.advanceTimersByTimeAsync(3000);
      expect(streams[0]!.ended).toBe(true);
      expect(lines).toEqual(['heard 32000']);
    });
  });

  it('says "busy" plainly when the engine has no stream free', () => {
    const { engines } = fakeEngines({ busy: true });
    const pipeline = new SpeechPipeline({ engines, onPartial: () => undefined, onNotice: () => undefined, onFinal: async () => ({ translateMs: 0 }) });
    const push = () => pipeline.push(session('a'), 'clerk', 'en', second);
    expect(push).toThrow(DomainError);
    expect(push).toThrow(SPEECH_BUSY_MESSAGE);
  });
});
