import { findLanguage } from '@lotse/shared';

/** Regular-weight fonts per script, as separate CSS chunks: only a language of that script pulls them in. */
const loaders: Record<string, () => Promise<unknown>> = {
  Arab: () => import('./arab.css'),
  Ethi: () => import('./ethi.css'),
};

/**
 * Loads the stylesheet for the language's script and waits (briefly) until its glyphs are ready, so the first
 * screen in that language does not flash in a fallback font.
 */
export async function loadFontsFor(code: string, sample?: string): Promise<void> {
  const script = findLanguage(code)?.script;
  const load = script ? loaders[script] : undefined;
  if (!load) return;
  // A missing stylesheet (offline before the cache was filled) must never stop the check-in: the system font stays.
  if (!(await load().then(() => true, () => false))) return;
  const family = script === 'Arab' ? 'Noto Sans Arabic' : 'Noto Sans Ethiopic';
  const text = sample ?? (script === 'Arab' ? 'ابجد' : 'ሀለሐ');
  await Promise.race([document.fonts.load(`400 24px "${family}"`, text), new Promise((r) => setTimeout(r, 1500))]).catch(() => undefined);
}
