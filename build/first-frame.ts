/**
 * Vite plugin: the attract screen, rendered at build time into index.html.
 *
 * Without it the first frame waits for the app's script: fetch, parse, run
 * Svelte and every customer screen's module, mount. With it the browser paints
 * the attract screen from the HTML and one small render-blocking stylesheet,
 * like any static page; the app loads after that frame (renderer/src/main.ts),
 * with its full CSS, and hydrates the same DOM. renderer/src/lib/early-taps.ts
 * keeps a tap that lands in between.
 *
 * The markup comes from the app itself (renderer/src/first-frame.ts, through
 * Svelte's server renderer in a throwaway Vite server), so it cannot drift
 * from what the app renders: hydration adopts it node for node. Its stylesheet
 * is the app's CSS cut to what that markup can match (build/first-frame-css.ts),
 * and its text is drawn by fonts cut to its characters
 * (build/first-frame-fonts.ts), preloaded here, so the first frame shows no
 * empty boxes.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin, type Rollup } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { firstFrameCss } from './first-frame-css';
import { buildFirstFrameFonts, codePointsOf, firstFrameFontCss, markupText } from './first-frame-fonts';

const RENDERER_ROOT = fileURLToPath(new URL('../renderer', import.meta.url));
const CACHE_DIR = fileURLToPath(new URL('../node_modules/.vite/first-frame', import.meta.url));
/** The module the entry imports after the first paint: the app. The first frame's rules are cut from its styles. */
const APP_MODULE = '/src/start-app.ts';
const MOUNT_POINT = '<div id="app"></div>';

/** The app's markup before it has heard from the kiosk, from Svelte's server renderer. */
export async function renderFirstFrame(): Promise<string> {
  const server = await createServer({
    configFile: false,
    // Svelte's production compiler output, as in the build, whoever calls this. The plugin follows
    // NODE_ENV, not the mode: under the unit tests (NODE_ENV=test) it compiled dev output, whose
    // push_element checks failed against the runtime a production build had left in the shared cache.
    mode: 'production',
    root: RENDERER_ROOT,
    cacheDir: CACHE_DIR,
    plugins: [svelte({ compilerOptions: { dev: false } })],
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
    appType: 'custom',
    logLevel: 'warn',
  });
  try {
    const mod = (await server.ssrLoadModule('/src/first-frame.ts')) as { renderFirstFrame?: () => string };
    if (typeof mod.renderFirstFrame !== 'function') throw new Error('renderer/src/first-frame.ts exports no renderFirstFrame()');
    return mod.renderFirstFrame();
  } finally {
    await server.close();
  }
}

/** The CSS files of a chunk and of every chunk it imports statically, in load order, each once. */
export function stylesOf(bundle: Rollup.OutputBundle, facadeSuffix: string): string[] {
  const chunks = new Map<string, Rollup.OutputChunk>();
  for (const item of Object.values(bundle)) if (item.type === 'chunk') chunks.set(item.fileName, item);
  const root = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(facadeSuffix));
  if (!root) throw new Error(`the build has no chunk for ${facadeSuffix}`);
  const css: string[] = [];
  const seen = new Set<string>();
  const visit = (chunk: Rollup.OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    // Imports first: their rules come earlier in the cascade, as they would when the app loads them.
    for (const name of chunk.imports) {
      const dep = chunks.get(name);
      if (dep) visit(dep);
    }
    for (const file of chunk.viteMetadata?.importedCss ?? []) if (!css.includes(file)) css.push(file);
  };
  visit(root);
  return css;
}

/** index.html with the prerendered markup in #app: what the first frame's stylesheet is cut for. */
export function withMarkup(html: string, markup: string): string {
  if (!html.includes(MOUNT_POINT)) throw new Error(`index.html has no empty ${MOUNT_POINT} to render into`);
  return html.replace(MOUNT_POINT, () => `<div id="app">${markup}</div>`);
}

/**
 * The page with its first frame's fonts preloaded (their requests start with the stylesheet's, not
 * after its parse) and its one render-blocking stylesheet.
 */
export function withFirstFrameHead(page: string, stylesheet: string, fonts: readonly string[]): string {
  if (!page.includes('</head>')) throw new Error('index.html has no </head>');
  // Any other stylesheet would block the first frame with the app's CSS, which this plugin cuts down.
  const linked = page.match(/<link rel="stylesheet"[^>]*>/);
  if (linked) throw new Error(`index.html already links a stylesheet (${linked[0]}): the entry (renderer/src/main.ts) must import no CSS, the app's CSS belongs to start-app.ts`);
  const preloads = fonts.map((file) => `  <link rel="preload" as="font" type="font/woff2" crossorigin href="./${file}">\n  `).join('');
  const link = `  <link rel="stylesheet" crossorigin href="./${stylesheet}">\n  `;
  return page.replace('</head>', () => `${preloads}${link}</head>`);
}

/** The text of a CSS asset in the bundle. */
function assetText(bundle: Rollup.OutputBundle, fileName: string): string {
  const asset = bundle[fileName];
  if (asset?.type !== 'asset') throw new Error(`the bundle has no CSS asset ${fileName}`);
  return typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

interface FirstFrame {
  markup: string;
  fontCss: string;
  fontFiles: string[];
}

export function firstFramePlugin(): Plugin {
  let frame: FirstFrame | null = null;
  let stylesheet: { fileName: string; css: string } | null = null;
  return {
    name: 'help-kiosk-first-frame',
    apply: 'build',
    // Rendered and its fonts emitted before the bundle, so index.html can name them.
    async buildStart() {
      const markup = await renderFirstFrame();
      const fonts = await buildFirstFrameFonts(codePointsOf(markupText(markup)));
      for (const font of fonts) this.emitFile({ type: 'asset', fileName: font.fileName, source: font.bytes });
      frame = { markup, fontCss: firstFrameFontCss(fonts), fontFiles: fonts.map((font) => font.fileName) };
    },
    transformIndexHtml: {
      // After Vite has written the entry's script tag and its CSS is final, so the app's CSS is known.
      order: 'post',
      async handler(html, ctx) {
        if (!ctx.bundle || !frame) throw new Error('the first frame needs the built bundle');
        const page = withMarkup(html, frame.markup);
        const appCss = stylesOf(ctx.bundle, APP_MODULE).map((file) => assetText(ctx.bundle!, file));
        const css = await firstFrameCss(page, [...appCss, frame.fontCss].join('\n'));
        stylesheet = { fileName: `assets/first-frame-${hashOf(css)}.css`, css };
        return withFirstFrameHead(page, stylesheet.fileName, frame.fontFiles);
      },
    },
    // Vite calls transformIndexHtml from its own generateBundle, whose context is not ours: the
    // stylesheet is emitted after it.
    generateBundle: {
      order: 'post',
      handler() {
        if (!stylesheet) throw new Error('index.html was not built, so the first frame has no stylesheet');
        this.emitFile({ type: 'asset', fileName: stylesheet.fileName, source: stylesheet.css });
      },
    },
  };
}
