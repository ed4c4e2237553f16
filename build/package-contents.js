'use strict';
/**
 * What the packaged app must and must not contain. Shared by
 * build/electron-builder.config.js (which builds and, in afterPack, checks the
 * package) and scripts/electron-builder-config.test.ts; kept out of the config
 * object because electron-builder rejects unknown keys there.
 */

/**
 * node_modules the main process (and its worker threads) load at run time:
 * better-sqlite3's JavaScript (its binary comes from native-electron/),
 * bindings and file-uri-to-path (required by better-sqlite3's lib; used only
 * when no nativeBinding is given), zod (IPC argument validation). Everything
 * else in "dependencies" is bundled into out/renderer by Vite (fonts,
 * chart.js, qrcode) or only used to install (prebuild-install). The unit test
 * recomputes this list from the imports of electron/ and db/ and fails when
 * it drifts.
 */
const RUNTIME_MODULES = ['better-sqlite3', 'bindings', 'file-uri-to-path', 'zod'];

/**
 * Where scripts/start.mjs and scripts/dist.mjs put the Electron build of
 * better-sqlite3, relative to the project; shipped at the same place under
 * resources/, where electron/paths.ts looks first when packaged.
 */
const NATIVE_MODULE = 'native-electron/better_sqlite3.node';

/** Must be inside app.asar (paths inside the archive). */
const REQUIRED_IN_ASAR = [
  'package.json',
  'out/electron/electron/main.js',
  'out/electron/preload.js',
  'out/electron/static/out-of-order.html',
  // Written by the build (build/out-of-order-fonts.ts): without it the page's Chinese is empty boxes.
  'out/electron/static/out-of-order-fonts.css',
  'out/electron/db/content/card-binding.json',
  // Started by db/worker-thread.ts with new Worker(<path inside app.asar>).
  // Electron has read worker scripts and their requires from asar since
  // version 18 (electron/electron#33216), so they stay packed; unpacking them
  // alone would not help, as their own requires would then miss.
  'out/electron/db/export-worker.js',
  'out/electron/db/retention-worker.js',
  'out/renderer/index.html',
  // The fonts' licence (SIL OFL 1.1) must travel with them (build/font-license.ts).
  'out/renderer/fonts-LICENSE.txt',
  'out/electron/static/fonts-LICENSE.txt',
  // What the fonts draw: the pack import refuses a pack that needs more (db/font-coverage.ts).
  'out/renderer/font-coverage.json',
  'node_modules/better-sqlite3/lib/index.js',
  'node_modules/bindings/bindings.js',
  'node_modules/zod/package.json',
];

/** Must not be inside app.asar: sources, tests, test shells, docs, any native build. */
const FORBIDDEN_IN_ASAR = [
  /\.(test|spec)\.[cm]?[jt]s$/,
  /\.map$/,
  /(^|\/)(e2e|bench|docs|scripts|renderer\/src|electron\/test|db\/test|test-results|playwright-report|\.reports|harness-data|native-electron)(\/|$)/,
  /^(electron|db|renderer)\/.*\.(ts|svelte)$/,
  /\.node$/,
  /^node_modules\/(@fontsource|chart\.js|qrcode|prebuild-install|electron|electron-builder|vitest|@playwright|tsx|typescript)(\/|$)/,
];

module.exports = { RUNTIME_MODULES, NATIVE_MODULE, REQUIRED_IN_ASAR, FORBIDDEN_IN_ASAR };
