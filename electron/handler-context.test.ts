import { beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, resetFakeElectron, BrowserWindow } from './test/fake-electron';
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
  it('opens no OS file dialog anywhere in the shell: a window over the kiosk that the app could not close', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources).toContain('handler-context.ts');
    for (const file of sources) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/^import [^;]*\bdialog\b[^;]*from 'electron'|show(Open|Save)Dialog|showMessageBox|showErrorBox/m);
    }
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
