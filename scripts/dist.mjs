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
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const onWindows = process.platform === 'win32';
const configFile = 'build/electron-builder.config.js';
const { nativeModuleProblems, electronAbi } = require('../build/native-module.js');

function fail(message) {
  console.error(`npm run dist: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  // npm and npx are .cmd files on Windows, which spawn only runs through a shell.
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: onWindows, ...options });
  return result.status === 0;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Copy of the environment without the variables that would derail a child. */
function cleanEnv(dropPattern) {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !dropPattern.test(key)));
}

// ---- 1. build ----
if (!run('npm', ['run', '--silent', 'build'])) fail('the build failed (see above).');

// ---- 2. better-sqlite3 for Electron's ABI (same place and stamp as scripts/start.mjs) ----
const electronVersion = readJson(path.join(root, 'node_modules', 'electron', 'package.json')).version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const nativeDir = path.join(root, 'native-electron');
const nativeFile = path.join(nativeDir, 'better_sqlite3.node');
const stampFile = path.join(nativeDir, 'built-for.json');
const wanted = { electron: electronVersion, betterSqlite3: readJson(path.join(sqliteDir, 'package.json')).version };
const hostTarget = { platform: process.platform, arch: process.arch, abi: electronAbi(root) };

function nativeModuleFits() {
  if (!existsSync(nativeFile) || !existsSync(stampFile)) return false;
  if (JSON.stringify(readJson(stampFile)) !== JSON.stringify(wanted)) return false;
  return nativeModuleProblems(readFileSync(nativeFile), hostTarget).length === 0;
}

if (!nativeModuleFits()) {
  let nativeError;
  console.log(`Building better-sqlite3 ${wanted.betterSqlite3} for Electron ${electronVersion} into native-electron/ ...`);
  const work = mkdtempSync(path.join(tmpdir(), 'kiosk-better-sqlite3-'));
  try {
    // A copy, so node_modules keeps its Node build for the tests.
    const copy = path.join(work, 'better-sqlite3');
    cpSync(sqliteDir, copy, { recursive: true, filter: (src) => path.relative(sqliteDir, src).split(path.sep)[0] !== 'build' });
    // npm_config_nodedir would make node-gyp use Node's headers while calling
    // the result Electron's (TOOLCHAIN.md, "Native module ABI"). Drop it, in any case.
    const env = cleanEnv(/^npm_config_nodedir$/i);
    let gyp;
    try {
      gyp = [process.execPath, [require.resolve('node-gyp/bin/node-gyp.js')]];
    } catch {
      gyp = ['npx', ['--yes', 'node-gyp']];
    }
    const args = [...gyp[1], 'rebuild', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'];
    const ok = run(gyp[0], args, { cwd: copy, env, shell: onWindows && gyp[0] === 'npx' });
    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    // Failures are thrown, not exited on, so the finally below still removes the copy.
    if (!ok || !existsSync(built)) throw new Error(`could not build better-sqlite3 for Electron ${electronVersion} (Electron's headers need the internet).`);
    const problems = nativeModuleProblems(readFileSync(built), hostTarget);
    if (problems.length > 0) throw new Error(`the fresh build of better-sqlite3 does not fit Electron ${electronVersion}:\n- ${problems.join('\n- ')}`);
    mkdirSync(nativeDir, { recursive: true });
    copyFileSync(built, nativeFile);
    writeFileSync(stampFile, `${JSON.stringify(wanted)}\n`);
  } catch (err) {
    nativeError = err instanceof Error ? err.message : String(err);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (nativeError) fail(nativeError);
}

// ---- 3. package ----
const extra = process.argv.slice(2);
// The local electron-builder, run by this Node (npx --no would mangle the arguments).
const builderCli = require.resolve('electron-builder/cli.js');
if (!run(process.execPath, [builderCli, '--config', configFile, '--publish', 'never', ...extra], { shell: false })) {
  fail('electron-builder failed (see above). Offline? It downloads the Electron zip and its packaging tools.');
}
console.log('Installers are in release/.');
