/**
 * ESC/POS bytes for an 80 mm receipt printer (Epson TM-T20/T88 and the many compatibles).
 *
 * Text is sent in code page WPC1252 (`ESC t 16`), which practically every ESC/POS printer has built in. It
 * covers German (ä ö ü ß €) and the Western European languages of our catalogue (en, fr, es, it, sq), but not
 * Turkish ş/ğ/ı, Polish, Romanian, Vietnamese, Kurmancî ş, nor Arabic, Cyrillic or Ethiopic script. Printers
 * render those only as raster images (and right-to-left shaping would have to be done by us), so for them the
 * receipt carries the German service name only; the citizen sees their language on the kiosk and the mobile
 * ticket page, which the QR code opens.
 */

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

/** Windows-1252 bytes 0x80–0x9F that are not Latin-1. */
const CP1252_EXTRA: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

function cp1252Byte(ch: string): number | undefined {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0x0a || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) return code;
  return CP1252_EXTRA[ch];
}

/** Whether the printer's code page can print this text as it is. */
export function printable(text: string): boolean {
  return [...text].every((ch) => cp1252Byte(ch) !== undefined);
}

/** Text in WPC1252; anything else becomes "?" (callers check `printable` first where it matters). */
export function encodeCp1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => cp1252Byte(ch) ?? 0x3f));
}

export const Cmd = {
  init: () => Buffer.from([ESC, 0x40]),
  codePage1252: () => Buffer.from([ESC, 0x74, 16]),
  align: (where: 'left' | 'center' | 'right') => Buffer.from([ESC, 0x61, where === 'left' ? 0 : where === 'center' ? 1 : 2]),
  bold: (on: boolean) => Buffer.from([ESC, 0x45, on ? 1 : 0]),
  /** `GS ! n`: width and height multipliers 1–8. */
  size: (width: number, height: number) => Buffer.from([GS, 0x21, ((width - 1) << 4) | (height - 1)]),
  feed: (lines: number) => Buffer.from([ESC, 0x64, lines]),
  /** `GS V 66 0`: feed to the cutter and cut (partial cut where the printer has only that). */
  cut: () => Buffer.from([GS, 0x56, 66, 0]),
};

/** `GS ( k` with function 165–181 of symbol type 49 (QR). */
function qrFn(fn: number, data: number[] | Buffer): Buffer {
  const len = data.length + 2;
  return Buffer.concat([Buffer.from([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, fn]), Buffer.from(data)]);
}

/** QR code: model 2, module size, error level M, store the data, print it. */
export function qrCode(data: string, moduleSize = 6): Buffer {
  const bytes = Buffer.from(data, 'ascii');
  if (bytes.length > 7089) throw new RangeError('QR data too long');
  return Buffer.concat([
    qrFn(0x41, [0x32, 0x00]), // fn 165: model 2
    qrFn(0x43, [moduleSize]), // fn 167: module size in dots
    qrFn(0x45, [0x31]), // fn 169: error correction M (15 %)
    qrFn(0x50, Buffer.concat([Buffer.from([0x30]), bytes])), // fn 180: store data
    qrFn(0x51, [0x30]), // fn 181: print
  ]);
}

/** The "store" command as the printer receives it, for tests and for checking a capture. */
export function qrStoreCommand(data: string): Buffer {
  return qrFn(0x50, Buffer.concat([Buffer.from([0x30]), Buffer.from(data, 'ascii')]));
}

export interface TicketPrintout {
  officeName: string;
  number: string;
  serviceNameDe: string;
  /** Service name in the citizen's language; printed only if the code page can and it differs from German. */
  serviceNameCitizen?: string;
  /** Already formatted in the office's time zone, e.g. "10.03.2026, 09:15". */
  issuedAt: string;
  ahead: number;
  estimate: { minMinutes: number; maxMinutes: number };
  /** Mobile ticket page (QR code). */
  url: string;
  provisionalNumber?: string;
}

/** The whole receipt. German texts: the printer cannot print most citizen scripts (see the file comment). */
export function ticketBytes(t: TicketPrintout): Buffer {
  const line = (text: string) => Buffer.concat([encodeCp1252(text), Buffer.from([LF])]);
  const parts: Buffer[] = [
    Cmd.init(),
    Cmd.codePage1252(),
    Cmd.align('center'),
    Cmd.bold(true),
    line(t.officeName),
    Cmd.bold(false),
    line(''),
    line('Ihre Nummer'),
    Cmd.size(4, 4),
    Cmd.bold(true),
    line(t.number),
    Cmd.bold(false),
    Cmd.size(1, 1),
  ];
  if (t.provisionalNumber && t.provisionalNumber !== t.number) parts.push(line(`(vorläufig: ${t.provisionalNumber})`));
  parts.push(line(''), Cmd.size(1, 2), line(t.serviceNameDe), Cmd.size(1, 1));
  if (t.serviceNameCitizen && t.serviceNameCitizen !== t.serviceNameDe && printable(t.serviceNameCitizen)) parts.push(line(t.serviceNameCitizen));
  parts.push(line(''), line(t.issuedAt));
  if (t.ahead === 0) parts.push(line('Sie sind als Nächstes an der Reihe.'));
  else parts.push(line(`Vor Ihnen: ${t.ahead}`), line(`Wartezeit ca. ${t.estimate.minMinutes}–${t.estimate.maxMinutes} Min.`));
  parts.push(line(''), qrCode(t.url), line(''), line('Ihr Ticket auf dem Handy'), line('(ohne Anmeldung, ohne Daten)'), Cmd.feed(4), Cmd.cut());
  return Buffer.concat(parts);
}
