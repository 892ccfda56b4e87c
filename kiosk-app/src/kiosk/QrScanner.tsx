import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
// Served from our own build (no CDN): the kiosk network is closed.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } });

/** A booking QR may carry the bare code or a link with it (`?code=…` or the last path segment). */
export function extractCode(text: string): string {
  const trimmed = text.trim();
  try {
    const url = new URL(trimmed);
    return url.searchParams.get('code') ?? url.pathname.split('/').filter(Boolean).pop() ?? trimmed;
  } catch {
    return trimmed;
  }
}

/** The camera preview; reads a QR code (ZXing C++ as WebAssembly) a few times a second until one is found. */
export default function QrScanner({ onCode, onUnavailable, onStop }: { onCode: (code: string) => void; onUnavailable: () => void; onStop: () => void }) {
  const { t } = useTranslation('kiosk');
  const video = useRef<HTMLVideoElement>(null);
  const done = useRef(false);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });

    const scan = async () => {
      const v = video.current;
      if (cancelled || !v || !ctx) return;
      if (v.readyState >= 2 && v.videoWidth > 0) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        ctx.drawImage(v, 0, 0);
        let results: Awaited<ReturnType<typeof readBarcodes>>;
        try {
          const read = readBarcodes(ctx.getImageData(0, 0, canvas.width, canvas.height), { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
          // A wasm module that cannot compile (e.g. a CSP without 'wasm-unsafe-eval') may never settle.
          results = await Promise.race([read, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('QR reader did not start')), 8000))]);
        } catch {
          // The reader itself cannot run (wasm blocked or missing): say so and offer the code entry.
          if (!cancelled) onUnavailable();
          return;
        }
        const hit = results.find((r) => r.isValid && r.text);
        if (hit && !done.current && !cancelled) {
          done.current = true;
          onCode(extractCode(hit.text));
          return;
        }
      }
      timer = setTimeout(() => void scan(), 200);
    };

    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
        if (cancelled) return stream.getTracks().forEach((tr) => tr.stop());
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play().catch(() => undefined);
        }
        void scan();
      } catch {
        if (!cancelled) onUnavailable();
      }
    })();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
    // The scanner runs once per mount; the callbacks are stable enough for its lifetime.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <section className="scanner" aria-labelledby="scan-title">
      <h2 id="scan-title">{t('appointment.scan')}</h2>
      <p>{t('appointment.scanHint')}</p>
      <video ref={video} className="scanner-video" muted playsInline aria-hidden="true" />
      <button className="secondary" onClick={onStop}>{t('appointment.scanStop')}</button>
    </section>
  );
}
