/**
 * The licence the bundled fonts come under, shipped with them. Noto Sans SC
 * and TC are under the SIL Open Font License 1.1, which lets us redistribute
 * and cut them (no reserved font name) as long as every copy carries the
 * copyright notice and the licence: the renderer's build (its fonts and the
 * first frame's cuts) and the out-of-order page's cuts each get this file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** Beside the fonts' folder, in each output that ships fonts. */
export const FONT_LICENSE_FILE = 'fonts-LICENSE.txt';
const PACKAGES = ['@fontsource/noto-sans-sc', '@fontsource/noto-sans-tc'] as const;

/** The notice: which fonts, where from, and their licence text (once if the packages share it). */
export function fontLicenseText(): string {
  const texts = new Map<string, string[]>();
  for (const name of PACKAGES) {
    const text = readFileSync(require.resolve(`${name}/LICENSE`), 'utf8').trim();
    if (!/SIL Open Font License/.test(text)) throw new Error(`${name}/LICENSE is not the SIL Open Font License any more: check what it allows before shipping the font`);
    texts.set(text, [...(texts.get(text) ?? []), name]);
  }
  const sections = [...texts].map(([text, names]) => `Fonts from ${names.join(' and ')} (npm), cut to the characters the kiosk shows:\n\n${text}\n`);
  return `help-kiosk ships Noto Sans SC and Noto Sans TC (woff2 files, whole or cut down).\n\n${sections.join('\n')}`;
}

/** Vite plugin: the notice at the top of the renderer's build. */
export function fontLicensePlugin(): Plugin {
  return {
    name: 'help-kiosk-font-license',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: FONT_LICENSE_FILE, source: fontLicenseText() });
    },
  };
}
