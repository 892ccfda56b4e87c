import { spawn, spawnSync } from 'node:child_process';
import { LANGUAGES, type Language } from '@lotse/shared';

export class TtsError extends Error {
  constructor(
    readonly reason: 'no_engine' | 'failed' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'TtsError';
  }
}

/** Languages and voice names `espeak-ng --voices` reports (columns 2 and 5: "de", "gmw/de"). */
export function installedVoices(command = 'espeak-ng'): Set<string> {
  const res = spawnSync(command, ['--voices'], { encoding: 'utf8', timeout: 5000 });
  const names = new Set<string>();
  if (res.status !== 0 || typeof res.stdout !== 'string') return names;
  for (const row of res.stdout.split('\n').slice(1)) {
    const cols = row.trim().split(/\s+/);
    if (cols.length < 5) continue;
    names.add(cols[1]);
    names.add(cols[4].split('/').pop() ?? '');
  }
  names.delete('');
  return names;
}

/** Whether espeak-ng can speak `voice`: exactly, or as a variant family ("fr" → "fr-fr"). */
export function hasVoice(installed: ReadonlySet<string>, voice: string): boolean {
  if (installed.has(voice)) return true;
  for (const name of installed) if (name.startsWith(`${voice}-`)) return true;
  return false;
}

/** The catalogue with the espeak-ng voice each language gets here (null: no voice, e.g. Pashto, Tigrinya). */
export function voiceTable(installed: ReadonlySet<string>): { language: Language['code']; voice: string | null }[] {
  return (LANGUAGES as readonly Language[]).map((l) => ({ language: l.code, voice: l.espeakVoice && hasVoice(installed, l.espeakVoice) ? l.espeakVoice : null }));
}

/**
 * espeak-ng's `--stdout` WAV header carries 0x7fffffff as sizes (it streams). The whole file is in memory, so
 * the real sizes are written in: some players refuse the placeholder or show a wrong duration.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new TtsError('failed', 'espeak-ng did not produce a WAV file');
  }
  wav.writeUInt32LE(wav.length - 8, 4);
  let at = 12;
  while (at + 8 <= wav.length) {
    const id = wav.toString('ascii', at, at + 4);
    if (id === 'data') {
      wav.writeUInt32LE(wav.length - at - 8, at + 4);
      return wav;
    }
    at += 8 + wav.readUInt32LE(at + 4);
  }
  throw new TtsError('failed', 'espeak-ng WAV has no data chunk');
}

/**
 * Speaks `text` with an espeak-ng voice and returns a WAV body. The text goes in on stdin (never on the command
 * line, where `ps` would show it and a leading dash would read as an option); nothing is written to disk.
 */
export function speak(voice: string, text: string, opts: { command?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.command ?? 'espeak-ng', ['-v', voice, '-b', '1', '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let errors = '';
    let done = false;
    const finish = (err?: Error, wav?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(wav as Buffer);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new TtsError('timeout', `espeak-ng took longer than ${opts.timeoutMs ?? 10_000} ms`));
    }, opts.timeoutMs ?? 10_000);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()).length > 2000 && (errors = errors.slice(-2000)));
    child.on('error', (err) => finish(new TtsError('no_engine', `espeak-ng could not start: ${err.message}`)));
    child.stdin.on('error', () => {}); // A child that exits early closes the pipe; its exit code tells why.
    child.on('close', (code) => {
      if (code !== 0) return finish(new TtsError('failed', `espeak-ng exited with ${code}: ${errors.trim().slice(0, 300)}`));
      try {
        finish(undefined, fixWavSizes(Buffer.concat(out)));
      } catch (err) {
        finish(err as Error);
      }
    });
    child.stdin.end(text, 'utf8');
  });
}
