import { findLanguage } from '@lotse/shared';

/** Why a text could not be spoken: no voice anywhere (ps, ti), or the server/audio failed. */
export type SpeakResult = 'spoken' | 'no-voice' | 'failed' | 'cancelled';

const TTS_MAX_CHARS = 300;

/** Voices arrive asynchronously in Chromium; wait for them once (briefly). */
function voices(): Promise<SpeechSynthesisVoice[]> {
  if (typeof speechSynthesis === 'undefined') return Promise.resolve([]);
  const now = speechSynthesis.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => resolve(speechSynthesis.getVoices());
    speechSynthesis.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 500);
  });
}

/** A browser voice for the language's `speechTag` (exact tag first, then the same primary language). */
export async function browserVoiceFor(code: string): Promise<SpeechSynthesisVoice | undefined> {
  const tag = findLanguage(code)?.speechTag;
  if (!tag) return undefined;
  const all = await voices();
  const primary = tag.split('-')[0].toLowerCase();
  return all.find((v) => v.lang.toLowerCase() === tag.toLowerCase()) ?? all.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === primary);
}

/** Whether this language can be spoken at all: a browser voice, or espeak-ng on the server. */
export async function canSpeak(code: string): Promise<boolean> {
  return findLanguage(code)?.espeakVoice !== undefined || (await browserVoiceFor(code)) !== undefined;
}

/** Splits long text at sentence ends so each server request stays under its limit. */
export function chunks(text: string, max = TTS_MAX_CHARS): string[] {
  const parts = text.replace(/\s+/g, ' ').trim().split(/(?<=[.!?።؟])\s+/);
  const out: string[] = [];
  let cur = '';
  for (const p of parts) {
    for (let piece = p; piece.length > 0; piece = piece.slice(max)) {
      const head = piece.slice(0, max);
      if ((cur ? cur.length + 1 : 0) + head.length > max) {
        out.push(cur);
        cur = head;
      } else cur = cur ? `${cur} ${head}` : head;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export interface Speaker {
  speak(text: string, code: string): Promise<SpeakResult>;
  stop(): void;
}

/**
 * Speaks with the browser's speechSynthesis where a voice for the language exists, else asks the edge server
 * (`/api/v1/tts`, espeak-ng) for a WAV. One utterance at a time; `stop` ends the current one.
 */
export function createSpeaker(deviceToken: string | undefined): Speaker {
  let audio: HTMLAudioElement | undefined;
  let generation = 0;

  async function viaBrowser(text: string, voice: SpeechSynthesisVoice, gen: number): Promise<SpeakResult> {
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      u.onend = () => resolve(gen === generation ? 'spoken' : 'cancelled');
      u.onerror = (e) => resolve(e.error === 'interrupted' || e.error === 'canceled' ? 'cancelled' : 'failed');
      speechSynthesis.speak(u);
    });
  }

  async function viaServer(text: string, code: string, gen: number): Promise<SpeakResult> {
    for (const part of chunks(text)) {
      if (gen !== generation) return 'cancelled';
      const url = `/api/v1/tts?lang=${encodeURIComponent(code)}&text=${encodeURIComponent(part)}`;
      let res: Response;
      try {
        res = await fetch(url, { headers: deviceToken ? { 'X-Device-Token': deviceToken } : {} });
      } catch {
        return 'failed';
      }
      if (res.status === 404 || res.status === 409) return 'no-voice';
      if (!res.ok) return 'failed';
      const blob = await res.blob();
      if (gen !== generation) return 'cancelled';
      const src = URL.createObjectURL(blob);
      const result = await new Promise<SpeakResult>((resolve) => {
        audio = new Audio(src);
        audio.onended = () => resolve('spoken');
        audio.onerror = () => resolve('failed');
        audio.onpause = () => {
          if (audio && !audio.ended) resolve('cancelled');
        };
        audio.play().catch(() => resolve('failed'));
      });
      URL.revokeObjectURL(src);
      if (result !== 'spoken') return result;
    }
    return 'spoken';
  }

  return {
    async speak(text, code) {
      const gen = ++generation;
      const voice = await browserVoiceFor(code);
      if (gen !== generation) return 'cancelled';
      if (voice) return viaBrowser(text, voice, gen);
      if (findLanguage(code)?.espeakVoice === undefined) return 'no-voice';
      return viaServer(text, code, gen);
    },
    stop() {
      generation++;
      if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
      audio?.pause();
      audio = undefined;
    },
  };
}
