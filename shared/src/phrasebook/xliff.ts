/**
 * XLIFF 1.2 for translation tools: one file per target language, German source. A drafted text goes out as
 * state="translated", a reviewed one as state="final" with its reviewer and date in a note; an import takes
 * state="final" with such a note back as a review, anything else as a drafted text.
 */
import type { LanguageCode } from '../languages.ts';
import type { PhraseRecordT } from './schema.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unesc = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const REVIEW_NOTE = /^reviewed by (.+) on (\d{4}-\d{2}-\d{2})$/;

export function phrasesToXliff(records: readonly PhraseRecordT[], target: LanguageCode): string {
  const units = records.map((r) => {
    const text = r.text[target];
    const review = r.reviews[target];
    const state = text === undefined ? 'new' : review ? 'final' : 'translated';
    const note = review ? `\n        <note from="lotse">reviewed by ${esc(review.reviewer)} on ${review.date}</note>` : '';
    return `      <trans-unit id="${esc(r.id)}" resname="${esc(r.group)}">
        <source>${esc(r.text.de)}</source>
        <target state="${state}">${esc(text ?? '')}</target>${note}
      </trans-unit>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="lotse-phrasebook" source-language="de" target-language="${target}" datatype="plaintext">
    <body>
${units.join('\n')}
    </body>
  </file>
</xliff>
`;
}

export interface XliffUnit {
  id: string;
  text: string;
  review?: { reviewer: string; date: string };
}

/** The units of an XLIFF 1.2 file with a non-empty target; throws on a file that is not one. */
export function unitsFromXliff(xml: string): { target: string; units: XliffUnit[] } {
  const file = /<file\b[^>]*\btarget-language="([^"]+)"/.exec(xml);
  if (!/<xliff\b/.test(xml) || !file) throw new Error('not an XLIFF 1.2 file with a target-language');
  const units: XliffUnit[] = [];
  for (const m of xml.matchAll(/<trans-unit\b[^>]*\bid="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    const target = /<target\b([^>]*)>([\s\S]*?)<\/target>/.exec(m[2]);
    if (!target || !target[2].trim()) continue;
    const state = /\bstate="([^"]+)"/.exec(target[1])?.[1];
    const note = /<note\b[^>]*>([\s\S]*?)<\/note>/.exec(m[2]);
    const review = state === 'final' && note ? REVIEW_NOTE.exec(unesc(note[1]).trim()) : null;
    units.push({ id: unesc(m[1]), text: unesc(target[2]).trim(), ...(review ? { review: { reviewer: review[1], date: review[2] } } : {}) });
  }
  return { target: file[1], units };
}
