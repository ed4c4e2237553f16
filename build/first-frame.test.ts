import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { renderFirstFrame, stylesOf, withFirstFrameHead, withMarkup } from './first-frame';
import { en } from '../renderer/src/i18n/en';
import { zhHans } from '../renderer/src/i18n/zh-Hans';
import { zhHant } from '../renderer/src/i18n/zh-Hant';

const PAGE = `<!doctype html>
<html lang="zh-Hans">
  <head>
    <script type="module" crossorigin src="./assets/index-a.js"></script>
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>
`;

function chunk(fileName: string, facade: string | null, imports: string[], css: string[]): Rollup.OutputChunk {
  return { type: 'chunk', fileName, facadeModuleId: facade, imports, viteMetadata: { importedCss: new Set(css), importedAssets: new Set() } } as unknown as Rollup.OutputChunk;
}

describe('the first frame at build time', () => {
  it('renders the attract screen in all three languages, with hydration markers and nothing the CSP would block', async () => {
    const markup = await renderFirstFrame();
    for (const text of [zhHans.attract_tap, zhHant.attract_tap, en.attract_tap, zhHans.attract_title, en.attract_title]) expect(markup).toContain(text);
    expect(markup).toMatch(/^<!--\[-->/);
    expect(markup).toMatch(/<button type="button" class="tap-area[^"]*">/);
    expect(markup).not.toMatch(/<script|\sstyle=|\son\w+=/i);
  }, 30_000);

  it('puts the markup into #app, keeping $ patterns as they are', () => {
    expect(withMarkup(PAGE, '<p>hi</p>')).toContain('<div id="app"><p>hi</p></div>');
    expect(withMarkup(PAGE, "<p>$& $' $1</p>")).toContain("<div id=\"app\"><p>$& $' $1</p></div>");
  });

  it('links one stylesheet in the head, with the first frame fonts preloaded ahead of it', () => {
    const html = withFirstFrameHead(withMarkup(PAGE, '<p>hi</p>'), 'assets/first-frame-d.css', ['assets/ff-sc-400.woff2', 'assets/ff-tc-700.woff2']);
    const preloads = [...html.matchAll(/<link rel="preload" as="font" type="font\/woff2" crossorigin href="\.\/([^"]+)">/g)].map((m) => m[1]);
    expect(preloads).toEqual(['assets/ff-sc-400.woff2', 'assets/ff-tc-700.woff2']);
    const links = [...html.matchAll(/<link rel="stylesheet" crossorigin href="\.\/([^"]+)">/g)].map((m) => m[1]);
    expect(links).toEqual(['assets/first-frame-d.css']);
    expect(html.indexOf('ff-tc-700.woff2')).toBeLessThan(html.indexOf('first-frame-d.css'));
    expect(html.indexOf('first-frame-d.css')).toBeLessThan(html.indexOf('</head>'));
  });

  it('refuses a page without an empty #app or a head, or one whose entry brought its own stylesheet', () => {
    expect(() => withMarkup(PAGE.replace('<div id="app"></div>', '<div id="app">x</div>'), '')).toThrow(/no empty <div id="app"><\/div>/);
    expect(() => withFirstFrameHead(PAGE.replace('</head>', ''), 'a.css', [])).toThrow(/no <\/head>/);
    const entryCss = PAGE.replace('</script>', '</script>\n    <link rel="stylesheet" crossorigin href="./assets/index-a.css">');
    expect(() => withFirstFrameHead(entryCss, 'a.css', [])).toThrow(/already links a stylesheet .*index-a\.css.*must import no CSS/);
  });

  it("collects the app chunk's CSS with its static imports' first, each once, and not from lazy chunks", () => {
    const bundle = {
      'index.js': chunk('index.js', '/r/src/main.ts', [], ['index.css']),
      'icon.js': chunk('icon.js', null, ['index.js'], ['icon.css']),
      'start.js': chunk('start.js', '/r/src/start-app.ts', ['icon.js', 'index.js'], ['start.css', 'icon.css']),
      'admin.js': chunk('admin.js', '/r/src/screens/admin/AdminArea.svelte', ['icon.js'], ['admin.css']),
      'font.woff2': { type: 'asset', fileName: 'font.woff2' },
    } as unknown as Rollup.OutputBundle;
    expect(stylesOf(bundle, '/src/start-app.ts')).toEqual(['index.css', 'icon.css', 'start.css']);
    expect(() => stylesOf(bundle, '/src/missing.ts')).toThrow(/no chunk for \/src\/missing.ts/);
  });
});
