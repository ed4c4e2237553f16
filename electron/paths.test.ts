import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNativeBinding, nativeBindingCandidates, runtimePaths } from './paths';

describe('runtimePaths', () => {
  it('finds renderer, static pages and preload from the compiled main.js folder', () => {
    expect(runtimePaths('/app/out/electron/electron')).toEqual({
      rendererRoot: path.resolve('/app/out/renderer'),
      staticRoot: path.resolve('/app/out/electron/static'),
      preload: path.resolve('/app/out/electron/preload.js'),
    });
  });

  it('holds inside a packaged app.asar', () => {
    const paths = runtimePaths('/opt/kiosk/resources/app.asar/out/electron/electron');
    expect(paths.rendererRoot).toBe(path.resolve('/opt/kiosk/resources/app.asar/out/renderer'));
  });
});

describe('nativeBindingCandidates', () => {
  it('uses native-electron/ next to package.json in development', () => {
    expect(nativeBindingCandidates({ appPath: '/work/main', resourcesPath: '/unused', isPackaged: false })).toEqual([
      '/work/main/native-electron/better_sqlite3.node',
    ]);
  });

  it('looks in resources/ first when packaged (a .node cannot load from inside the asar)', () => {
    const candidates = nativeBindingCandidates({ appPath: '/opt/k/resources/app.asar', resourcesPath: '/opt/k/resources', isPackaged: true });
    expect(candidates[0]).toBe('/opt/k/resources/native-electron/better_sqlite3.node');
    expect(candidates).toContain('/opt/k/resources/app.asar.unpacked/native-electron/better_sqlite3.node');
  });
});

describe('findNativeBinding', () => {
  it('returns the first candidate that exists', () => {
    expect(findNativeBinding(['/a', '/b', '/c'], (f) => f !== '/a')).toBe('/b');
  });

  it('returns undefined when none exists, so better-sqlite3 falls back to its own build', () => {
    expect(findNativeBinding(['/a'], () => false)).toBeUndefined();
  });
});
