import { describe, expect, it } from 'vitest';
import { describeUndrawn, parseFontCoverage, rangesCover, undrawnText, type FontCoverage } from './font-coverage';

// Latin, CJK punctuation and a few hanzi; TC lacks 涊.
const coverage: FontCoverage = {
  sc: [[0x20, 0x7e], [0x3001, 0x3002], [0x4e00, 0x9fff]],
  tc: [[0x20, 0x7e], [0x3001, 0x3002], [0x4e00, 0x6d89], [0x6d8b, 0x9fff]],
};

describe("a pack's characters against the kiosk's fonts", () => {
  it('names each localized string, by its JSON path, whose characters would show as boxes', () => {
    const pack = {
      id: 'p',
      causes: [
        {
          id: 'c1',
          title: { 'zh-Hans': '请到柜台 𠮷 🙂', 'zh-Hant': '請到櫃檯', en: 'Go to the counter 🙂' },
          steps: [{ body: { 'zh-Hans': '涊', 'zh-Hant': '涊涊\n', en: 'ok\t' } }],
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
    expect(describeUndrawn(found[0]!)).toBe("𠮷 (U+20BB7), 🙂 (U+1F642) would show as empty boxes: the kiosk's fonts do not draw them");
    expect(describeUndrawn(found[2]!)).toBe("涊 (U+6D8A) would show as empty boxes: the kiosk's fonts do not draw it");
  });

  it('finds ranges at their edges', () => {
    expect(rangesCover(coverage.tc, 0x6d89)).toBe(true);
    expect(rangesCover(coverage.tc, 0x6d8a)).toBe(false);
    expect(rangesCover(coverage.tc, 0x6d8b)).toBe(true);
    expect(rangesCover(coverage.sc, 0x1f)).toBe(false);
    expect(rangesCover(coverage.sc, 0xa000)).toBe(false);
  });
});

describe("reading the build's font-coverage.json", () => {
  it('takes a well-formed list', () => {
    expect(parseFontCoverage(JSON.stringify(coverage))).toEqual({ ok: true, coverage });
  });

  it.each([
    ['{', /^not JSON/],
    ['{"sc": [[1, 2]]}', /^not a font coverage list: tc:/],
    ['{"sc": [[5, 9], [1, 2]], "tc": [[1, 2]]}', /sc: ranges must be sorted/],
    ['{"sc": [[1, 2], [3, 4]], "tc": [[1, 2]]}', /sc: ranges must be sorted, disjoint and not adjacent/],
    ['{"sc": [[1, 1114112]], "tc": [[1, 2]]}', /sc\.0\.1:/],
    ['{"sc": [], "tc": [[1, 2]]}', /sc:/],
  ])('refuses %s with a specific message', (text, message) => {
    const read = parseFontCoverage(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(message);
  });
});
