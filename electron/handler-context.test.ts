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
  it('asks for an export folder with the native picker, modal to the kiosk window', async () => {
    const win = new BrowserWindow({});
    dialog.nextResult = { canceled: false, filePaths: ['/media/usb/KIOSK'] };
    expect(await context(win).chooseExportFolder()).toBe('/media/usb/KIOSK');
    expect(dialog.calls).toHaveLength(1);
    expect(dialog.calls[0]!.parent).toBe(win);
    expect(dialog.calls[0]!.options).toMatchObject({ properties: expect.arrayContaining(['openDirectory']) });
  });

  it('treats a closed picker as "cancelled", not as an error', async () => {
    dialog.nextResult = { canceled: true, filePaths: [] };
    expect(await context().chooseExportFolder()).toBeNull();
  });

  it('asks for a content pack with the native file picker (.json), modal to the kiosk window; closed = cancelled', async () => {
    const win = new BrowserWindow({});
    dialog.nextResult = { canceled: false, filePaths: ['/media/usb/card-binding.json'] };
    expect(await context(win).choosePackFile()).toBe('/media/usb/card-binding.json');
    expect(dialog.calls[0]!.parent).toBe(win);
    expect(dialog.calls[0]!.options).toMatchObject({ properties: ['openFile'], filters: [{ extensions: ['json'] }] });
    dialog.nextResult = { canceled: true, filePaths: [] };
    expect(await context().choosePackFile()).toBeNull();
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
