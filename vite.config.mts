/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the built renderer is served from app:// in Electron and from / in the harness.
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
  test: {
    root: here,
    include: ['db/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    alias: {
      // Main-process code is tested against one hand-written fake of the electron module.
      electron: fileURLToPath(new URL('./electron/test/fake-electron.ts', import.meta.url)),
    },
  },
});
