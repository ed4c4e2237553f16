/**
 * The real Electron window, wherever Electron's binary is installed. On our
 * offline build machines it cannot be downloaded, so this test reports a skip
 * with its reason there; everything else is covered through the harness and
 * the unit tests of electron/.
 */
import { _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures';
import { fontFacesOf } from './kiosk-page';
import { API_METHODS } from '../electron/api-methods';

const ROOT = resolve(__dirname, '..');

/** Electron's binary path, without triggering its lazy download. */
function installedElectron(): string | null {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

test('the kiosk opens in a locked-down Electron window', async () => {
  const binary = installedElectron();
  test.skip(binary === null, "Electron's binary is not installed on this machine: no node_modules/electron/path.txt, or no binary it names under node_modules/electron/dist/ (it downloads on the first `npm start` with internet)");
  const nativeStore = join(ROOT, 'native-electron', 'better_sqlite3.node');
  test.skip(!existsSync(nativeStore), 'the store has not been built for Electron yet: no native-electron/better_sqlite3.node (`npm start` builds it once)');
  test.skip(!existsSync(join(ROOT, 'out', 'electron', 'electron', 'main.js')), 'the main process is not built: no out/electron/electron/main.js (`npm run build`)');

  const app = await electron.launch({
    executablePath: binary!,
    args: [ROOT, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'kiosk-electron-'))}`],
  });
  try {
    const win = await app.firstWindow();
    await expect(win).toHaveURL(/^app:\/\/kiosk\//);
    await expect(win.locator('h1')).toBeVisible();
    const exposed = await win.evaluate(() => ({
      kiosk: Object.keys((window as unknown as { kiosk: object }).kiosk).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ kiosk: [...API_METHODS].sort(), require: 'undefined', process: 'undefined' });
    const kioskMode = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return { kiosk: w.isKiosk(), menu: w.isMenuBarVisible(), devtools: w.webContents.isDevToolsOpened() };
    });
    expect(kioskMode).toEqual({ kiosk: true, menu: false, devtools: false });
    // The first frame's own fonts (preloaded from index.html): the CSP and the request rule must let
    // them through (a blocked one ends in "error", and the Chinese shows as empty boxes).
    const firstFrameFaces = (await fontFacesOf(win)).filter((face) => face.startsWith('First Frame'));
    expect(firstFrameFaces).toHaveLength(4);
    expect(firstFrameFaces.filter((face) => face.endsWith(' error'))).toEqual([]);
  } finally {
    await app.close();
  }
});
