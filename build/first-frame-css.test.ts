import { describe, expect, it } from 'vitest';
import { firstFrameCss } from './first-frame-css';

const PAGE = `<!doctype html>
<html lang="zh-Hans">
  <head><title>t</title></head>
  <body>
    <div id="app"><div class="shell s-1 attract"><main class="main s-1"><div class="screen s-1">
      <button type="button" class="tap-area s-2"><span class="cta s-2"><span lang="zh-Hant">開始</span></span></button>
    </div></main></div></div>
  </body>
</html>`;

const APP_CSS = [
  ':root{--color-primary:#0b4a85;--space-4:32px}',
  ':root.high-contrast{--color-primary:#000}',
  '*,:before,:after{box-sizing:border-box}',
  'html,body{margin:0}',
  '#app{height:100%}',
  ':lang(zh-Hant){font-family:var(--font-sans-tc)}',
  ':lang(zh-Hans),:lang(en){font-family:var(--font-sans-sc)}',
  '.shell.attract.s-1 .screen:where(.s-1){animation:none}',
  '.cta.s-2{animation:s-2-breathe 2.4s infinite;color:var(--color-primary)}',
  '.tap-area.s-2:active .cta:where(.s-2){transform:scale(.97)}',
  '@keyframes s-2-breathe{50%{transform:scale(1.03)}}',
  '.result-card.s-3{animation:s-3-slide .2s}',
  '@keyframes s-3-slide{from{opacity:0}}',
  '@media (orientation:landscape){.cta.s-2{padding:var(--space-4)}.result-card.s-3{padding:0}}',
  '@media (prefers-reduced-motion:reduce){.result-card.s-3{animation:none}}',
  "@font-face{font-family:'First Frame TC';font-weight:400;src:url(./ff-tc-400.woff2) format('woff2')}",
].join('\n');

const rulesOf = (css: string) => css.replace(/\s+/g, '');

describe('the first frame stylesheet', () => {
  it("keeps every rule the attract screen's markup can match, with the keyframes, font faces and custom properties they use", async () => {
    const css = rulesOf(await firstFrameCss(PAGE, APP_CSS));
    for (const rule of [
      ':root{--color-primary:#0b4a85;--space-4:32px}',
      '*,:before,:after{box-sizing:border-box}',
      'html,body{margin:0}',
      '#app{height:100%}',
      // Pseudo-classes only: they name nothing on the page, yet pick the Traditional Chinese font.
      ':lang(zh-Hant){font-family:var(--font-sans-tc)}',
      ':lang(zh-Hans),:lang(en){font-family:var(--font-sans-sc)}',
      '.shell.attract.s-1.screen:where(.s-1){animation:none}',
      '.cta.s-2{animation:s-2-breathe2.4sinfinite;color:var(--color-primary)}',
      // A state the page is not in yet: the press is the first thing a customer does.
      '.tap-area.s-2:active.cta:where(.s-2){transform:scale(.97)}',
      '@keyframess-2-breathe{50%{transform:scale(1.03)}}',
      '@media(orientation:landscape){.cta.s-2{padding:var(--space-4)}}',
      "@font-face{font-family:'FirstFrameTC';font-weight:400;src:url(./ff-tc-400.woff2)format('woff2')}",
    ])
      expect(css).toContain(rule);
  });

  it('drops the rules of screens and states the attract screen does not have, and what only they used', async () => {
    const css = await firstFrameCss(PAGE, APP_CSS);
    expect(css).not.toContain('result-card');
    expect(css).not.toContain('s-3-slide');
    expect(css).not.toContain('high-contrast');
    expect(css).not.toContain('prefers-reduced-motion');
    expect(css.length).toBeLessThan(APP_CSS.length * 0.75);
  });

  it('refuses a fragment: the page rules (html, body, #app) would be judged against nothing', async () => {
    await expect(firstFrameCss('<div class="cta s-2"></div>', APP_CSS)).rejects.toThrow(/needs the whole page, <body> included/);
  });
});
