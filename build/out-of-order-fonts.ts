/**
 * Fonts for the shell's out-of-order page (electron/static/out-of-order.html),
 * written beside it in out/electron/static by `npm run build:electron`.
 *
 * The kiosk has no CJK system font, so without its own fonts the page said
 * "out of order, please ask at the counter" in empty boxes. It is shown when
 * the store cannot open or the renderer keeps failing, so it cannot borrow
 * the renderer's fonts (out/renderer may be what is broken): Noto Sans SC and
 * TC cut to the page's own characters (build/first-frame-fonts.ts), a few kB.
 *
 * Run: tsx build/out-of-order-fonts.ts [static folder], default out/electron/static.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FONT_LICENSE_FILE, fontLicenseText } from './font-license';
import { buildFirstFrameFonts, codePointsOf, firstFrameFontCss, markupText, type CutFontNames } from './first-frame-fonts';

/** The families electron/static/out-of-order.css names. */
export const OUT_OF_ORDER_FAMILIES = { sc: 'Out Of Order SC', tc: 'Out Of Order TC' } as const;
/** The stylesheet out-of-order.html links for them. */
export const OUT_OF_ORDER_FONT_CSS = 'out-of-order-fonts.css';

const NAMES: CutFontNames = {
  families: OUT_OF_ORDER_FAMILIES,
  file: (fontsource, weight, hash) => `out-of-order-${fontsource}-${weight}-${hash}.woff2`,
};

/** Writes the page's fonts, the stylesheet declaring them and their licence beside it; returns the file names. */
export async function writeOutOfOrderFonts(staticDir: string): Promise<string[]> {
  const page = readFileSync(join(staticDir, 'out-of-order.html'), 'utf8');
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(page)?.[1];
  if (body === undefined) throw new Error('the out-of-order page has no <body>');
  const fonts = await buildFirstFrameFonts(codePointsOf(markupText(body)), NAMES);
  for (const font of fonts) writeFileSync(join(staticDir, font.fileName), font.bytes);
  writeFileSync(join(staticDir, OUT_OF_ORDER_FONT_CSS), firstFrameFontCss(fonts) + '\n');
  writeFileSync(join(staticDir, FONT_LICENSE_FILE), fontLicenseText());
  return [OUT_OF_ORDER_FONT_CSS, ...fonts.map((font) => font.fileName), FONT_LICENSE_FILE];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const staticDir = process.argv[2] ?? fileURLToPath(new URL('../out/electron/static', import.meta.url));
  writeOutOfOrderFonts(staticDir).then(
    (files) => console.log(`out-of-order page fonts: ${files.join(', ')}`),
    (err: unknown) => {
      console.error(`out-of-order page fonts: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
