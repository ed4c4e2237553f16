import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Font, woff2 } from 'fonteditor-core';
import { codePointsOf } from './first-frame-fonts';
import { fontFaces } from './font-css';
import { FONT_LICENSE_FILE } from './font-license';
import { OUT_OF_ORDER_FAMILIES, OUT_OF_ORDER_FONT_CSS, writeOutOfOrderFonts } from './out-of-order-fonts';

const STATIC = new URL('../electron/static/', import.meta.url);
const page = readFileSync(new URL('out-of-order.html', STATIC), 'utf8');
const pageCss = readFileSync(new URL('out-of-order.css', STATIC), 'utf8');
const section = (lang: string) => new RegExp(`<section lang="${lang}">([\\s\\S]*?)</section>`).exec(page)![1]!.replace(/<[^>]*>/g, '');

describe("the out-of-order page's own fonts", () => {
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'out-of-order-'));
    writeFileSync(join(dir, 'out-of-order.html'), page);
    files = await writeOutOfOrderFonts(dir);
    await woff2.init();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are linked by the page and named by its stylesheet, SC for the page and TC for its zh-Hant part', () => {
    expect(page).toContain(`<link rel="stylesheet" href="${OUT_OF_ORDER_FONT_CSS}" />`);
    expect(pageCss).toMatch(new RegExp(`html,\\s*body\\s*\\{[^}]*font-family: '${OUT_OF_ORDER_FAMILIES.sc}'`));
    expect(pageCss).toMatch(new RegExp(`:lang\\(zh-Hant\\)\\s*\\{\\s*font-family: '${OUT_OF_ORDER_FAMILIES.tc}'`));
    expect(files[0]).toBe(OUT_OF_ORDER_FONT_CSS);
    // Their licence (SIL OFL) goes with them.
    expect(readFileSync(join(dir, FONT_LICENSE_FILE), 'utf8')).toContain('SIL OPEN FONT LICENSE Version 1.1');
  });

  it('draw every character of the page in both weights (headings are bold), each file declared beside it', () => {
    const faces = fontFaces(readFileSync(join(dir, OUT_OF_ORDER_FONT_CSS), 'utf8')).map((f) => ({ ...f, file: f.woff2!.replace(/^\.\//, '') }));
    expect(faces.map((f) => `${f.family} ${f.weight}`).sort()).toEqual([
      `${OUT_OF_ORDER_FAMILIES.sc} 400`,
      `${OUT_OF_ORDER_FAMILIES.sc} 700`,
      `${OUT_OF_ORDER_FAMILIES.tc} 400`,
      `${OUT_OF_ORDER_FAMILIES.tc} 700`,
    ]);
    const everything = codePointsOf(section('zh-Hans') + section('zh-Hant') + section('en'));
    const zhHant = codePointsOf(section('zh-Hant'));
    expect(zhHant.length).toBeGreaterThan(10);
    for (const face of faces) {
      expect(files).toContain(face.file);
      const { cmap } = Font.create(readFileSync(join(dir, face.file)), { type: 'woff2' }).get() as { cmap: Record<string, number> };
      for (const c of face.family === OUT_OF_ORDER_FAMILIES.sc ? everything : zhHant) {
        expect(cmap[c], `${face.family} ${face.weight} draws U+${c.toString(16)}`).toBeGreaterThan(0);
      }
    }
  });
});
