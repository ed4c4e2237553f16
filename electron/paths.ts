/**
 * Where the running shell finds its pieces. Pure (paths in, paths out) so the
 * packaged and unpackaged layouts are both unit-tested.
 */
import path from 'node:path';

export interface RuntimePaths {
  /** Built renderer, served at app://kiosk/. */
  rendererRoot: string;
  /** Pages the shell ships itself (out-of-order.html), copied by scripts/build-preload.mjs. */
  staticRoot: string;
  /** Bundled preload. */
  preload: string;
}

/**
 * `mainDir` is the directory of the compiled main.js (out/electron/electron).
 * Everything is found relative to it, which holds inside app.asar as well.
 */
export function runtimePaths(mainDir: string): RuntimePaths {
  return {
    rendererRoot: path.resolve(mainDir, '..', '..', 'renderer'),
    staticRoot: path.resolve(mainDir, '..', 'static'),
    preload: path.resolve(mainDir, '..', 'preload.js'),
  };
}

export const NATIVE_BINDING_DIR = 'native-electron';
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';

export interface NativeBindingInput {
  appPath: string;
  resourcesPath: string;
  isPackaged: boolean;
}

/**
 * Places a better-sqlite3 build for Electron's ABI may live, best first.
 * node_modules holds the Node build the tests use (docs TOOLCHAIN.md, "Native
 * module ABI"), so the Electron build lives apart: native-electron/ next to
 * package.json in development, and in resources/ (extraResources, or unpacked
 * from the asar, since a .node file cannot be loaded from inside an archive)
 * when packaged.
 */
export function nativeBindingCandidates(input: NativeBindingInput): string[] {
  const inApp = path.join(input.appPath, NATIVE_BINDING_DIR, NATIVE_BINDING_FILE);
  if (!input.isPackaged) return [inApp];
  return [
    path.join(input.resourcesPath, NATIVE_BINDING_DIR, NATIVE_BINDING_FILE),
    path.join(input.resourcesPath, 'app.asar.unpacked', NATIVE_BINDING_DIR, NATIVE_BINDING_FILE),
    inApp,
  ];
}

/** First candidate that exists, or undefined (better-sqlite3 then loads its own build). */
export function findNativeBinding(candidates: readonly string[], exists: (file: string) => boolean): string | undefined {
  return candidates.find((file) => exists(file));
}
