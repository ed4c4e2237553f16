/**
 * The first frame's own fonts: the bundled Noto Sans SC and TC cut down to
 * the characters of the prerendered attract screen (build/first-frame.ts).
 *
 * The kiosk has no system CJK font, and the full font stylesheet (~360
 * `@font-face` rules, build/font-css.ts) loads only after the first frame, so
 * without these the attract screen showed empty boxes for its Chinese text
 * until the app and the fonts had loaded. Four small files (two families, two
 * weights) are preloaded from index.html and declared under their own family
 * names, placed after the Noto names in the font stacks
 * (renderer/src/styles/tokens.css): the full fonts take over once loaded, and
 * while their slices are still coming the browser falls back to these, with
 * the same glyphs, never to boxes.
 *
 * fontsource splits each font into ~100 unicode-range slices, and the attract
 * text spans about 17 of them: each slice is cut to the characters it holds
 * (subset-font: HarfBuzz's hb-subset in wasm), and the pieces are merged into
 * one font per family and weight (fonteditor-core).
 *
 * The same cut, under other names, gives the shell's out-of-order page its
 * fonts (build/out-of-order-fonts.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Font, woff2 } from 'fonteditor-core';
import subsetFont from 'subset-font';
import { faceCovers, fontFaces } from './font-css';

const require = createRequire(import.meta.url);

/** The family names the font stacks list after the Noto names (renderer/src/styles/tokens.css). */
export const FIRST_FRAME_FAMILIES = { sc: 'First Frame SC', tc: 'First Frame TC' } as const;

/** What the cut fonts are called: their family names, and each file's path in the output folder. */
export interface CutFontNames {
  families: { sc: string; tc: string };
  file: (fontsource: string, weight: string, hash: string) => string;
}

const FIRST_FRAME_NAMES: CutFontNames = {
  families: FIRST_FRAME_FAMILIES,
  file: (fontsource, weight, hash) => `assets/first-frame-${fontsource}-${weight}-${hash}.woff2`,
};

const SOURCES = [
  { script: 'sc', fontsource: 'noto-sans-sc' },
  { script: 'tc', fontsource: 'noto-sans-tc' },
] as const;
/** The kiosk's two weights (tokens.css: normal text and --font-weight-bold). */
const WEIGHTS = ['400', '700'] as const;

export interface FirstFrameFont {
  family: string;
  weight: (typeof WEIGHTS)[number];
  /** Path inside the build's output folder, named by a hash of the bytes. */
  fileName: string;
  bytes: Buffer;
  /** The characters this font draws, ascending. */
  codePoints: number[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of server-rendered markup: no tags, comments or SVG; entities decoded. */
export function markupText(markup: string): string {
  return markup
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    });
}

/** The distinct printable characters of `text`, ascending (the space kept; other white space and controls not). */
export function codePointsOf(text: string): number[] {
  const set = new Set<number>();
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0x20 || (c > 0x20 && !/\s|\p{Cc}/u.test(ch))) set.add(c);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * One font per family and weight drawing those of `codePoints` the family has (SC: every character of
 * the attract screen; TC: at least its zh-Hant lines; first-frame-fonts.test.ts checks both). Both are
 * cut from the same characters: the TC one draws only the zh-Hant lines, but sorting the markup's text
 * by language would save a few kB at the cost of a parser that could miss a line.
 */
export async function buildFirstFrameFonts(codePoints: readonly number[], names: CutFontNames = FIRST_FRAME_NAMES): Promise<FirstFrameFont[]> {
  await woff2.init();
  const fonts: FirstFrameFont[] = [];
  for (const { script, fontsource } of SOURCES) {
    const family = names.families[script];
    for (const weight of WEIGHTS) {
      const cssFile = require.resolve(`@fontsource/${fontsource}/${weight}.css`);
      let merged: InstanceType<typeof Font> | null = null;
      const covered: number[] = [];
      // The merge takes only glyphs with outlines from the pieces it adds, so the piece holding the
      // space (a glyph with a width and no outline) is the one the others are merged into.
      const faces = fontFaces(readFileSync(cssFile, 'utf8')).sort((a, b) => Number(faceCovers(b, 0x20)) - Number(faceCovers(a, 0x20)));
      for (const face of faces) {
        const mine = codePoints.filter((c) => !covered.includes(c) && faceCovers(face, c));
        if (mine.length === 0) continue;
        if (!face.woff2) throw new Error(`${cssFile}: a face covering U+${mine[0]!.toString(16)} has no woff2 file`);
        const slice = readFileSync(join(dirname(cssFile), face.woff2));
        const cut = await subsetFont(slice, String.fromCodePoint(...mine), { targetFormat: 'truetype' });
        // Composite glyphs as plain outlines: the merge would drop them otherwise. The kerning (GPOS) is
        // kept: the merge appends glyphs after the first piece's, so its pairs still point at the right
        // glyphs, and the Latin lines do not move when the full fonts arrive ("Tap to start" moved 5 px).
        const piece = Font.create(cut, { type: 'ttf', compound2simple: true, kerning: true });
        if (merged) merged.merge(piece, { scale: 1 });
        else merged = piece;
        covered.push(...mine);
      }
      if (!merged) throw new Error(`@fontsource/${fontsource} ${weight} has none of the characters to cut (${names.families[script]})`);
      // A slice's unicode-range can claim a character its font lacks (TC has no glyph for some
      // simplified ones): declare only what the file really draws, so those fall through to the next font.
      // (From the glyphs: the cmap table is only rebuilt from them when the font is written.)
      const drawn = new Set(merged.get().glyf.flatMap((glyph) => glyph.unicode ?? []));
      const bytes = Buffer.from(merged.write({ type: 'woff2', kerning: true }) as Uint8Array);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
      fonts.push({ family, weight, fileName: names.file(fontsource, weight, hash), bytes, codePoints: covered.filter((c) => drawn.has(c)).sort((a, b) => a - b) });
    }
  }
  return fonts;
}

/** Compact unicode-range: consecutive characters as one range. */
export function unicodeRange(codePoints: readonly number[]): string {
  const parts: string[] = [];
  const hex = (c: number) => c.toString(16).toUpperCase();
  for (let i = 0; i < codePoints.length; i++) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j]! + 1) j++;
    parts.push(j > i ? `U+${hex(codePoints[i]!)}-${hex(codePoints[j]!)}` : `U+${hex(codePoints[i]!)}`);
    i = j;
  }
  return parts.join(',');
}

/**
 * The @font-face rules, for a stylesheet beside the fonts (same folder). `block`: until a file has
 * arrived (preloaded, local, a few kB) its text is not drawn at all, rather than drawn as boxes.
 */
export function firstFrameFontCss(fonts: readonly FirstFrameFont[]): string {
  return fonts
    .map((f) => {
      const file = f.fileName.split('/').pop()!;
      return `@font-face{font-family:'${f.family}';font-style:normal;font-weight:${f.weight};font-display:block;src:url(./${file}) format('woff2');unicode-range:${unicodeRange(f.codePoints)}}`;
    })
    .join('\n');
}
