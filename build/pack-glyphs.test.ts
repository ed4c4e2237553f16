import { describe, expect, it } from 'vitest';
import bundledPack from '../db/content/card-binding.json';
import { describeUndrawn, shippedFontCoverage, undrawnText } from './pack-glyphs';

const coverage = shippedFontCoverage();

describe("a pack's characters against the kiosk's fonts", () => {
  it('finds nothing undrawn in the bundled pack (its characters decide which slices ship)', () => {
    expect(undrawnText(bundledPack, coverage)).toEqual([]);
  });

  it('draws the common repertoire an imported pack may use: GB 2312 and Big5 level 1 hanzi, Latin, CJK punctuation', () => {
    for (const ch of '银行卡绑定失败请联系柜台，。？“”') expect(coverage.sc(ch.codePointAt(0)!), ch).toBe(true);
    for (const ch of '銀行卡綁定失敗請聯繫櫃檯，。？') expect(coverage.tc(ch.codePointAt(0)!), ch).toBe(true);
    for (const ch of 'Bank card, A-Z 0-9!') expect(coverage.sc(ch.codePointAt(0)!), ch).toBe(true);
  });

  it('names each string, by its JSON path and script, whose characters would show as boxes', () => {
    const pack = {
      id: 'p',
      causes: [
        {
          id: 'c1',
          // 𠮷 (outside the BMP) and an emoji: no shipped font has them.
          title: { 'zh-Hans': '请到柜台 𠮷 🙂', 'zh-Hant': '請到櫃檯', en: 'Go to the counter 🙂' },
          // 涊 is Big5 level 1, but Noto Sans TC has no glyph for it; SC has one.
          steps: [{ body: { 'zh-Hans': '涊', 'zh-Hant': '涊涊', en: 'ok' } }],
        },
      ],
      note: '𠮷 outside any locale is not shown to a customer',
    };
    const found = undrawnText(pack, coverage);
    expect(found).toEqual([
      { path: 'causes[0].title.zh-Hans', characters: ['𠮷', '🙂'] },
      { path: 'causes[0].title.en', characters: ['🙂'] },
      { path: 'causes[0].steps[0].body.zh-Hant', characters: ['涊'] },
    ]);
    expect(describeUndrawn(found[0]!)).toBe("causes[0].title.zh-Hans: 𠮷 (U+20BB7), 🙂 (U+1F642) would show as empty boxes: the kiosk's fonts do not draw them");
  });
});
