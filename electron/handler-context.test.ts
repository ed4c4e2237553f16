import { beforeEach, describe, expect, it } from 'vitest';
import { app, dialog, resetFakeElectron, BrowserWindow } from './test/fake-electron';
import { createElectronContext } from './handler-context';
import { openStore } from '../db/store';

beforeEach(() => resetFakeElectron());

function context(window?: unknown) {
  return createElectronContext({
    db: openStore(':memory:'),
    dbFile: '/tmp/unused.db',
    nativeBinding: undefined,
    window: () => window as never,
    appRequest: async () => new Response('', { status: 404 }),
    requestPolicy: { allowDevTools: false },
    fontCoverageFile: '/opt/help-kiosk/out/renderer/font-coverage.json',
  });
}

describe('the Electron handler context', () => {
  it('finds the USB drives itself and never opens an OS file dialog, a window the kiosk could not close', async () => {
    const win = new BrowserWindow({});
    const drives = context(win).usbDrives();
    // On this machine: whatever is mounted under /media and /run/media (often nothing), each a real folder.
    for (const drive of drives) expect(drive.path).toMatch(/^\/(run\/)?media\//);
    expect(dialog.calls).toEqual([]);
  });

  it('trusts the development pack key only when the app is not packaged', () => {
    expect(context().trustDevelopmentKey).toBe(true);
    app.isPackaged = true;
    expect(context().trustDevelopmentKey).toBe(false);
  });

  it('runs the self-test on the live kiosk window and reports the electron shell', async () => {
    const win = new BrowserWindow({ kiosk: true });
    const report = await context(win).selfTest();
    expect(report.shell).toBe('electron');
    expect(report.checks.find((c) => c.id === 'kiosk_window')?.detail).toContain('isKiosk() = true');
    // Nothing was locked here and the handler sends no CSP: the self-test says so.
    expect(report.checks.find((c) => c.id === 'csp_strict')?.ok).toBe(false);
    expect(report.checks.find((c) => c.id === 'navigation_locked')?.ok).toBe(false);
  });

  it('quits through app.quit, so will-quit closes the store', () => {
    context().quit();
    expect(app.quitCalls).toBe(1);
  });
});
