import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';

/**
 * A Y4M video file (what Chromium's `--use-file-for-fake-video-capture` plays as the camera) showing a QR code
 * for `text`, black on white, centred. Written by hand: a Y4M frame is a raw 4:2:0 picture after "FRAME\n".
 */
export function qrVideoFile(text: string, opts: { width?: number; height?: number; frames?: number } = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = Math.floor((Math.min(width, height) * 0.8) / (n + 8));
  const size = (n + 8) * scale; // 4 modules of quiet zone on each side
  const x0 = Math.floor((width - size) / 2);
  const y0 = Math.floor((height - size) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!qr.modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (y0 + (y + 4) * scale + dy) * width;
        luma.fill(16, row + x0 + (x + 4) * scale, row + x0 + (x + 5) * scale);
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-cam-')), 'qr.y4m');
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: opts.frames ?? 15 }, () => frame)]));
  return file;
}
