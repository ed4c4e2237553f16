import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Font, woff2 } from 'fonteditor-core';
import { renderFirstFrame } from './first-frame';
import { zhHant } from '../renderer/src/i18n/zh-Hant';
import {
  FIRST_FRAME_FAMILIES,
  buildFirstFrameFonts,
  codePointsOf,
  firstFrameFontCss,
  markupText,
  unicodeRange,
  type FirstFrameFont,
} from './first-frame-fonts';

describe('the text of the first frame', () => {
  it('is what a reader sees: no tags, comments or SVG, entities decoded', () => {
    const markup = '<!--[--><p class="a">Won&#39;t &amp; 轻触</p><svg viewBox="0 0 1 1"><path d="M0"></path><text>x</text></svg><span lang="en">&#x4E2D;&quot;&nbsp;&bogus;</span><!--]-->';
    expect(markupText(markup)).toBe('Won\'t & 轻触中"\u00a0&bogus;');
  });

  it('is reduced to its distinct printable characters, ascending, the space kept', () => {
    expect(codePointsOf('ba a\n\tb卡')).toEqual([0x20, 0x61, 0x62, 0x5361]);
  });

  it('writes runs of consecutive characters as one unicode-range', () => {
    expect(unicodeRange([0x20, 0x41, 0x42, 0x43, 0x45, 0x5361])).toBe('U+20,U+41-43,U+45,U+5361');
  });
});

describe('the first frame fonts', () => {
  let text: number[];
  let fonts: FirstFrameFont[];

  beforeAll(async () => {
    text = codePointsOf(markupText(await renderFirstFrame()));
    fonts = await buildFirstFrameFonts(text);
    await woff2.init();
  }, 60_000);

  it('draw every character of the attract screen (TC: every one of its zh-Hant lines), in both weights', () => {
    expect(text.length).toBeGreaterThan(40);
    expect(fonts.map((f) => `${f.family} ${f.weight}`)).toEqual([
      `${FIRST_FRAME_FAMILIES.sc} 400`,
      `${FIRST_FRAME_FAMILIES.sc} 700`,
      `${FIRST_FRAME_FAMILIES.tc} 400`,
      `${FIRST_FRAME_FAMILIES.tc} 700`,
    ]);
    const zhHantLines = codePointsOf(zhHant.attract_title + zhHant.attract_tap);
    for (const font of fonts) {
      if (font.family === FIRST_FRAME_FAMILIES.sc) expect(font.codePoints).toEqual(text);
      else expect(font.codePoints).toEqual(expect.arrayContaining(zhHantLines));
      // The file itself maps each of them to a glyph with an outline (the space has none, only a width).
      const { cmap, glyf: glyphs } = Font.create(font.bytes, { type: 'woff2' }).get() as { cmap: Record<string, number>; glyf: { contours?: unknown[] }[] };
      for (const c of font.codePoints) {
        expect(cmap[c], `${font.family} ${font.weight} maps U+${c.toString(16)}`).toBeDefined();
        expect(cmap[c]).toBeGreaterThan(0);
        if (c !== 0x20) expect(glyphs[cmap[c]!]!.contours?.length ?? 0, `outline of U+${c.toString(16)}`).toBeGreaterThan(0);
      }
    }
  });

  it('are small enough to preload before the first frame: a cut, not a whole font', () => {
    for (const font of fonts) expect(font.bytes.length).toBeLessThan(16 * 1024);
  });

  it('are named by their content, so a changed screen cannot be served an old font', () => {
    for (const font of fonts) expect(font.fileName).toMatch(/^assets\/first-frame-noto-sans-(sc|tc)-(400|700)-[0-9a-f]{10}\.woff2$/);
    expect(new Set(fonts.map((f) => f.fileName)).size).toBe(fonts.length);
  });

  it('are declared under their own family names, drawn blank rather than as boxes until they arrive', () => {
    const css = firstFrameFontCss(fonts);
    const rules = css.split('\n');
    expect(rules).toHaveLength(fonts.length);
    fonts.forEach((font, i) => {
      expect(rules[i]).toContain(`font-family:'${font.family}'`);
      expect(rules[i]).toContain(`font-weight:${font.weight}`);
      expect(rules[i]).toContain(`src:url(./${font.fileName.replace('assets/', '')}) format('woff2')`);
      expect(rules[i]).toContain(`unicode-range:${unicodeRange(font.codePoints)}`);
      expect(rules[i]).toContain('font-display:block');
    });
  });
});

describe('the font stacks', () => {
  it('list each first-frame family right after the full font it stands in for', () => {
    const tokens = readFileSync(new URL('../renderer/src/styles/tokens.css', import.meta.url), 'utf8');
    expect(tokens).toContain(`--font-sans-sc: 'Noto Sans SC', '${FIRST_FRAME_FAMILIES.sc}', sans-serif;`);
    expect(tokens).toContain(`--font-sans-tc: 'Noto Sans TC', '${FIRST_FRAME_FAMILIES.tc}', sans-serif;`);
  });
});
