// npm run dist: installers for THIS machine's OS (Linux: AppImage + deb;
// Windows: NSIS) in release/. NEEDS INTERNET, so it cannot run on our offline
// build machines (/work/shared/TOOLCHAIN.md): electron-builder downloads the
// Electron zip and its packaging tools (appimagetool, fpm, NSIS), and the first
// run downloads Electron's headers to build the store's native module.
//
//   npm run dist                 all targets for this OS (build/electron-builder.config.js)
//   npm run dist -- --linux deb  extra arguments go to electron-builder
//
// Steps: build; native-electron/better_sqlite3.node for this Electron (the same
// build and stamp as scripts/start.mjs, so either one reuses the other's);
// electron-builder, whose beforePack hook re-checks that file's OS, CPU and ABI
// (build/native-module.js) and whose afterPack hook checks the packed layout.
//
// Build each OS's installer on that OS: the native module is compiled for the
// host, so a Linux machine cannot make a working Windows installer.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const onWindows = process.platform === 'win32';
const configFile = 'build/electron-builder.config.js';
const { ensureElectronNativeModule } = require('../build/native-module.js');

function fail(message) {
  console.error(`npm run dist: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  // npm and npx are .cmd files on Windows, which spawn only runs through a shell.
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: onWindows, ...options });
  return result.status === 0;
}

// ---- 1. build ----
if (!run('npm', ['run', '--silent', 'build'])) fail('the build failed (see above).');

// ---- 2. better-sqlite3 for Electron's ABI (build/native-module.js, shared with scripts/start.mjs) ----
try {
  ensureElectronNativeModule(root);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

// ---- 3. package ----
const extra = process.argv.slice(2);
// The local electron-builder, run by this Node (npx --no would mangle the arguments).
const builderCli = require.resolve('electron-builder/cli.js');
if (!run(process.execPath, [builderCli, '--config', configFile, '--publish', 'never', ...extra], { shell: false })) {
  fail('electron-builder failed (see above). Offline? It downloads the Electron zip and its packaging tools.');
}
console.log('Installers are in release/.');
