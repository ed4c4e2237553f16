/**
 * Which characters of a content pack the kiosk's fonts cannot draw.
 *
 * The kiosk has no system CJK font: it draws only with the Noto Sans SC and TC
 * slices the build keeps (build/font-css.ts: the bundled pack, the UI, GB 2312
 * and Big5 level 1, Latin and CJK punctuation). A pack using a character
 * outside them imports fine and then shows the customer an empty box in its
 * place, so `npm run pack:check` reports each one before the pack is signed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { faceCovers, fontFaces, fontRepertoire, neededFaces, type FontFace, type FontScript } from './font-css';

const require = createRequire(import.meta.url);
const LOCALES = ['zh-Hans', 'zh-Hant', 'en'] as const;
const WEIGHTS = ['400', '700'] as const;

export interface UndrawnText {
  /** JSON path of the string, as the validator writes it: `causes[2].title.zh-Hant`. */
  path: string;
  /** Its characters no shipped font draws, in order of first use. */
  characters: string[];
}

/** For each script, whether every weight the kiosk uses has a kept slice that draws the character. */
export function shippedFontCoverage(): Record<FontScript, (codePoint: number) => boolean> {
  const repertoire = fontRepertoire();
  // The slices the build keeps (build/font-css.ts, pruneFontCss).
  const kept = (script: FontScript, weight: string): FontFace[] =>
    neededFaces(fontFaces(readFileSync(require.resolve(`@fontsource/noto-sans-${script}/${weight}.css`), 'utf8')), repertoire);
  const draws = (script: FontScript) => {
    const faces = WEIGHTS.map((weight) => kept(script, weight));
    return (c: number) => faces.every((weightFaces) => weightFaces.some((face) => faceCovers(face, c)));
  };
  return { sc: draws('sc'), tc: draws('tc') };
}

/** Every localized string of `pack` with characters the shipped fonts lack (white space and controls are not drawn). */
export function undrawnText(pack: unknown, coverage = shippedFontCoverage()): UndrawnText[] {
  const found: UndrawnText[] = [];
  const visit = (value: unknown, path: string, locale: (typeof LOCALES)[number] | null) => {
    if (typeof value === 'string') {
      if (locale === null) return;
      const draws = coverage[locale === 'zh-Hant' ? 'tc' : 'sc'];
      const missing = [...new Set([...value].filter((ch) => !/\s|\p{Cc}/u.test(ch) && !draws(ch.codePointAt(0)!)))];
      if (missing.length > 0) found.push({ path, characters: missing });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, locale));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const keyLocale = (LOCALES as readonly string[]).includes(key) ? (key as (typeof LOCALES)[number]) : locale;
        visit(item, path === '' ? key : `${path}.${key}`, keyLocale);
      }
    }
  };
  visit(pack, '', null);
  return found;
}

/** One line per string: where, and which characters (with their code points, for a search in the text). */
export function describeUndrawn(text: UndrawnText): string {
  const chars = text.characters.map((ch) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
  return `${text.path}: ${chars.join(', ')} would show as empty boxes: the kiosk's fonts do not draw ${text.characters.length === 1 ? 'it' : 'them'}`;
}
