import { openStore } from '../db/store';
import { setInitialAdminPin } from '../db/pins';
import { endSession, startSession } from '../db/sessions';
import { readActivePackInfo } from '../db/content-read';
import { ensureBundledPack } from '../db/content-import';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelFor } from './api-methods';
import { runKiosk } from './start-kiosk';
import { chromiumSwitches } from './chromium-switches';
import { CONTENT_SECURITY_POLICY } from './static-files';
import { MAIN_V8_FLAGS } from './memory-cap';
import Database from 'better-sqlite3';
import { STORE_FILE } from './open-kiosk-store';
import { tearFirstIndexEntry } from '../db/test/damage';
import { app, FakeBrowserWindow, fakeEvent, fakeInvokeEvent, ipcMain, Menu, protocol, resetFakeElectron, session } from './test/fake-electron';

/** A temp copy of the built layout: out/renderer, out/electron/static, out/electron/electron. */
function makeLayout(): { dir: string; mainDir: string; userData: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-start-'));
  const mainDir = path.join(dir, 'out', 'electron', 'electron');
  mkdirSync(mainDir, { recursive: true });
  mkdirSync(path.join(dir, 'out', 'renderer'), { recursive: true });
  writeFileSync(path.join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>attract</title>');
  const staticDir = path.join(dir, 'out', 'electron', 'static');
  mkdirSync(staticDir, { recursive: true });
  for (const file of ['out-of-order.html', 'out-of-order.css']) {
    copyFileSync(new URL(`./static/${file}`, import.meta.url), path.join(staticDir, file));
  }
  return { dir, mainDir, userData: path.join(dir, 'userData') };
}

async function fetchApp(url: string): Promise<Response> {
  const handler = protocol.handlers.get('app');
  if (!handler) throw new Error('app protocol not handled');
  return handler(new Request(url));
}

let layout: ReturnType<typeof makeLayout>;
let log: ReturnType<typeof vi.fn<(message: string) => void>>;

/** A fresh fake Electron on the same layout, started the way every launcher starts it (build/linux/kiosk-xsession, scripts/start.mjs, …). */
function resetOnLayout(): void {
  resetFakeElectron();
  app.paths = { userData: layout.userData };
  app.appPath = layout.dir;
  app.startupSwitches = { 'js-flags': MAIN_V8_FLAGS };
}

/** The running kiosk quits; the next runKiosk is its successor on the same userData. */
function quitAndReset(): void {
  app.emit('will-quit', fakeEvent());
  resetOnLayout();
}

beforeEach(() => {
  layout = makeLayout();
  resetOnLayout();
  log = vi.fn<(message: string) => void>();
});
afterEach(() => {
  app.emit('will-quit', fakeEvent());
  rmSync(layout.dir, { recursive: true, force: true });
});

describe('runKiosk, store opens', () => {
  it('registers the app scheme before ready, takes the instance lock, drops the menu, sandboxes all', async () => {
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    // The fake throws if the scheme is registered after whenReady().
    expect(protocol.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect(Menu.applicationMenuSets).toEqual([null]);
    expect(app.sandboxEnabled).toBe(true);
    expect(app.switches).toContainEqual(['disable-pinch', undefined]);
    for (const name of chromiumSwitches(process.platform)) expect(app.switches).toContainEqual([name, undefined]);
  });

  it('asks Chromium for the system speech engine on Linux, where read-aloud has no voices without it', () => {
    expect(chromiumSwitches('linux')).toEqual(['disable-pinch', 'enable-speech-dispatcher']);
    expect(chromiumSwitches('win32')).toEqual(['disable-pinch']);
  });

  it('creates the store, loads the attract page over app:// and answers IPC from it', async () => {
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(FakeBrowserWindow.instances).toEqual([window]);
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/index.html']);
    expect(readFileSync(path.join(layout.userData, 'kiosk.db')).length).toBeGreaterThan(0);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map(channelFor).sort());
    const info = await ipcMain.invoke(channelFor('getKioskInfo'), fakeInvokeEvent('app://kiosk/index.html'), {});
    expect(info).toMatchObject({ ok: true, value: { packId: 'card_binding' } });
    const page = await fetchApp('app://kiosk/index.html');
    expect(await page.text()).toContain('attract');
    expect(log).not.toHaveBeenCalled();
  });

  it('opens a locked-down kiosk window with the bundled preload, shown when painted', async () => {
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.options).toMatchObject({ kiosk: true, show: false, webPreferences: { sandbox: true, contextIsolation: true, devTools: false } });
    expect(window.options['webPreferences'].preload).toBe(path.join(layout.dir, 'out', 'electron', 'preload.js'));
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);

    const away = fakeEvent({ url: 'https://evil.example/' });
    window.webContents.emit('will-navigate', away, away.url);
    expect(away.defaultPrevented).toBe(true);
    expect(session.defaultSession.requestIsCancelled('https://evil.example/')).toBe(true);
    expect(session.defaultSession.requestIsCancelled('app://kiosk/index.html')).toBe(false);
    const close = fakeEvent();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(window.webContents.devToolsOpened).toEqual([]);
  });

  it('opens devtools only outside production', async () => {
    const window = (await runKiosk({ mainDir: layout.mainDir, production: false, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.devToolsOpened).toHaveLength(1);
    expect(session.defaultSession.requestIsCancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
  });

  it('focuses the running kiosk when a second instance starts', async () => {
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    window.minimized = true;
    app.emit('second-instance', fakeEvent(), [], '/');
    expect(window.focused).toBe(true);
    expect(window.minimized).toBe(false);
  });

  it('closes the store on quit', async () => {
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    app.emit('will-quit', fakeEvent());
    const after = await ipcMain.invoke(channelFor('getKioskInfo'), fakeInvokeEvent('app://kiosk/index.html'), {});
    expect(after).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('runKiosk, the main process memory cap', () => {
  const health = () => JSON.parse(readFileSync(path.join(layout.userData, 'health.json'), 'utf8')) as { mainMemoryCap: { on: boolean; detail: string } | null };

  it('reports the cap on in health.json when started with --js-flags=--max-semi-space-size=1, and never sets js-flags itself', async () => {
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    expect(health().mainMemoryCap).toEqual({ on: true, detail: 'memory cap for the main process: on (started with --js-flags=--max-semi-space-size=1)' });
    // Appending js-flags here would reach the renderers only, and would fool the check above.
    expect(app.switches.map(([name]) => name)).not.toContain('js-flags');
    expect(log).not.toHaveBeenCalled();
  });

  it('runs without it, and says so in one log line and in health.json with the switch to add', async () => {
    app.startupSwitches = {};
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/index.html']);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatch(/^\[kiosk\] memory cap for the main process: off \(started without --js-flags\)\. .*Start it with --js-flags=--max-semi-space-size=1/);
    expect(health().mainMemoryCap).toMatchObject({ on: false, detail: expect.stringContaining('build/linux/README.md') });
  });

  it('counts other V8 flags alongside the cap, and a larger semispace as off', async () => {
    app.startupSwitches = { 'js-flags': '--max-old-space-size=512 --max-semi-space-size=16' };
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    expect(health().mainMemoryCap?.on).toBe(false);
    expect(log.mock.calls[0]?.[0]).toContain('started with --js-flags=--max-old-space-size=512 --max-semi-space-size=16');
  });
});

describe('runKiosk, the nightly restart window', () => {
  /** Runs the kiosk from 20:00 with the window set to 04:00, then lets the night pass on a fake clock. */
  async function runNight(startupSwitches: Record<string, string>): Promise<void> {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: new Date(2026, 10, 27, 20, 0, 0) });
    try {
      app.startupSwitches = { 'js-flags': MAIN_V8_FLAGS, ...startupSwitches };
      await runKiosk({ mainDir: layout.mainDir, production: true, log });
      const admin = new Database(path.join(layout.userData, STORE_FILE));
      admin.prepare("UPDATE setting SET value = '4' WHERE key = 'nightly_restart_hour'").run();
      admin.close();
      vi.advanceTimersByTime(7 * 3600_000 + 59 * 60_000); // 03:59: not yet
      expect(app.quitCalls).toBe(0);
      vi.advanceTimersByTime(2 * 60_000);
    } finally {
      vi.useRealTimers();
    }
  }

  // 48 simulated hours: every minute's restart check and health.json rewrite runs (about 2 s here, more on a busy machine).
  it('is off on a new kiosk', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: new Date(2026, 10, 27, 20, 0, 0) });
    try {
      await runKiosk({ mainDir: layout.mainDir, production: true, log });
      vi.advanceTimersByTime(48 * 3600_000);
    } finally {
      vi.useRealTimers();
    }
    expect(app.quitCalls).toBe(0);
  }, 30_000);

  it('restarts at the chosen hour by starting its successor when nothing supervises it', async () => {
    await runNight({});
    expect([app.relaunchCalls, app.quitCalls]).toEqual([1, 1]);
    expect(log).toHaveBeenCalledWith('[kiosk] nightly restart');
  });

  it('keeps clear of the nightly backup due at 03:00 when its window is that hour, then restarts', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: new Date(2026, 10, 27, 20, 0, 0) });
    try {
      await runKiosk({ mainDir: layout.mainDir, production: true, log });
      const admin = new Database(path.join(layout.userData, STORE_FILE));
      admin.prepare("UPDATE setting SET value = '3' WHERE key = 'nightly_restart_hour'").run();
      admin.close();
      vi.advanceTimersByTime(7 * 3600_000 + 90_000); // 03:01:30: the backup is due, the restart waits
      expect(app.quitCalls).toBe(0);
      expect(log).toHaveBeenCalledWith('[kiosk] nightly restart waiting: the kiosk is in use');
      vi.advanceTimersByTime(5 * 60_000);
      expect(app.quitCalls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('only exits under a supervisor, which starts it again (two copies would fight for the screen)', async () => {
    await runNight({ supervised: '' });
    expect([app.relaunchCalls, app.quitCalls]).toEqual([0, 1]);
  });
});

describe('runKiosk, someone trying PINs', () => {
  it('logs a PIN-pad lockout the moment it starts, never the PIN, and counts it in health.json', async () => {
    const kiosk = fakeInvokeEvent('app://kiosk/index.html');
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    expect(await ipcMain.invoke(channelFor('setupAdminPin'), kiosk, { pin: '482913' })).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) await ipcMain.invoke(channelFor('unlock'), kiosk, { pin: '000111' });
    // No minute has passed: the line comes from the call, not from the health file's next rewrite.
    const lockouts = log.mock.calls.map(([line]) => line).filter((line) => line.includes('PIN pad locked'));
    expect(lockouts).toEqual([expect.stringMatching(/^\[kiosk\] PIN pad locked for 5 min at .*: 5 wrong PINs in a row/)]);
    expect(lockouts.join('\n')).not.toMatch(/000111|482913/);
    const report = JSON.parse(readFileSync(path.join(layout.userData, 'health.json'), 'utf8')) as { pinLockouts: { last24h: number } };
    expect(report.pinLockouts.last24h).toBe(1);
  });
});

describe('runKiosk, damage met while running', () => {
  const kioskPage = fakeInvokeEvent('app://kiosk/index.html');
  const call = (method: string, arg: unknown) => ipcMain.invoke(channelFor(method as never), kioskPage, arg);
  const health = () =>
    JSON.parse(readFileSync(path.join(layout.userData, 'health.json'), 'utf8')) as {
      storeProblem: { code: string; method: string } | null;
      storeCheck: { requestedAt: string; reason: string; checkedAt: string | null; found: string | null } | null;
    };

  it('restarts once the kiosk is unused, and that start finds the damage with the full check and recovers the store', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: new Date(2026, 11, 7, 10, 0, 0) });
    try {
      await runKiosk({ mainDir: layout.mainDir, production: true, log });
      const info = (await call('getKioskInfo', {})) as { value: { packId: string; packVersion: string } };
      const started = (await call('startSession', { locale: 'en', assistedBy: null })) as { ok: true; value: { sessionId: number } };
      expect(started).toMatchObject({ ok: true });
      expect(info).toMatchObject({ value: { packId: 'card_binding' } });
      // A torn write: the open session's index entry now points nowhere. quick_check cannot see it.
      tearFirstIndexEntry(path.join(layout.userData, STORE_FILE), 'session_open');
      const ended = await call('endSession', { sessionId: started.value.sessionId, outcome: 'resolved' });
      expect(ended).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
      expect(health().storeProblem).toMatchObject({ code: 'SQLITE_CORRUPT_INDEX', method: 'endSession' });

      // The screen makes no calls while the customer reads on, but every touch reaches the shell.
      const window = FakeBrowserWindow.instances[0]!;
      vi.advanceTimersByTime(10 * 60_000);
      window.webContents.emit('input-event', fakeEvent(), { type: 'touchStart' });
      vi.advanceTimersByTime(10 * 60_000);
      expect(app.quitCalls).toBe(0);
      vi.advanceTimersByTime(2 * 60_000);
      expect([app.relaunchCalls, app.quitCalls]).toEqual([1, 1]);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[kiosk\] restarting to recover the damaged store \(SQLITE_CORRUPT_INDEX from endSession/));
    } finally {
      vi.useRealTimers();
    }

    // The successor.
    quitAndReset();
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/index.html']);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/full integrity check after the restart for store damage .*: damage, moved aside to .*kiosk\.db\.corrupt-.*row 1 missing from index session_open/));
    expect(health().storeCheck).toMatchObject({ reason: expect.stringMatching(/^SQLITE_CORRUPT_INDEX from endSession/), checkedAt: expect.any(String), found: expect.stringMatching(/^damage/) });
    // The recovered store takes the same call again.
    const again = (await call('startSession', { locale: 'en', assistedBy: null })) as { ok: true; value: { sessionId: number } };
    expect(await call('endSession', { sessionId: again.value.sessionId, outcome: 'resolved' })).toMatchObject({ ok: true });

    // The check is done: the next start runs only its quick check, and keeps the record.
    quitAndReset();
    log.mockClear();
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    expect(log).not.toHaveBeenCalledWith(expect.stringMatching(/full integrity check/));
    expect(health().storeCheck?.found).toMatch(/^damage/);
  });

  it('damage only the nightly roll-up reaches (old days no call reads) restarts the kiosk the same way', async () => {
    // A store made here, not by an earlier run: that run's own roll-up worker could still be at work and meet
    // the damage first. A session from two days ago, not rolled up yet; then a torn write in the index the
    // roll-up reads it by.
    mkdirSync(layout.userData, { recursive: true });
    const file = path.join(layout.userData, STORE_FILE);
    const db = openStore(file);
    ensureBundledPack(db);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const id = startSession(db, { packId: 'card_binding', packVersion: readActivePackInfo(db).version, locale: 'en', assisted: false, now: twoDaysAgo });
    endSession(db, id, 'resolved', new Date(twoDaysAgo.getTime() + 60_000));
    db.close();
    tearFirstIndexEntry(file, 'session_unrolled', 'rowid');

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: new Date() });
    try {
      await runKiosk({ mainDir: layout.mainDir, production: true, log });
      // The roll-up runs in a worker thread on the real clock; wait for its answer.
      for (let i = 0; i < 200 && !log.mock.calls.some((c) => /retention roll-up failed/.test(c[0])); i++) await new Promise((r) => setTimeout(r, 50));
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[kiosk\] retention roll-up failed: .*malformed/));
      expect(health().storeProblem).toMatchObject({ code: 'SQLITE_CORRUPT', method: 'the retention roll-up' });
      vi.advanceTimersByTime(12 * 60_000);
      expect(app.quitCalls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
    quitAndReset();
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/full integrity check after the restart for store damage \(SQLITE_CORRUPT from the retention roll-up.*: damage, moved aside to .*row 1 missing from index session_unrolled/));
  });

  it('damage a start-up step meets, past the quick check, is checked in full and recovered at that start', async () => {
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    const started = (await call('startSession', { locale: 'en', assistedBy: null })) as { ok: true; value: { sessionId: number } };
    expect(started).toMatchObject({ ok: true });
    // A power cut: the session stays open, and its index entry is torn. The next start closes it as abandoned.
    tearFirstIndexEntry(path.join(layout.userData, STORE_FILE), 'session_open');
    quitAndReset();
    log.mockClear();
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/index.html']);
    const said = log.mock.calls.map((c) => c[0]);
    expect(said[0]).toMatch(/^\[kiosk\] a start-up step met damage in the store \(sessions left open by a crash were not closed: .*malformed.*\): checking it in full$/);
    expect(said[1]).toMatch(/store .*damaged.*row 1 missing from index session_open/i);
    expect(said.slice(2)).not.toContainEqual(expect.stringMatching(/start-up step failed/));
    const again = (await call('startSession', { locale: 'en', assistedBy: null })) as { ok: true; value: { sessionId: number } };
    expect(await call('endSession', { sessionId: again.value.sessionId, outcome: 'resolved' })).toMatchObject({ ok: true });
  });
});

describe('runKiosk, second instance', () => {
  it('quits without opening a window, a store or IPC', async () => {
    app.singleInstanceLock = false;
    expect(await runKiosk({ mainDir: layout.mainDir, production: true, log })).toBeUndefined();
    expect(app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.instances).toEqual([]);
    expect(ipcMain.handlers.size).toBe(0);
    expect(() => readFileSync(path.join(layout.userData, 'kiosk.db'))).toThrow();
  });
});

describe('runKiosk, a provisioning file that cannot be applied', () => {
  it('shows the out-of-order page while no admin PIN is set: the first-start screen would let anyone choose it', async () => {
    mkdirSync(layout.userData, { recursive: true });
    writeFileSync(path.join(layout.userData, 'provisioning.json'), '{"schemaVersion": 1,');
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/out-of-order.html']);
    expect(ipcMain.handlers.size).toBe(0);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/out of order: the provisioning file could not be applied and no admin PIN is set .*not valid JSON/));
    const health = JSON.parse(readFileSync(path.join(layout.userData, 'health.json'), 'utf8')) as { outOfOrder: string | null };
    expect(health.outOfOrder).toMatch(/^the provisioning file could not be applied/);
  });

  it('starts as usual once an admin PIN is set: the file is then not read at all', async () => {
    mkdirSync(layout.userData, { recursive: true });
    const db = openStore(path.join(layout.userData, 'kiosk.db'));
    await setInitialAdminPin(db, '24681357', new Date());
    db.close();
    writeFileSync(path.join(layout.userData, 'provisioning.json'), '{"schemaVersion": 1,');
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/index.html']);
  });
});

describe('runKiosk, a damaged store whose admin PIN is lost', () => {
  /** A kiosk in use whose store file was overwritten with garbage: nothing, the PIN included, can be read. */
  function damagedStore(): void {
    mkdirSync(layout.userData, { recursive: true });
    writeFileSync(path.join(layout.userData, STORE_FILE), 'garbage where the store was\n'.repeat(100));
  }

  it('shows the out-of-order page, at this start and the next, instead of letting anyone choose the admin PIN', async () => {
    damagedStore();
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/out-of-order.html']);
    expect(ipcMain.handlers.size).toBe(0);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/admin PIN could not be read and no nightly backup has one/));
    const health = JSON.parse(readFileSync(path.join(layout.userData, 'health.json'), 'utf8')) as { outOfOrder: string | null };
    expect(health.outOfOrder).toMatch(/^a damaged store was replaced and its admin PIN could not be read.*provisioning\.json/);

    // The damaged file is moved aside by now; the fresh store must not pass for a new kiosk.
    quitAndReset();
    const again = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(again.webContents.loadedUrls).toEqual(['app://kiosk/out-of-order.html']);
  });

  it('serves again with the PIN of the newest nightly backup that has one', async () => {
    damagedStore();
    const backups = path.join(layout.userData, 'backups');
    mkdirSync(backups);
    const night = openStore(path.join(backups, 'kiosk-2026-12-05.db'));
    await setInitialAdminPin(night, '24681357', new Date());
    night.close();
    openStore(path.join(backups, 'kiosk-2026-12-06.db')).close();
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/index.html']);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/PINs \(admin and staff\) are those of the nightly backup .*kiosk-2026-12-05\.db/));
  });
});

describe('runKiosk, store cannot open', () => {
  beforeEach(() => {
    // userData is a file: the folder cannot be created, the store cannot open.
    writeFileSync(layout.userData, 'not a folder');
  });

  it('shows the out-of-order page and logs why', async () => {
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.loadedUrls).toEqual(['app://kiosk/out-of-order.html']);
    expect(log.mock.calls[0]?.[0]).toMatch(/out of order: cannot open the store at .*kiosk\.db/);
    // userData is a file here, so health.json cannot be written either: said, not thrown.
    expect(log.mock.calls.slice(1).map((c) => c[0])).toEqual([expect.stringMatching(/could not write .*health\.json/)]);
    const page = await fetchApp('app://kiosk/out-of-order.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Please ask at the counter');
    expect((await fetchApp('app://kiosk/out-of-order.css')).status).toBe(200);
  });

  it("says why in health.json, for IT, instead of leaving the last good run's file", async () => {
    rmSync(layout.userData);
    mkdirSync(path.join(layout.userData, 'kiosk.db'), { recursive: true });
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    const health = JSON.parse(readFileSync(path.join(layout.userData, 'health.json'), 'utf8')) as { outOfOrder: string | null; pack: unknown };
    expect(health.outOfOrder).toMatch(/^cannot open the store at .*kiosk\.db: /);
    expect(health.pack).toBeNull();
  });

  it('registers no IPC and does not serve the renderer', async () => {
    await runKiosk({ mainDir: layout.mainDir, production: true, log });
    expect(ipcMain.handlers.size).toBe(0);
    expect((await fetchApp('app://kiosk/index.html')).status).toBe(404);
  });

  it('keeps the lockdown on the out-of-order window too', async () => {
    const window = (await runKiosk({ mainDir: layout.mainDir, production: true, log })) as unknown as FakeBrowserWindow;
    expect(window.webContents.visualZoomLimits).toEqual([1, 1]);
    expect(session.defaultSession.requestIsCancelled('https://example.com/')).toBe(true);
  });
});

describe('out-of-order page', () => {
  it('needs no inline script or style, which the CSP would block', () => {
    const html = readFileSync(new URL('./static/out-of-order.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('out-of-order.css');
    for (const text of ['本机暂停服务', '本機暫停服務', 'Out of order']) expect(html).toContain(text);
  });

  it('carries the same CSP in a meta tag (minus frame-ancestors, which meta cannot set)', () => {
    const html = readFileSync(new URL('./static/out-of-order.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const expected = CONTENT_SECURITY_POLICY.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(expected);
  });
});
