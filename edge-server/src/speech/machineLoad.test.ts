import { describe, expect, it } from 'vitest';
import { MachineLoad, readMachineTicks } from './machineLoad.ts';

describe('MachineLoad: the CPU everything but our decoders uses', () => {
  it('reads busy and total jiffies from /proc/stat', () => {
    expect(readMachineTicks('cpu  100 50 30 800 20 0 0 0 0 0\ncpu0 1 2 3')).toEqual({ busy: 180, total: 1000 });
    expect(readMachineTicks('nothing')).toBeUndefined();
  });

  it('counts the busy cores minus those our decoders used, and keeps the peak of its window', () => {
    // 2 cores, 200 jiffies per interval in all.
    const load = new MachineLoad(2, 3);
    expect(load.othersPeak()).toBeUndefined();
    load.add({ busy: 0, total: 0, own: 0 });
    // 150 busy of 200: 1.5 cores, of which the decoders 1.0 → others 0.5.
    load.add({ busy: 150, total: 200, own: 100 });
    expect(load.othersPeak()).toBeCloseTo(0.5);
    // others 0.2: the peak stays 0.5 while it is in the window.
    load.add({ busy: 270, total: 400, own: 200 });
    load.add({ busy: 390, total: 600, own: 300 });
    expect(load.othersPeak()).toBeCloseTo(0.5);
    load.add({ busy: 510, total: 800, own: 400 });
    expect(load.othersPeak()).toBeCloseTo(0.2);
  });

  it('never reports a negative share (a decoder counted in full in the interval it appeared)', () => {
    const load = new MachineLoad(2);
    load.add({ busy: 0, total: 0, own: 0 });
    load.add({ busy: 100, total: 200, own: 150 });
    expect(load.othersPeak()).toBe(0);
  });
});
