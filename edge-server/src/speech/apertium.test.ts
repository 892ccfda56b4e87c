import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WAIT, waitUntil } from '../../../test/helpers/timeouts.ts';
import { ApertiumTranslator, pairsFromModes } from './apertium.ts';
import { deformat, reformat } from './apertiumPipe.ts';

/** What the old path gave: one `apertium -u` process per line (input from a file: destxt cannot read a socket). */
function oldPathText(text: string, mode: string): string {
  const file = join(fakeDir, 'line.txt');
  writeFileSync(file, text);
  return execFileSync('apertium', ['-u', mode, file], { encoding: 'utf8' }).trim();
}

/** A data dir with made-up modes run by ordinary tools, to make a pipeline answer, hang or quit on cue. */
const fakeDir = mkdtempSync(join(tmpdir(), 'lotse-apertium-'));
mkdirSync(join(fakeDir, 'modes'));
// sed -z -u answers each NUL-terminated line at once; tail -z waits for the end of input; head -z answers once and exits.
writeFileSync(join(fakeDir, 'modes', 'eng-deu.mode'), "sed -u 's/hello/hallo/'\n");
writeFileSync(join(fakeDir, 'modes', 'eng-fra.mode'), 'tail -n 1\n');
writeFileSync(join(fakeDir, 'modes', 'eng-ita.mode'), "head -n 1\n");
// true quits without reading anything.
writeFileSync(join(fakeDir, 'modes', 'eng-por.mode'), 'true\n');
afterAll(() => rmSync(fakeDir, { recursive: true, force: true }));

describe('ApertiumTranslator', () => {
  it('maps installed mode files to our language codes', () => {
    expect(pairsFromModes(['eng-spa.mode', 'spa-eng.mode', 'spa-eng_US.mode', 'README', 'rus-ukr.mode'])).toEqual([
      { from: 'en', to: 'es' },
      { from: 'es', to: 'en' },
      { from: 'ru', to: 'uk' },
    ]);
  });

  it('reports not installed without modes or binary, and rejects clearly', async () => {
    const none = new ApertiumTranslator({ dataDir: '/nonexistent' });
    expect(none.status()).toMatchObject({ installed: false, kind: 'mt', pairs: [] });
    await expect(none.translate('hello', 'en', 'es')).rejects.toThrow(/no en→es pair installed/);
    const noBinary = new ApertiumTranslator({ binary: 'apertium-missing' });
    expect(noBinary.status().detail).toMatch(/binary not found/);
  });

  it('translates English to Spanish and back on this machine; has no German pair', async () => {
    const ap = new ApertiumTranslator();
    expect(ap.status().installed).toBe(true);
    expect(ap.supports('en', 'es')).toBe(true);
    expect(ap.supports('de', 'en')).toBe(false);
    expect((await ap.translate('Where is the office?', 'en', 'es')).toLowerCase()).toContain('oficina');
    expect((await ap.translate('Buenos días', 'es', 'en')).toLowerCase()).toMatch(/good|morning|day/);
    expect(await ap.translate('   ', 'en', 'es')).toBe('');
    await expect(ap.translate('Hallo', 'de', 'en')).rejects.toThrow(/no de→en pair/);
  });

  it('treats text as data, never as arguments', async () => {
    const ap = new ApertiumTranslator();
    const out = await ap.translate('-d /etc --help; $(whoami) `id`', 'en', 'es');
    expect(out).toContain('$(whoami)');
  });
});

describe('Apertium warm pipeline', () => {
  const lines = [
    'Where is the office? I need a new passport.',
    'hello',
    'Good morning. Where do I sign?',
    'a [b] ^c$ /d\\ @e <f> {g} *h',
    'line one\nline two',
    'two  spaces',
  ];

  it('frames text as apertium-destxt does and undoes it as apertium-retxt does', () => {
    expect(deformat('a [b]\n\0c')).toBe('a \\[b\\][\n]c.[]');
    expect(reformat('Un \\[b\\][\n]c.[]')).toBe('Un [b]\nc');
  });

  it('translates lines sent at once, each to its own answer and the same text as a process per line', async () => {
    const ap = new ApertiumTranslator();
    try {
      const out = await Promise.all(lines.map((l) => ap.translate(l, 'en', 'es')));
      expect(out).toEqual(lines.map((l) => oldPathText(l, 'eng-spa')));
      expect(await ap.translate('Buenos días', 'es', 'en')).toBe(oldPathText('Buenos días', 'spa-eng'));
      // One pipeline per pair, started once.
      expect(ap.pipe('eng-spa').started).toBe(1);
    } finally {
      await ap.close();
    }
  });

  it('survives a killed stage: the pipeline is replaced and the next line is translated', async () => {
    const ap = new ApertiumTranslator();
    try {
      expect(await ap.translate('hello', 'en', 'es')).toBe('hola');
      const pipe = ap.pipe('eng-spa');
      const stages = pipe.pids;
      expect(stages.length).toBeGreaterThan(3);
      process.kill(stages[2], 'SIGKILL');
      await waitUntil('the dead pipeline to be noticed', () => pipe.pids.length === 0, WAIT.event);
      expect(await ap.translate('Where is the office?', 'en', 'es')).toBe(oldPathText('Where is the office?', 'eng-spa'));
      expect(pipe.started).toBe(2);
      expect(pipe.pids).not.toContain(stages[0]);
    } finally {
      await ap.close();
    }
  });

  it('stops a pipeline left idle and starts it again for the next line', async () => {
    const ap = new ApertiumTranslator({ idleMs: 50 });
    try {
      expect(await ap.translate('hello', 'en', 'es')).toBe('hola');
      const pipe = ap.pipe('eng-spa');
      await waitUntil('the idle pipeline to stop', () => pipe.pids.length === 0, WAIT.event);
      expect(await ap.translate('hello', 'en', 'es')).toBe('hola');
      expect(pipe.started).toBe(2);
    } finally {
      await ap.close();
    }
  });

  it('runs its processes below the server\'s priority', async () => {
    const ap = new ApertiumTranslator({ nice: 12 });
    try {
      await ap.translate('hello', 'en', 'es');
      const nice = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
      const pids = ap.pipe('eng-spa').pids;
      expect(pids.length).toBeGreaterThan(3);
      expect(pids.map(nice)).toEqual(pids.map(() => 12));
    } finally {
      await ap.close();
    }
  });

  it('starts a new pipeline after one quits, and rejects a line no pipeline answers instead of waiting', async () => {
    const ap = new ApertiumTranslator({ dataDir: fakeDir });
    try {
      expect(await ap.translate('hello', 'en', 'it')).toBe('hello');
      // head -z answered once and exited: the next lines get new pipelines.
      expect(await ap.translate('again', 'en', 'it')).toBe('again');
      expect(await ap.translate('and again', 'en', 'it')).toBe('and again');
      expect(ap.pipe('eng-ita').started).toBe(3);
      expect(await ap.translate('hello', 'en', 'de')).toBe('hallo');
      // Tried on a second pipeline, then given up: well before the 10 s deadline.
      await expect(ap.translate('hello', 'en', 'pt')).rejects.toMatchObject({ code: 'engine_crashed' });
      expect(ap.pipe('eng-por').started).toBe(2);
    } finally {
      await ap.close();
    }
  });

  it('gives every line a deadline, refuses lines beyond its queue, and recovers from a hung pipeline', async () => {
    const ap = new ApertiumTranslator({ dataDir: fakeDir, timeoutMs: 300, maxQueue: 1 });
    try {
      const hung = ap.translate('one', 'en', 'fr');
      const queued = ap.translate('two', 'en', 'fr');
      await expect(ap.translate('three', 'en', 'fr')).rejects.toMatchObject({ code: 'busy' });
      await expect(hung).rejects.toMatchObject({ code: 'timeout' });
      await expect(queued).rejects.toMatchObject({ code: 'timeout' });
      expect(ap.pipe('eng-fra').started).toBeGreaterThanOrEqual(1);
    } finally {
      await ap.close();
    }
  });
});
