/**
 * Which characters the kiosk's bundled fonts draw, and which strings of a
 * content pack use one they do not.
 *
 * The kiosk has no system CJK font: it draws only with the Noto Sans SC and
 * TC slices the build keeps (build/font-css.ts). A pack using a character
 * outside them would import fine and then show the customer an empty box in
 * its place. The build writes the kept ranges to font-coverage.json beside the
 * renderer (build/font-coverage.ts); the kiosk's import and `npm run
 * pack:check` both refuse a pack with such a character, naming each string.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Written by the renderer build into out/renderer. */
export const FONT_COVERAGE_FILE = 'font-coverage.json';

/** Inclusive code point range. */
export type CodeRange = readonly [number, number];

/**
 * Per script, the sorted, disjoint code point ranges that every weight the kiosk uses draws:
 * `sc` draws zh-Hans and English, `tc` draws zh-Hant (renderer/src/styles/base.css).
 */
export interface FontCoverage {
  sc: CodeRange[];
  tc: CodeRange[];
}

const codePoint = z.number().int().min(0).max(0x10ffff);
const ranges = z
  .array(z.tuple([codePoint, codePoint]))
  .min(1)
  .refine((rs) => rs.every(([a, b], i) => a <= b && (i === 0 || a > rs[i - 1]![1] + 1)), 'ranges must be sorted, disjoint and not adjacent');
const coverageSchema = z.object({ sc: ranges, tc: ranges }).strict();

/** The build's font-coverage.json, checked; a clear message instead when it is not one. */
export function parseFontCoverage(text: string): { ok: true; coverage: FontCoverage } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not JSON (${(err as Error).message})` };
  }
  const parsed = coverageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `not a font coverage list: ${issue.path.join('.') || '(top)'}: ${issue.message}` };
  }
  return { ok: true, coverage: parsed.data };
}

/** Reads the build's list; throws an error that names the file and what is wrong with it. */
export function readFontCoverageFile(file: string): FontCoverage {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): the installation is incomplete`);
  }
  const read = parseFontCoverage(text);
  if (!read.ok) throw new Error(`${file} is ${read.message}: the installation is damaged`);
  return read.coverage;
}

/** Whether the sorted ranges hold `c` (binary search: a pack has tens of thousands of characters). */
export function rangesCover(rs: readonly CodeRange[], c: number): boolean {
  let lo = 0;
  let hi = rs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = rs[mid]!;
    if (c < a) hi = mid - 1;
    else if (c > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const LOCALES = ['zh-Hans', 'zh-Hant', 'en'] as const;
type Locale = (typeof LOCALES)[number];

export interface UndrawnText {
  /** JSON path of the string, as the validator writes it: `causes[2].title.zh-Hant`. */
  path: string;
  /** Its characters no shipped font draws, in order of first use. */
  characters: string[];
}

/** Every localized string of `pack` with characters the fonts lack (white space and controls are not drawn). */
export function undrawnText(pack: unknown, coverage: FontCoverage): UndrawnText[] {
  const found: UndrawnText[] = [];
  const visit = (value: unknown, path: string, locale: Locale | null) => {
    if (typeof value === 'string') {
      if (locale === null) return;
      const rs = locale === 'zh-Hant' ? coverage.tc : coverage.sc;
      const missing = [...new Set([...value].filter((ch) => !/\s|\p{Cc}/u.test(ch) && !rangesCover(rs, ch.codePointAt(0)!)))];
      if (missing.length > 0) found.push({ path, characters: missing });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, locale));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const keyLocale = (LOCALES as readonly string[]).includes(key) ? (key as Locale) : locale;
        visit(item, path === '' ? key : `${path}.${key}`, keyLocale);
      }
    }
  };
  visit(pack, '', null);
  return found;
}

/** One line per string: which characters (with their code points, for a search in the text). */
export function describeUndrawn(text: UndrawnText): string {
  const chars = text.characters.map((ch) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
  return `${chars.join(', ')} would show as empty boxes: the kiosk's fonts do not draw ${text.characters.length === 1 ? 'it' : 'them'}`;
}
