import { useCallback, useEffect, useRef, useState } from 'react';
import { C2S } from '@lotse/shared';
import { ApiClientError, type LotseConnection } from '@lotse/shared/client';
import { FrameBatcher, floatToPcm16, PreRoll } from './pcm.ts';

export type MicStatus = 'off' | 'starting' | 'listening' | 'speaking' | 'error';
export interface MicState {
  status: MicStatus;
  /** Why capture failed: 'mic' (no microphone), 'vad' (speech detection did not load), or the server's code. */
  error?: string;
}

/** Served by our own server (vite.config.ts copies them into `dist/vad/`): never a CDN. */
const ASSET_BASE = `${import.meta.env.BASE_URL}vad/`;

/**
 * Tuned for live captions, not for whole-utterance recognition: a line should end soon after the speaker stops
 * (default redemption 1.4 s is too slow), and frames stream while speech is on, so the padding vad-web keeps for
 * `onSpeechEnd` hardly matters; our own pre-roll (below) keeps the first syllable.
 */
export const VAD_TUNING = { positiveSpeechThreshold: 0.5, negativeSpeechThreshold: 0.35, redemptionMs: 480, preSpeechPadMs: 192, minSpeechMs: 160 };
/** 8 frames of 32 ms sent ahead of the frame where speech was detected. */
const PRE_ROLL_FRAMES = 8;

interface Options {
  connection: LotseConnection | undefined;
  sessionId: string | undefined;
  /** Consent given and capture switched on, and this device holds the microphone in this screen mode. */
  enabled: boolean;
  /** It is the turn of the person at this microphone: frames are sent only then. */
  sending: boolean;
  /** Whose turn it is: an utterance in flight ends when the turn changes. */
  turn: string;
}

export interface MicCapture extends MicState {
  /** Ends the utterance in flight (before this device hands the turn over), so the server keeps what was said. */
  endUtterance(): Promise<void>;
}

/**
 * The microphone and Silero VAD for one session. The VAD is made once when capture is enabled (MicVAD.new costs
 * 0.5–0.85 s) and destroyed, with every track stopped, when capture pauses, consent ends or the session changes.
 * Without `enabled` nothing here touches `getUserMedia`.
 */
export function useMicCapture({ connection, sessionId, enabled, sending, turn }: Options): MicCapture {
  const [state, setState] = useState<MicState>({ status: 'off' });
  const sendingRef = useRef(sending);
  sendingRef.current = sending;
  const finishRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    void finishRef.current();
  }, [turn]);

  useEffect(() => {
    if (!enabled || !sessionId || !connection) {
      setState({ status: 'off' });
      return;
    }
    let cancelled = false;
    let vad: { start(): Promise<void>; destroy(): Promise<void> } | undefined;
    let stream: MediaStream | undefined;
    let seq = 0;
    let speaking = false;
    let refused: string | undefined;
    let micFailed = false;
    const preRoll = new PreRoll(PRE_ROLL_FRAMES);
    const batcher = new FrameBatcher();
    const update = (s: MicState) => !cancelled && setState(s);

    const stopTracks = () => stream?.getTracks().forEach((t) => t.stop());
    const emit = (samples: Float32Array) => {
      if (samples.length === 0) return;
      connection.request(C2S.audioFrame, { sessionId, seq: seq++, pcm: floatToPcm16(samples) }).catch((err: unknown) => {
        const code = err instanceof ApiClientError ? err.code : 'generic';
        if (refused === code) return;
        refused = code;
        update({ status: 'error', error: code });
      });
    };
    // 96 ms a message: a third of the socket messages (and acknowledgements) of one per VAD frame.
    const send = (samples: Float32Array) => {
      const block = batcher.push(samples);
      if (block) emit(block);
    };
    const finish = async () => {
      if (!speaking) return;
      speaking = false;
      emit(batcher.flush());
      performance.mark('lotse:speech-end');
      if (!refused) update({ status: 'listening' });
      // The answer comes after recognition; the server has taken the utterance long before that.
      const ended = connection.request(C2S.audioEnd, { sessionId }).catch(() => undefined);
      await Promise.race([ended, new Promise((r) => setTimeout(r, 300))]);
    };
    finishRef.current = finish;
    const getStream = async () => {
      micFailed = true;
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
      micFailed = false;
      return stream;
    };

    update({ status: 'starting' });
    const t0 = performance.now();
    void (async () => {
      try {
        const { MicVAD } = await import('@ricky0123/vad-web');
        const created = await MicVAD.new({
          model: 'v5',
          baseAssetPath: ASSET_BASE,
          onnxWASMBasePath: ASSET_BASE,
          ...VAD_TUNING,
          startOnLoad: false,
          getStream,
          pauseStream: async (s) => s.getTracks().forEach((t) => t.stop()),
          resumeStream: getStream,
          onFrameProcessed: (_probs, frame) => {
            if (!speaking) preRoll.push(frame);
            else if (!sendingRef.current) void finish();
            else send(frame);
          },
          onSpeechStart: () => {
            if (!sendingRef.current) return;
            performance.mark('lotse:speech-start');
            speaking = true;
            refused = undefined;
            send(preRoll.drain());
            update({ status: 'speaking' });
          },
          onSpeechEnd: () => void finish(),
          onVADMisfire: () => void finish(),
        });
        performance.measure('lotse:vad-new', { start: t0, end: performance.now() });
        if (cancelled) {
          await created.destroy();
          stopTracks();
          return;
        }
        vad = created;
        await created.start();
        performance.measure('lotse:vad-ready', { start: t0, end: performance.now() });
        if (cancelled) {
          await created.destroy();
          stopTracks();
          return;
        }
        update({ status: 'listening' });
      } catch (err) {
        console.error('microphone or VAD failed', err);
        stopTracks();
        update({ status: 'error', error: micFailed ? 'mic' : 'vad' });
      }
    })();

    return () => {
      void finish();
      finishRef.current = async () => undefined;
      cancelled = true;
      preRoll.clear();
      const v = vad;
      vad = undefined;
      void v?.destroy().catch(() => undefined).finally(stopTracks);
      stopTracks();
    };
  }, [connection, sessionId, enabled]);

  const endUtterance = useCallback(() => finishRef.current(), []);
  return { ...(enabled ? state : { status: 'off' }), endUtterance };
}
