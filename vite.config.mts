/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { fontCssPlugin } from './build/font-css';
import { firstFramePlugin } from './build/first-frame';
import { fontLicensePlugin } from './build/font-license';
import { fontCoveragePlugin } from './build/font-coverage';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the built renderer is served from app:// in Electron and from / in the harness.
  base: './',
  // Only the woff2 slices of the CJK fonts that a fixed repertoire needs (build/font-css.ts); the attract
  // screen prerendered into index.html (build/first-frame.ts); the fonts' licence beside them (build/font-license.ts); the list of what they draw, for the
  // kiosk's pack import (build/font-coverage.ts).
  plugins: [fontCssPlugin(), svelte(), firstFramePlugin(), fontLicensePlugin(), fontCoveragePlugin()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // Files stay files (fonts above all), except the attract screen's gradient pictures (1 kB each):
    // inlined into the first frame's stylesheet, they cost no request and cannot arrive after it.
    assetsInlineLimit: (file) => /attract-gradient-[a-z]+\.png$/.test(file),
  },
  test: {
    root: here,
    include: ['db/**/*.test.ts', 'bench/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    alias: {
      // Main-process code is tested against one hand-written fake of the electron module.
      electron: fileURLToPath(new URL('./electron/test/fake-electron.ts', import.meta.url)),
    },
  },
});
