import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { big5Level1, faceCovers, fontCssPlugin, fontFaces, fontRepertoire, gb2312Level1, kioskText, sharedRepertoire, type FontFace, type FontScript } from './font-css';

const require = createRequire(import.meta.url);
const STYLESHEETS = (['sc', 'tc'] as const).flatMap((script) =>
  (['400', '700'] as const).map((weight) => ({ script, weight, id: require.resolve(`@fontsource/noto-sans-${script}/${weight}.css`) })),
);

/** Big5 level-1 hanzi missing from Noto Sans TC as published (Google Fonts' subset): an imported pack using them needs another font. */
const BIG5_NOT_IN_TC = '杗阬姅甽涊偭梡詨跦嘐穋豭歜毚縿燸霤儳鶸觼鑤';

const plugin = fontCssPlugin();
function built(id: string): { before: FontFace[]; after: FontFace[]; css: string } {
  const source = readFileSync(id, 'utf8');
  const out = plugin.transform(source, id);
  if (!out) throw new Error(`the plugin left ${id} alone`);
  return { before: fontFaces(source), after: fontFaces(out.code), css: out.code };
}
const covered = (faces: readonly FontFace[], c: number) => faces.some((f) => faceCovers(f, c));
const show = (cs: readonly number[]) => cs.map((c) => `${String.fromCodePoint(c)} U+${c.toString(16).toUpperCase()}`).join(', ');

describe('font CSS build step', () => {
  const repertoire = fontRepertoire();
  const text = kioskText();

  it('decodes the standard repertoires: GB 2312 level 1 and Big5 level 1 hanzi', () => {
    const gb = [...gb2312Level1()];
    const big5 = [...big5Level1()];
    expect(gb.length).toBe(3755);
    expect(big5.length).toBe(5401);
    for (const c of [...gb, ...big5]) expect(c >= 0x4e00 && c <= 0x9fff).toBe(true);
    expect(gb).toContain('银'.codePointAt(0));
    expect(big5).toContain('銀'.codePointAt(0));
  });

  for (const { script, weight, id } of STYLESHEETS) {
    describe(`Noto Sans ${script.toUpperCase()} ${weight}`, () => {
      const { before, after, css } = built(id);

      it('ships woff2 only', () => {
        expect(after.length).toBeGreaterThan(0);
        expect(after.every((f) => f.woff2 !== null && f.woff === null)).toBe(true);
        expect(css).not.toMatch(/\.woff\)/);
        expect(after.every((f) => f.weight === weight && f.family === `Noto Sans ${script.toUpperCase()}`)).toBe(true);
      });

      it('keeps every slice that draws a character of the bundled pack or the UI', () => {
        const missing = [...text[script]].filter((c) => !covered(after, c));
        // The kiosk has no system fonts to fall back to: a character missing here would show as a box.
        expect(show(missing)).toBe('');
      });

      it('keeps every slice the repertoire needs, so an imported pack renders', () => {
        const want = repertoire[script];
        expect(show([...want].filter((c) => covered(before, c) && !covered(after, c)))).toBe('');
        // Everything the font lacks is a rare symbol: every hanzi of the repertoire is there.
        const absent = [...want].filter((c) => !covered(before, c) && !BIG5_NOT_IN_TC.includes(String.fromCodePoint(c)));
        expect(show(absent.filter((c) => c >= 0x3400 && c <= 0x9fff))).toBe('');
        const standard = script === 'sc' ? gb2312Level1() : big5Level1();
        const notInFont = script === 'sc' ? '' : BIG5_NOT_IN_TC;
        expect(show([...standard].filter((c) => !covered(after, c)))).toBe(show([...notInFont].map((ch) => ch.codePointAt(0)!)));
        for (const c of sharedRepertoire()) if (c >= 0x20 && c <= 0x7e) expect(covered(after, c)).toBe(true);
      });

      it('drops the slices nothing in the repertoire uses', () => {
        expect(after.length).toBeLessThan(before.length);
        const dropped = before.filter((f) => !after.some((g) => g.woff2 === f.woff2));
        for (const face of dropped) expect([...repertoire[script]].some((c) => faceCovers(face, c))).toBe(false);
      });
    });
  }

  it('leaves other stylesheets alone', () => {
    expect(plugin.transform('@font-face{font-family:x;src:url(a.woff)}', '/work/renderer/src/styles/base.css')).toBeNull();
  });

  it('the entry no longer imports the fonts; fonts.ts does, for after the first frame', () => {
    const main = readFileSync(new URL('../renderer/src/main.ts', import.meta.url), 'utf8');
    const fonts = readFileSync(new URL('../renderer/src/fonts.ts', import.meta.url), 'utf8');
    expect(main).not.toMatch(/@fontsource/);
    for (const { script, weight } of STYLESHEETS) expect(fonts).toContain(`import '@fontsource/noto-sans-${script}/${weight}.css';`);
  });

  it('script of a face follows its family', () => {
    const scripts: FontScript[] = STYLESHEETS.map(({ id }) => (/TC/.test(built(id).after[0]!.family) ? 'tc' : 'sc'));
    expect(scripts).toEqual(['sc', 'sc', 'tc', 'tc']);
  });
});
