// Second half of `npm run build:electron`, after tsc:
// 1. bundles electron/preload.ts into one CommonJS file, out/electron/preload.js.
//    A sandboxed preload gets only a small `require` (electron and a few
//    polyfills) and cannot load our other files, so api-methods.ts is inlined
//    and `electron` stays external.
//    https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts
// 2. copies electron/static/ (the out-of-order page) to out/electron/static/,
//    where the main process serves it when the store cannot open.
// esbuild comes with vite and tsx (0.28); it is not a direct dependency.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['electron/preload.ts'],
  outfile: 'out/electron/preload.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45's renderer is Chromium 140+: no down-levelling needed.
  target: 'es2023',
  external: ['electron'],
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
});

rmSync(`${root}out/electron/static`, { recursive: true, force: true });
cpSync(`${root}electron/static`, `${root}out/electron/static`, { recursive: true });
