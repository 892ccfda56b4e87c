// Test speech: espeak-ng piped into sox, resampled to PCM16 mono 16 kHz, all in memory.
// sox -D: no dither, so the same text always gives the same samples (deterministic tests).
// For tests, benchmarks and fake-microphone WAVs; the server never calls this.
import { spawn } from 'node:child_process';
import { pcmFromWav, wavFromPcm } from './audio.ts';
import { which } from './proc.ts';
import { SpeechEngineError } from './types.ts';

export function canSynthesize(): boolean {
  return which('espeak-ng') !== undefined && which('sox') !== undefined;
}

/** Speaks `text` with espeak-ng voice `voice` ('en', 'es', 'de', ...) and returns PCM16 mono 16 kHz. */
export function synthesizeSpeech(text: string, voice = 'en', timeoutMs = 20_000): Promise<Int16Array> {
  return new Promise((resolve, reject) => {
    const espeak = spawn('espeak-ng', ['-v', voice, '--stdout', text], { stdio: ['ignore', 'pipe', 'pipe'] });
    const sox = spawn('sox', ['-D', '-t', 'wav', '-', '-t', 'wav', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let errors = '';
    const timer = setTimeout(() => {
      espeak.kill('SIGKILL');
      sox.kill('SIGKILL');
      reject(new SpeechEngineError('timeout', 'espeak-ng/sox took too long'));
    }, timeoutMs);
    espeak.stdout.pipe(sox.stdin);
    espeak.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    sox.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    sox.stdout.on('data', (d: Buffer) => out.push(d));
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(new SpeechEngineError('engine_failed', `speech synthesis failed: ${err.message}`));
    };
    espeak.on('error', fail);
    sox.on('error', fail);
    sox.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new SpeechEngineError('engine_failed', `sox exited with ${code}: ${errors.trim()}`));
      try {
        resolve(pcmFromWav(Buffer.concat(out)));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** Same as synthesizeSpeech, as a WAV file body (e.g. for Chromium's fake microphone). */
export async function synthesizeWav(text: string, voice = 'en'): Promise<Buffer> {
  return wavFromPcm(await synthesizeSpeech(text, voice));
}
