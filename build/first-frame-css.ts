/**
 * The first frame's one stylesheet: the app's CSS cut down to the rules the
 * prerendered attract screen can match, with the first frame's @font-face
 * rules (build/first-frame-fonts.ts).
 *
 * Every stylesheet in index.html blocks the first frame: its request, its
 * parse, and its rules in the first style pass. The app's own CSS is every
 * customer screen's (about 35 kB in four files); the attract screen matches a
 * quarter of it. The full CSS still comes, with the app: Vite links a lazy
 * chunk's stylesheets and waits for them before the chunk runs, so hydration
 * and every later screen see the whole cascade. The cut rules are copies of
 * rules that come again later in that cascade, so they change nothing once the
 * app is in.
 */
import { PurgeCSS } from 'purgecss';

/**
 * Selectors made only of pseudo-classes (`:lang(zh-Hant)`, `:focus-visible`): PurgeCSS matches the
 * names it finds in a selector against the page's words, finds none here and would drop the rule,
 * though such a selector can match any element. The language rules pick the TC or SC font.
 */
const PSEUDO_ONLY = /^(::?[a-z-]+(\([^()]*\))?)+$/;

/** `css` with only the rules that can apply to `page` (whole HTML), keyframes and font faces kept. */
export async function firstFrameCss(page: string, css: string): Promise<string> {
  if (!page.includes('<body')) throw new Error('the first frame CSS needs the whole page, <body> included');
  const [result] = await new PurgeCSS().purge({
    content: [{ raw: page, extension: 'html' }],
    css: [{ raw: css }],
    safelist: { standard: [PSEUDO_ONLY] },
    // Unused @keyframes go; every @font-face and custom property stays (their use is through var()).
    keyframes: true,
    fontFace: false,
    variables: false,
  });
  if (!result) throw new Error('PurgeCSS returned nothing for the first frame CSS');
  return result.css.trim() + '\n';
}
