import { describe, expect, it } from 'vitest';
import bundledPack from '../db/content/card-binding.json';
import { parseFontCoverage, rangesCover, undrawnText } from '../db/font-coverage';
import { intersectRanges, shippedFontCoverage, unionRanges } from './font-coverage';

const coverage = shippedFontCoverage();
const draws = (script: 'sc' | 'tc', ch: string) => rangesCover(coverage[script], ch.codePointAt(0)!);

describe("the kiosk's font coverage, from the slices the build keeps", () => {
  it('draws every character of the bundled pack (its characters decide which slices ship)', () => {
    expect(undrawnText(bundledPack, coverage)).toEqual([]);
  });

  it('draws the common repertoire an imported pack may use: GB 2312 and Big5 level 1 hanzi, Latin, CJK punctuation', () => {
    for (const ch of '银行卡绑定失败请联系柜台，。？“”') expect(draws('sc', ch), ch).toBe(true);
    for (const ch of '銀行卡綁定失敗請聯繫櫃檯，。？') expect(draws('tc', ch), ch).toBe(true);
    for (const ch of 'Bank card, A-Z 0-9!') expect(draws('sc', ch), ch).toBe(true);
  });

  it('leaves out what no kept slice draws: rare hanzi, emoji, a TC gap', () => {
    expect(draws('sc', '𠮷')).toBe(false);
    expect(draws('sc', '🙂')).toBe(false);
    // 涊 is Big5 level 1, but Noto Sans TC has no glyph for it; SC has one.
    expect(draws('tc', '涊')).toBe(false);
    expect(draws('sc', '涊')).toBe(true);
  });

  it('is what the kiosk reads back: its JSON passes the kiosk-side check', () => {
    const read = parseFontCoverage(JSON.stringify(coverage));
    expect(read.ok && read.coverage).toEqual(coverage);
  });
});

describe('range arithmetic', () => {
  it('merges overlapping and adjacent ranges, in order', () => {
    expect(unionRanges([[10, 12], [1, 3], [4, 4], [11, 20], [30, 30]])).toEqual([[1, 4], [10, 20], [30, 30]]);
  });

  it('keeps only what both lists hold', () => {
    expect(intersectRanges([[1, 10], [20, 30]], [[5, 25], [28, 40]])).toEqual([[5, 10], [20, 25], [28, 30]]);
    expect(intersectRanges([[1, 3]], [[4, 9]])).toEqual([]);
  });
});
