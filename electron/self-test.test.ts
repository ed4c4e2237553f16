import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SELF_TEST_IDS, type SelfTestCheck, type SelfTestId } from './api';
import { channelFor } from './api-methods';
import { lockNavigation, lockSession, lockWindow, type RequestPolicy } from './lockdown';
import { createAppRequestHandler } from './protocol';
import { runSelfTest, type SelfTestInput } from './self-test';
import { runKiosk } from './start-kiosk';
import { memoryCapStatus } from './memory-cap';
import { kioskWindowOptions } from './window';
import { app, BrowserWindow, FakeBrowserWindow, FakeSession, fakeEvent, fakeInvokeEvent, ipcMain, resetFakeElectron } from './test/fake-electron';

let dir: string;
let rendererRoot: string;

beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-self-test-'));
  rendererRoot = path.join(dir, 'renderer');
  mkdirSync(rendererRoot);
  writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>attract</title>');
});
afterEach(() => {
  app.emit('will-quit', fakeEvent());
  rmSync(dir, { recursive: true, force: true });
});

const POLICY: RequestPolicy = { allowDevTools: false };

/** A window and session locked the way start-kiosk.ts locks them; `skip` leaves one step out. */
function kioskSetUp(skip: { navigation?: boolean; session?: boolean; window?: boolean } = {}, options = kioskWindowOptions({ preloadPath: '/app/preload.js', production: true })) {
  app.requestSingleInstanceLock();
  if (!skip.navigation) {
    app.on('web-contents-created', (_event: unknown, contents: never) => lockNavigation(contents));
  }
  const session = new FakeSession();
  if (!skip.session) lockSession(session as never, POLICY);
  const window = new BrowserWindow(options);
  if (!skip.window) lockWindow(window as never, app as never, { ...POLICY, homeUrl: 'app://kiosk/index.html' });
  const input: SelfTestInput = {
    window: window as never,
    session: session as never,
    app: app as never,
    appRequest: createAppRequestHandler(rendererRoot),
    policy: POLICY,
  };
  return { window, session, input };
}

function byId(checks: SelfTestCheck[]): Record<SelfTestId, SelfTestCheck> {
  return Object.fromEntries(checks.map((c) => [c.id, c])) as Record<SelfTestId, SelfTestCheck>;
}

function failing(checks: SelfTestCheck[]): SelfTestId[] {
  return checks.filter((c) => !c.ok).map((c) => c.id);
}

describe('the installer self-test', () => {
  it('passes every check, in order, for a window set up like start-kiosk does', async () => {
    const { input } = kioskSetUp();
    const checks = await runSelfTest(input);
    expect(checks.map((c) => c.id)).toEqual([...SELF_TEST_IDS]);
    expect(failing(checks)).toEqual([]);
    const checked = byId(checks);
    expect(checked.kiosk_window.detail).toMatch(/^live probe: isKiosk\(\) = true, isFullScreen\(\) = true/);
    expect(checked.navigation_locked.detail).toMatch(/^handler attached/);
    expect(checked.csp_strict.detail).toMatch(/^live probe: .*HTTP 200/);
  });

  it('fails kiosk_window when the window is not in kiosk mode or not full screen', async () => {
    const { window, input } = kioskSetUp();
    window.kiosk = false;
    expect(failing(await runSelfTest(input))).toEqual(['kiosk_window']);
    window.kiosk = true;
    window.fullScreen = false;
    expect(failing(await runSelfTest(input))).toEqual(['kiosk_window']);
  });

  it('fails menu_hidden and devtools_closed when the menu bar shows or devtools are open', async () => {
    const { window, input } = kioskSetUp();
    window.menuBarVisible = true;
    window.webContents.openDevTools({ mode: 'detach' });
    const checks = await runSelfTest(input);
    expect(failing(checks)).toEqual(['menu_hidden', 'devtools_closed']);
    expect(byId(checks).devtools_closed.detail).toBe('live probe: isDevToolsOpened() = true');
  });

  it('fails renderer_sandboxed, context_isolation and node_integration_off when the web preferences are wrong', async () => {
    const options = kioskWindowOptions({ preloadPath: '/app/preload.js', production: true });
    const { input } = kioskSetUp({}, { ...options, webPreferences: { ...options.webPreferences, sandbox: false, contextIsolation: false, nodeIntegrationInWorker: true } });
    const checks = await runSelfTest(input);
    expect(failing(checks)).toEqual(['renderer_sandboxed', 'context_isolation', 'node_integration_off']);
    expect(byId(checks).node_integration_off.detail).toContain('nodeIntegrationInWorker = true');
  });

  it('fails the preference checks rather than guess when the preferences cannot be read', async () => {
    const { window, input } = kioskSetUp();
    window.webContents.lastWebPreferences = null;
    expect(failing(await runSelfTest(input))).toEqual(['renderer_sandboxed', 'context_isolation']);
  });

  it('fails navigation_locked and new_windows_denied when lockNavigation was not attached to the window', async () => {
    const { input } = kioskSetUp({ navigation: true });
    const checks = await runSelfTest(input);
    expect(failing(checks)).toEqual(['navigation_locked', 'new_windows_denied']);
    expect(byId(checks).navigation_locked.detail).toMatch(/^handler NOT attached/);
  });

  it('fails the session checks when the session was not locked', async () => {
    const { input } = kioskSetUp({ session: true });
    expect(failing(await runSelfTest(input))).toEqual(['permissions_denied', 'foreign_requests_blocked']);
  });

  it('keeps foreign_requests_blocked passing in a development policy: devtools:// is allowed, https and file are not', async () => {
    const { input } = kioskSetUp();
    // devtools:// is the only extra scheme a policy can allow; https and file stay refused.
    expect(failing(await runSelfTest({ ...input, policy: { allowDevTools: true } }))).toEqual([]);
  });

  it('fails the window locks (shortcuts, context menu, zoom, close, recovery) when lockWindow was not called', async () => {
    const { input } = kioskSetUp({ window: true });
    expect(failing(await runSelfTest(input))).toEqual(['kiosk_window', 'shortcuts_swallowed', 'context_menu_blocked', 'zoom_locked', 'crash_recovery']);
  });

  it('fails zoom_locked when the page is zoomed', async () => {
    const { window, input } = kioskSetUp();
    window.webContents.zoomLevel = 2;
    expect(failing(await runSelfTest(input))).toEqual(['zoom_locked']);
  });

  it("fails csp_strict when index.html is sent with unsafe-inline, unsafe-eval, no CSP at all, or a policy other than the kiosk's own", async () => {
    const { input } = kioskSetUp();
    const serveWith = (csp: string | null) => async () =>
      new Response('<p>x</p>', { status: 200, headers: csp === null ? {} : { 'Content-Security-Policy': csp } });
    // The last one strict about scripts, but looser than the kiosk's own policy (any font, any connection).
    for (const csp of ["default-src 'self'; script-src 'self' 'unsafe-inline'", "default-src 'self'; script-src 'self' 'unsafe-eval'", null, "default-src 'self'; script-src 'self'; font-src *; connect-src *"]) {
      const checks = await runSelfTest({ ...input, appRequest: serveWith(csp) });
      expect(failing(checks)).toEqual(['csp_strict']);
    }
    const broken = await runSelfTest({ ...input, appRequest: () => Promise.reject(new Error('disk gone')) });
    expect(byId(broken).csp_strict).toMatchObject({ ok: false, detail: expect.stringContaining('disk gone') });
  });

  it('ends the crash_recovery detail with the main process memory cap, which never decides a check', async () => {
    const { input } = kioskSetUp();
    const off = await runSelfTest({ ...input, memoryCap: memoryCapStatus('') });
    expect(failing(off)).toEqual([]);
    expect(byId(off).crash_recovery.detail).toMatch(/reload the home page; memory cap for the main process: off \(started without --js-flags\)\. .*Start it with --js-flags=--max-semi-space-size=1/);
    const on = await runSelfTest({ ...input, memoryCap: memoryCapStatus('--max-semi-space-size=1') });
    expect(byId(on).crash_recovery.detail).toContain('; memory cap for the main process: on (started with --js-flags=--max-semi-space-size=1)');
    expect(byId(await runSelfTest({ ...input, window: undefined, memoryCap: memoryCapStatus('') })).crash_recovery.detail).toMatch(/^no kiosk window is open; memory cap for the main process: off/);
  });

  it('fails single_instance when this process does not hold the instance lock', async () => {
    const { input } = kioskSetUp();
    app.singleInstanceLockHeld = false;
    expect(failing(await runSelfTest(input))).toEqual(['single_instance']);
  });

  it('fails every window check when there is no window', async () => {
    const { input } = kioskSetUp();
    const checks = await runSelfTest({ ...input, window: undefined });
    expect(failing(checks)).toEqual(SELF_TEST_IDS.filter((id) => !['permissions_denied', 'foreign_requests_blocked', 'csp_strict', 'single_instance'].includes(id)));
    expect(byId(checks).kiosk_window.detail).toBe('no kiosk window is open');
  });
});

describe('getSelfTest in the running shell', () => {
  it('reports the real kiosk (production start) as electron with every escape path closed, for an admin only', async () => {
    const mainDir = path.join(dir, 'out', 'electron', 'electron');
    mkdirSync(mainDir, { recursive: true });
    mkdirSync(path.join(dir, 'out', 'renderer'), { recursive: true });
    writeFileSync(path.join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>attract</title>');
    mkdirSync(path.join(dir, 'out', 'electron', 'static'), { recursive: true });
    app.paths = { userData: path.join(dir, 'userData') };
    app.appPath = dir;
    const window = (await runKiosk({ mainDir, production: true, log: () => {} })) as unknown as FakeBrowserWindow;
    expect(window).toBeDefined();
    const from = fakeInvokeEvent('app://kiosk/index.html');
    const setUp = (await ipcMain.invoke(channelFor('setupAdminPin'), from, { pin: '482913' })) as { ok: true; value: { token: string } };
    const report = (await ipcMain.invoke(channelFor('getSelfTest'), from, { token: setUp.value.token })) as {
      ok: true;
      value: { shell: string; checks: SelfTestCheck[] };
    };
    expect(report.ok).toBe(true);
    expect(report.value.shell).toBe('electron');
    expect(report.value.checks.map((c) => c.id)).toEqual([...SELF_TEST_IDS]);
    expect(failing(report.value.checks)).toEqual([]);
    // Started without --js-flags here: reported, not failed.
    expect(report.value).toMatchObject({ memoryCap: { on: false, detail: expect.stringContaining('memory cap for the main process: off') } });
    expect(report.value.checks.at(-1)?.detail).toContain('memory cap for the main process: off');
    expect(await ipcMain.invoke(channelFor('getSelfTest'), from, { token: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('reports devtools open in a development start', async () => {
    const mainDir = path.join(dir, 'out', 'electron', 'electron');
    mkdirSync(mainDir, { recursive: true });
    mkdirSync(path.join(dir, 'out', 'renderer'), { recursive: true });
    writeFileSync(path.join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>attract</title>');
    app.paths = { userData: path.join(dir, 'userData') };
    app.appPath = dir;
    await runKiosk({ mainDir, production: false, log: () => {} });
    const from = fakeInvokeEvent('app://kiosk/index.html');
    const setUp = (await ipcMain.invoke(channelFor('setupAdminPin'), from, { pin: '482913' })) as { ok: true; value: { token: string } };
    const report = (await ipcMain.invoke(channelFor('getSelfTest'), from, { token: setUp.value.token })) as { ok: true; value: { checks: SelfTestCheck[] } };
    // A development run also leaves the window alone when it leaves full screen or loses the focus (devtools).
    expect(failing(report.value.checks)).toEqual(['kiosk_window', 'devtools_closed']);
    expect(byId(report.value.checks).kiosk_window.detail).toMatch(/display changes: NOT attached$/);
  });
});
