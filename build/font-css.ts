/**
 * Build step for the bundled CJK fonts (wired into vite.config.mts).
 *
 * The kiosk has no system CJK font and no network, so @fontsource's Noto Sans
 * SC and TC ship with the renderer. As published, each weight's stylesheet has
 * about 100 `@font-face` rules (one per unicode-range slice), each with a
 * woff2 and a woff URL: a 441 kB render-blocking stylesheet and 21 MB of font
 * files. Chromium (and so Electron) always takes the woff2, so the woff
 * fallbacks go; and only the slices a fixed repertoire needs are kept:
 *
 * - the characters of the bundled pack and of the UI strings;
 * - for packs imported later: GB 2312 level 1 (3,755 common simplified
 *   characters) for SC, Big5 level 1 (5,401 common traditional characters)
 *   for TC, and for both ASCII, Latin-1, CJK punctuation and full-width forms.
 *
 * The repertoire is fixed on purpose (not "whatever today's pack uses"): a pack
 * imported from a USB stick must still render without tofu.
 *
 * Plain Node, no Vite import: the bench (CommonJS) uses the same functions.
 */
import bundledPack from '../db/content/card-binding.json';
import { en } from '../renderer/src/i18n/en';
import { zhHans } from '../renderer/src/i18n/zh-Hans';
import { zhHant } from '../renderer/src/i18n/zh-Hant';

/** Which family draws which text (renderer/src/styles/base.css): TC for zh-Hant, SC for everything else. */
export type FontScript = 'sc' | 'tc';

export interface FontFace {
  /** The whole `@font-face { … }` rule as written. */
  rule: string;
  family: string;
  weight: string;
  woff2: string | null;
  woff: string | null;
  /** Inclusive code point ranges; the whole of Unicode when the rule has no unicode-range. */
  ranges: [number, number][];
}

function parseRange(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const r = part.trim().replace(/^U\+/i, '');
    if (r.includes('?')) return [parseInt(r.replace(/\?/g, '0'), 16), parseInt(r.replace(/\?/g, 'f'), 16)];
    const [a, b] = r.split('-');
    return [parseInt(a!, 16), parseInt(b ?? a!, 16)];
  });
}

const FACE_RULE = /@font-face\s*{([^}]*)}/g;

export function fontFaces(css: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const m of css.matchAll(FACE_RULE)) {
    const body = m[1]!;
    const prop = (name: string) => new RegExp(`${name}\\s*:\\s*([^;]+)`).exec(body)?.[1]?.trim() ?? '';
    const url = (ext: string) => new RegExp(`url\\(([^)]*\\.${ext})\\)`).exec(body)?.[1]?.replace(/^["']|["']$/g, '') ?? null;
    const range = prop('unicode-range');
    faces.push({
      rule: m[0],
      family: prop('font-family').replace(/["']/g, ''),
      weight: prop('font-weight'),
      woff2: url('woff2'),
      woff: url('woff'),
      ranges: range ? parseRange(range) : [[0, 0x10ffff]],
    });
  }
  return faces;
}

export function faceCovers(face: Pick<FontFace, 'ranges'>, codePoint: number): boolean {
  return face.ranges.some(([a, b]) => codePoint >= a && codePoint <= b);
}

function addText(set: Set<number>, s: string): void {
  for (const ch of s) set.add(ch.codePointAt(0)!);
}

function addRange(set: Set<number>, from: number, to: number): void {
  for (let c = from; c <= to; c++) set.add(c);
}

/** Decodes every two-byte code in [lead, trail] ranges with the given legacy encoding (WHATWG TextDecoder). */
function decodeDoubleBytes(encoding: string, leads: [number, number], trails: [number, number][], last: number): Set<number> {
  const decoder = new TextDecoder(encoding);
  const out = new Set<number>();
  for (let lead = leads[0]; lead <= leads[1]; lead++) {
    for (const [from, to] of trails) {
      for (let trail = from; trail <= to; trail++) {
        if (((lead << 8) | trail) > last) continue;
        for (const ch of decoder.decode(new Uint8Array([lead, trail]))) {
          const c = ch.codePointAt(0)!;
          // Unassigned codes (the end of GB 2312 row 55) decode to U+FFFD or to private use.
          if (c !== 0xfffd && !(c >= 0xe000 && c <= 0xf8ff)) out.add(c);
        }
      }
    }
  }
  return out;
}

/** GB 2312 level 1: rows 16–55 (bytes 0xB0A1–0xD7FE), decoded as GBK: the 3,755 common hanzi. */
export function gb2312Level1(): Set<number> {
  return decodeDoubleBytes('gbk', [0xb0, 0xd7], [[0xa1, 0xfe]], 0xd7fe);
}

/** Big5 level 1, the common characters: 0xA440–0xC67E. */
export function big5Level1(): Set<number> {
  return decodeDoubleBytes('big5', [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]], 0xc67e);
}

/** Latin and CJK symbols every script needs: ASCII, Latin-1, CJK punctuation, full-width and half-width forms. */
export function sharedRepertoire(): Set<number> {
  const set = new Set<number>();
  addRange(set, 0x20, 0x7e);
  addRange(set, 0xa0, 0xff);
  addRange(set, 0x3000, 0x303f);
  addRange(set, 0xff01, 0xffee);
  // Typographic punctuation the UI and packs use: dashes, quotes, ellipsis, middle dot.
  addText(set, '‐‑–—‘’“”…・');
  return set;
}

/** Every string of the bundled pack by locale, plus the UI strings: SC draws zh-Hans and English, TC draws zh-Hant. */
export function kioskText(pack: unknown = bundledPack): Record<FontScript, Set<number>> {
  const sc = new Set<number>();
  const tc = new Set<number>();
  const walk = (v: unknown, locale: string | null) => {
    if (typeof v === 'string') {
      if (locale === 'zh-Hant') addText(tc, v);
      else if (locale !== null) addText(sc, v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, locale));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k === 'zh-Hans' || k === 'zh-Hant' || k === 'en' ? k : locale);
  };
  walk(pack, null);
  for (const s of [...Object.values(en), ...Object.values(zhHans)]) addText(sc, s);
  for (const s of Object.values(zhHant)) addText(tc, s);
  // Each language's own name (i18n/locale.svelte.ts, LOCALE_NAMES), drawn in its own script; digits and Latin on every screen.
  addText(sc, '简体中文简体EnglishEN');
  addText(tc, '繁體中文繁體');
  addRange(sc, 0x20, 0x7e);
  return { sc, tc };
}

/** What each family must be able to draw: the kiosk's own text plus the fixed repertoire. */
export function fontRepertoire(): Record<FontScript, Set<number>> {
  const text = kioskText();
  const shared = sharedRepertoire();
  return {
    sc: new Set([...shared, ...gb2312Level1(), ...text.sc]),
    tc: new Set([...shared, ...big5Level1(), ...text.tc]),
  };
}

export function scriptOf(face: Pick<FontFace, 'family'>): FontScript {
  return /\bTC\b/.test(face.family) ? 'tc' : 'sc';
}

/** The @font-face rules whose unicode-range covers a character of `chars` (by the face's script). */
export function neededFaces(faces: readonly FontFace[], chars: Record<FontScript, Set<number>>): FontFace[] {
  return faces.filter((face) => {
    for (const c of chars[scriptOf(face)]) if (faceCovers(face, c)) return true;
    return false;
  });
}

/**
 * The stylesheet with only the rules `chars` needs, each without its woff
 * fallback (the `src` keeps the woff2 alone). Comments between rules go too.
 */
export function pruneFontCss(css: string, chars: Record<FontScript, Set<number>> = fontRepertoire()): string {
  const keep = new Set(neededFaces(fontFaces(css), chars).map((f) => f.rule));
  return css
    .replace(/\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//g, '')
    .replace(FACE_RULE, (rule) => (keep.has(rule) ? rule.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']?woff["']?\)/g, '') : ''))
    .replace(/\n{3,}/g, '\n\n');
}

/** The @fontsource stylesheets this step rewrites. */
export const FONTSOURCE_CSS = /[\\/]@fontsource[\\/]noto-sans-(sc|tc)[\\/][^\\/]*\.css$/;

/**
 * Vite plugin: rewrites the @fontsource stylesheets before Vite's CSS plugin
 * resolves their url()s, so the dropped woff and slices are never emitted.
 * Typed structurally so this file needs no Vite types.
 */
export function fontCssPlugin(): { name: string; enforce: 'pre'; transform: (code: string, id: string) => { code: string; map: null } | null } {
  let repertoire: Record<FontScript, Set<number>> | null = null;
  return {
    name: 'help-kiosk:font-css',
    enforce: 'pre',
    transform(code, id) {
      if (!FONTSOURCE_CSS.test(id.split('?')[0]!)) return null;
      repertoire ??= fontRepertoire();
      const out = pruneFontCss(code, repertoire);
      const before = fontFaces(code).length;
      const after = fontFaces(out);
      if (before === 0 || after.length === 0 || after.some((f) => f.woff !== null || f.woff2 === null)) {
        throw new Error(`font-css: unexpected @font-face rules in ${id} (${before} before, ${after.length} after)`);
      }
      return { code: out, map: null };
    },
  };
}
