import { describe, expect, it } from 'vitest';
import { StreamAdmission } from './admission.ts';
import type { EngineCapacity, SpeechRecognizer } from './types.ts';

/** Only what admission reads: an id and a capacity. */
function fakeRecognizer(id: string, streams: number): SpeechRecognizer {
  const capacity: EngineCapacity = { streams, basis: 'fake' };
  return {
    id,
    capacity: () => capacity,
    status: () => ({ id, kind: 'asr', installed: true, languages: ['en'], pairs: [], detail: 'fake' }),
    supports: () => true,
    startStream: () => {
      throw new Error('not used');
    },
    close: async () => undefined,
  };
}

describe('StreamAdmission', () => {
  it('admits up to capacity, refuses beyond it, counts refusals today and offers a freed slot to the first in line', () => {
    let day = new Date('2026-12-02T09:00:00');
    const admission = new StreamAdmission({ now: () => day });
    const engine = fakeRecognizer('fake', 2);
    const offered: string[] = [];
    admission.onAvailable = (holder) => {
      offered.push(holder);
      admission.acquire(holder, engine);
    };
    expect(admission.acquire('a', engine)).toBe(true);
    expect(admission.acquire('a', engine)).toBe(true);
    expect(admission.acquire('b', engine)).toBe(true);
    expect(admission.acquire('c', engine)).toBe(false);
    expect(admission.acquire('d', engine)).toBe(false);
    expect(admission.status([engine])).toEqual([{ engine: 'fake', capacity: { streams: 2, basis: 'fake' }, inUse: 2, waiting: 2, refusedToday: 2 }]);
    admission.release('a');
    expect(offered).toEqual(['c']);
    expect(admission.holds('c')).toBe(true);
    expect(admission.status([engine])[0]).toMatchObject({ inUse: 2, waiting: 1 });
    // One who gave up waiting (capture off) is not offered a slot later.
    admission.release('d');
    admission.release('b');
    expect(offered).toEqual(['c']);
    expect(admission.status([engine])[0]).toMatchObject({ inUse: 1, waiting: 0 });
    day = new Date('2026-12-03T08:00:00');
    expect(admission.status([engine])[0]!.refusedToday).toBe(0);
  });

  it('keeps a holder’s slot when it moves to an engine that is full', () => {
    const admission = new StreamAdmission();
    const small = fakeRecognizer('small', 1);
    const other = fakeRecognizer('other', 1);
    expect(admission.acquire('x', other)).toBe(true);
    expect(admission.acquire('a', small)).toBe(true);
    expect(admission.acquire('a', other)).toBe(false);
    expect(admission.holds('a')).toBe(true);
    expect(admission.status([small, other]).map((s) => s.inUse)).toEqual([1, 1]);
  });
});
