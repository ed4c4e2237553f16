// npm start: build, make sure the Electron binary and an Electron build of
// better-sqlite3 exist, then run the kiosk.
//
// Two things here need the internet (the Electron zip, Electron's headers) and
// our build machines have none (docs: /work/shared/TOOLCHAIN.md). Then this
// says so plainly and points at the browser harness instead of a stack trace.
//
// node_modules/better-sqlite3 stays built for Node (the unit tests run under
// Node 20); the Electron build goes to native-electron/, which the main
// process passes to better-sqlite3 as `nativeBinding`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { ensureElectronNativeModule } = require('../build/native-module.js');
const onWindows = process.platform === 'win32';

const NO_ELECTRON = 'Electron could not be downloaded (no internet?). The same kiosk runs in any browser: npm run harness';

function fail(message, detail) {
  console.error(message);
  if (detail) console.error(`  (${detail})`);
  process.exit(1);
}

function lastLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  return lines.at(-1) ?? '';
}

/** Copy of the environment without the variables that would derail a child. */
function cleanEnv(dropPattern) {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !dropPattern.test(key)));
}

// ---- 1. build ----

function build() {
  // npm is a .cmd on Windows, which spawn only runs through a shell.
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: onWindows });
  if (result.status !== 0) fail('npm start: the build failed (see above).');
}

// ---- 2. the Electron binary ----

function electronPackageDir() {
  return path.dirname(require.resolve('electron/package.json'));
}

/** The binary's path, downloading it once if needed; exits with NO_ELECTRON when it cannot. */
function ensureElectronBinary() {
  const dir = electronPackageDir();
  // install.js exits 0 at once when the binary is already there.
  const install = spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, encoding: 'utf8' });
  if (install.status !== 0) fail(NO_ELECTRON, lastLine(install.stderr) || lastLine(install.stdout));
  let binary;
  try {
    // electron's index.js returns the binary's path (and would itself try to download if missing).
    binary = require('electron');
  } catch (err) {
    fail(NO_ELECTRON, err instanceof Error ? err.message : String(err));
  }
  if (typeof binary !== 'string' || !existsSync(binary)) fail(NO_ELECTRON, `no binary at ${binary}`);
  return binary;
}

// ---- 3. better-sqlite3 for Electron's ABI ----

/** native-electron/better_sqlite3.node for this Electron (build/native-module.js; shared with npm run dist). */
function ensureNativeStore() {
  try {
    ensureElectronNativeModule(root);
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)} The same kiosk runs in any browser: npm run harness`);
  }
}

// ---- 4. run ----

/**
 * Started like the installed kiosk: the main process's V8 young generation
 * capped, which only the command line can do (electron/memory-cap.ts
 * MAIN_JS_FLAGS_SWITCH; scripts/electron-builder-config.test.ts keeps them equal).
 */
const MAIN_JS_FLAGS_SWITCH = '--js-flags=--max-semi-space-size=1';

function runElectron(binary) {
  // ELECTRON_RUN_AS_NODE would start plain Node instead of the app.
  const env = cleanEnv(/^ELECTRON_RUN_AS_NODE$/);
  const child = spawn(binary, [MAIN_JS_FLAGS_SWITCH, root], { cwd: root, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, function forwardSignal() {
      child.kill(signal);
    });
  }
  child.on('exit', function exitWithElectron(code, signal) {
    if (signal) console.error(`Electron exited on ${signal}`);
    process.exit(code ?? 1);
  });
}

build();
const binary = ensureElectronBinary();
ensureNativeStore();
runElectron(binary);
