import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App, BrowserWindow, Input, Screen, Session, WebContents } from 'electron';
import {
  blockDownloads,
  blockForeignRequests,
  denyAllPermissions,
  isBlockedShortcut,
  keepKioskState,
  lockClose,
  lockInput,
  lockNavigation,
  lockSession,
  lockWindow,
  locksOn,
  recoverRenderer,
} from './lockdown';
import { app, FakeBrowserWindow, FakeEmitter, FakeSession, FakeWebContents, fakeEvent, resetFakeElectron } from './test/fake-electron';

const asContents = (c: FakeWebContents) => c as unknown as WebContents;
const asSession = (s: FakeSession) => s as unknown as Session;

beforeEach(resetFakeElectron);

describe('lockNavigation', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    lockNavigation(asContents(contents));
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s away from app://kiosk is refused', (name) => {
    for (const url of ['https://evil.example/', 'http://127.0.0.1/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) {
      const event = fakeEvent({ url });
      contents.emit(name, event, url);
      expect(event.defaultPrevented, `${name} ${url}`).toBe(true);
    }
  });

  it('navigation inside app://kiosk goes ahead', () => {
    const event = fakeEvent({ url: 'app://kiosk/index.html' });
    contents.emit('will-navigate', event, event.url);
    expect(event.defaultPrevented).toBe(false);
  });

  it('denies every new window', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses webviews', () => {
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request, check and device', () => {
    const session = new FakeSession();
    denyAllPermissions(asSession(session));
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.(new FakeWebContents(), permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler?.(null, permission, 'app://kiosk', {})).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });
});

describe('blockDownloads', () => {
  it('cancels every download before it starts, so no Save As dialog opens', () => {
    const session = new FakeSession();
    blockDownloads(asSession(session));
    for (const url of ['app://kiosk/fonts-LICENSE.txt', 'data:text/plain,hello', 'blob:app://kiosk/1']) {
      const event = fakeEvent();
      session.emit('will-download', event, { getURL: () => url }, new FakeWebContents());
      expect(event.defaultPrevented, url).toBe(true);
    }
  });
});

describe('lockSession', () => {
  it('turns the spell checker off with no dictionary, so none is downloaded', () => {
    const session = new FakeSession();
    lockSession(asSession(session), { allowDevTools: false });
    expect(session.spellCheckerEnabled).toBe(false);
    expect(session.spellCheckerLanguages).toEqual([]);
  });
});

describe('blockForeignRequests', () => {
  it('cancels everything that is not app://kiosk, without a URL filter', () => {
    const session = new FakeSession();
    blockForeignRequests(asSession(session), { allowDevTools: false });
    expect(session.beforeRequest?.filter).toBeUndefined();
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/api',
      'ws://127.0.0.1/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'devtools://devtools/bundled/inspector.html',
      'chrome://gpu',
    ]) {
      expect(session.requestIsCancelled(url), url).toBe(true);
    }
  });

  it('lets app://kiosk and data: images through', () => {
    const session = new FakeSession();
    blockForeignRequests(asSession(session), { allowDevTools: false });
    expect(session.requestIsCancelled('app://kiosk/index.html')).toBe(false);
    expect(session.requestIsCancelled('app://kiosk/assets/font.woff2')).toBe(false);
    expect(session.requestIsCancelled('data:image/png;base64,iVBORw0KGgo=')).toBe(false);
  });

  it('allows the devtools front end only when devtools are allowed', () => {
    const session = new FakeSession();
    blockForeignRequests(asSession(session), { allowDevTools: true });
    expect(session.requestIsCancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(session.requestIsCancelled('https://example.com/')).toBe(true);
  });
});

function key(key: string, mods: Partial<Pick<Input, 'control' | 'meta' | 'alt' | 'shift'>> = {}, type = 'keyDown') {
  return { type, key, control: false, meta: false, alt: false, shift: false, ...mods };
}

describe('isBlockedShortcut', () => {
  it.each([
    ['Ctrl+R', key('r', { control: true })],
    ['Cmd+R', key('r', { meta: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Cmd+Alt+I', key('i', { meta: true, alt: true, shift: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['F12', key('F12')],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+Q', key('q', { control: true })],
    ['Cmd+Q', key('q', { meta: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl++', key('+', { control: true, shift: true })],
    ['Ctrl+=', key('=', { control: true })],
    ['Ctrl+-', key('-', { control: true })],
    ['Ctrl+0', key('0', { control: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['F11', key('F11')],
  ])('swallows %s', (_label, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it.each([
    ['a letter', key('a')],
    ['a digit', key('0')],
    ['Enter', key('Enter')],
    ['Escape', key('Escape')],
    ['Tab', key('Tab')],
    ['F4 alone', key('F4')],
    ['key up of Ctrl+R', key('r', { control: true }, 'keyUp')],
  ])('lets %s through', (_label, input) => {
    expect(isBlockedShortcut(input)).toBe(false);
  });
});

describe('lockInput', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    lockInput(asContents(contents));
  });

  it('swallows devtools and reload shortcuts at before-input-event, lets typing through', () => {
    const devtools = fakeEvent();
    contents.emit('before-input-event', devtools, key('I', { control: true, shift: true }));
    expect(devtools.defaultPrevented).toBe(true);
    const reload = fakeEvent();
    contents.emit('before-input-event', reload, key('F5'));
    expect(reload.defaultPrevented).toBe(true);
    const typing = fakeEvent();
    contents.emit('before-input-event', typing, key('a'));
    expect(typing.defaultPrevented).toBe(false);
  });

  it('shows no context menu', () => {
    const event = fakeEvent();
    contents.emit('context-menu', event, { x: 1, y: 1 });
    expect(event.defaultPrevented).toBe(true);
  });

  it('pins visual zoom to 1 now and after every load, and undoes zoom changes', () => {
    expect(contents.visualZoomLimits).toEqual([1, 1]);
    contents.visualZoomLimits = undefined;
    contents.emit('did-finish-load');
    expect(contents.visualZoomLimits).toEqual([1, 1]);
    contents.zoomLevel = 3;
    const event = fakeEvent();
    contents.emit('zoom-changed', event, 'in');
    expect(event.defaultPrevented).toBe(true);
    expect(contents.zoomLevel).toBe(0);
  });
});

describe('lockClose', () => {
  it('refuses a user close until the app quits', () => {
    const window = new FakeBrowserWindow();
    lockClose(window as unknown as BrowserWindow, app as unknown as App);
    const byUser = fakeEvent();
    window.emit('close', byUser);
    expect(byUser.defaultPrevented).toBe(true);
    app.emit('before-quit', fakeEvent());
    const onQuit = fakeEvent();
    window.emit('close', onQuit);
    expect(onQuit.defaultPrevented).toBe(false);
  });

  it('lets Windows end the session', () => {
    const window = new FakeBrowserWindow();
    lockClose(window as unknown as BrowserWindow, app as unknown as App);
    window.emit('session-end', fakeEvent());
    const close = fakeEvent();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(false);
  });
});

/**
 * The shared fake window with what keepKioskState asks of a real one (Electron 45 BrowserWindow): a window
 * manager or Windows can take each of these states away from it, and the events below say so.
 */
class KioskFakeWindow extends FakeBrowserWindow {
  visible = false;
  calls: string[] = [];
  constructor() {
    super({ kiosk: true, fullscreen: true, show: false });
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  override show(): void {
    super.show();
    this.visible = true;
    this.calls.push('show');
  }
  override restore(): void {
    super.restore();
    this.calls.push('restore');
  }
  override focus(): void {
    super.focus();
    this.calls.push('focus');
  }
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
    this.fullScreen = flag;
    this.calls.push(`setKiosk(${flag})`);
  }
  /** What the window manager does, then tells Electron about. */
  leaveFullScreen(): void {
    this.kiosk = false;
    this.fullScreen = false;
    this.emit('leave-full-screen');
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
    this.emit('minimize');
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  }
  blur(): void {
    this.focused = false;
    this.emit('blur', fakeEvent());
  }
  /** 'ready-to-show' has come and start-kiosk.ts showed it. */
  shownByApp(): void {
    this.visible = true;
    this.focused = true;
    this.emit('show');
  }
}

describe('keepKioskState', () => {
  const asWindow = (w: KioskFakeWindow) => w as unknown as BrowserWindow;
  const asScreen = (s: FakeEmitter) => s as unknown as Pick<Screen, 'on'>;
  let window: KioskFakeWindow;
  let log: ReturnType<typeof vi.fn<(message: string) => void>>;
  beforeEach(() => {
    vi.useFakeTimers();
    window = new KioskFakeWindow();
    log = vi.fn<(message: string) => void>();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const keep = (extra: Partial<Parameters<typeof keepKioskState>[2]> = {}) =>
    keepKioskState(asWindow(window), app as unknown as App, { enabled: true, log, ...extra });

  it('puts the window back in kiosk mode when it leaves full screen, and focuses it', () => {
    keep();
    window.shownByApp();
    window.leaveFullScreen();
    // Not from inside the event: the window manager is still mid-change there.
    expect(window.calls).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(window.calls).toEqual(['setKiosk(true)', 'focus']);
    expect(window.isKiosk() && window.isFullScreen()).toBe(true);
    expect(log).toHaveBeenCalledWith('[kiosk] the window left full screen: kiosk mode on again');
  });

  it('restores a minimized window and shows a hidden one', () => {
    keep();
    window.shownByApp();
    window.minimize();
    vi.advanceTimersByTime(1000);
    expect(window.calls).toEqual(['restore', 'focus']);
    expect(window.isMinimized()).toBe(false);
    window.calls = [];
    window.hide();
    vi.advanceTimersByTime(1000);
    expect(window.calls).toEqual(['show', 'focus']);
    expect(window.isVisible()).toBe(true);
  });

  it('takes the focus back when another window takes it', () => {
    keep();
    window.shownByApp();
    window.blur();
    vi.advanceTimersByTime(0);
    expect(window.calls).toEqual(['focus']);
    expect(log).not.toHaveBeenCalled();
  });

  it('cannot spin: a window manager that keeps refusing gets one try a second, and the journal one line a minute', () => {
    keep();
    window.shownByApp();
    // This window manager takes full screen away again as soon as it is given, and steals the focus too.
    window.setKiosk = function refusedSetKiosk(this: KioskFakeWindow, flag: boolean) {
      this.calls.push(`setKiosk(${flag})`);
      this.emit('leave-full-screen');
      this.blur();
    };
    window.leaveFullScreen();
    for (let ms = 0; ms < 10_000; ms += 50) {
      window.blur();
      vi.advanceTimersByTime(50);
    }
    const tries = window.calls.filter((c) => c === 'setKiosk(true)').length;
    expect(tries).toBeGreaterThanOrEqual(9);
    expect(tries).toBeLessThanOrEqual(11);
    expect(window.calls.filter((c) => c === 'focus').length).toBeLessThanOrEqual(11);
    expect(log).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    window.blur();
    window.leaveFullScreen();
    vi.advanceTimersByTime(1000);
    expect(log).toHaveBeenCalledTimes(2);
    expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/kiosk mode on again \(and \d+ more since the last message\)$/));
  });

  it('does not show the window before the app does (no blank window before the first paint)', () => {
    keep();
    window.hide();
    window.blur();
    vi.advanceTimersByTime(5000);
    expect(window.calls).toEqual([]);
  });

  it('re-checks the window when a display is added, removed or changed', () => {
    const screen = new FakeEmitter();
    keep({ screen: asScreen(screen) });
    window.shownByApp();
    window.kiosk = false;
    window.fullScreen = false;
    screen.emit('display-metrics-changed', fakeEvent(), {}, ['bounds']);
    vi.advanceTimersByTime(0);
    expect(window.calls).toEqual(['setKiosk(true)', 'focus']);
    for (const name of ['display-added', 'display-removed']) {
      window.calls = [];
      window.visible = false;
      screen.emit(name, fakeEvent(), {});
      vi.advanceTimersByTime(1000);
      expect(window.calls, name).toEqual(['show', 'focus']);
    }
  });

  it('lets the window go when the app quits or Windows ends the session', () => {
    keep();
    window.shownByApp();
    app.emit('before-quit', fakeEvent());
    window.hide();
    window.minimize();
    window.blur();
    vi.advanceTimersByTime(5000);
    expect(window.calls).toEqual([]);

    const other = new KioskFakeWindow();
    keepKioskState(asWindow(other), app as unknown as App, { enabled: true, log });
    resetFakeElectron();
    other.shownByApp();
    other.emit('session-end', fakeEvent());
    other.hide();
    vi.advanceTimersByTime(5000);
    expect(other.calls).toEqual([]);
  });

  it('leaves a window closed in the meantime alone', () => {
    keep();
    window.shownByApp();
    window.hide();
    window.destroyed = true;
    window.emit('closed');
    vi.advanceTimersByTime(5000);
    expect(window.calls).toEqual([]);
  });

  it('does nothing in development, where devtools and the editor need the focus', () => {
    keepKioskState(asWindow(window), app as unknown as App, { enabled: false, log });
    window.shownByApp();
    window.leaveFullScreen();
    window.blur();
    vi.advanceTimersByTime(5000);
    expect(window.calls).toEqual([]);
    expect(locksOn(window).has('kiosk_state')).toBe(false);
  });

  it('is part of the kiosk window lockdown in production, not in a development run', () => {
    const options = { homeUrl: 'app://kiosk/index.html', log: () => undefined, screen: asScreen(new FakeEmitter()) };
    lockWindow(asWindow(window), app as unknown as App, { ...options, allowDevTools: false });
    expect(locksOn(window).has('kiosk_state')).toBe(true);
    window.shownByApp();
    window.leaveFullScreen();
    vi.advanceTimersByTime(0);
    expect(window.calls).toContain('setKiosk(true)');

    const dev = new KioskFakeWindow();
    lockWindow(asWindow(dev), app as unknown as App, { ...options, allowDevTools: true });
    dev.shownByApp();
    dev.leaveFullScreen();
    vi.advanceTimersByTime(5000);
    expect(dev.calls).toEqual([]);
  });
});

describe('recoverRenderer: giving up', () => {
  const home = 'app://kiosk/index.html';
  const outOfOrder = 'app://kiosk/out-of-order.html';
  afterEach(() => {
    vi.useRealTimers();
  });

  function crashEvery(contents: FakeWebContents, times: number, gapMs: number) {
    for (let i = 0; i < times; i++) {
      contents.crashed = true;
      contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
      vi.advanceTimersByTime(gapMs);
    }
  }

  it('shows the out-of-order page after 5 failures within a few minutes, and stops reloading', () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    const failures: { reason: string; gaveUp: boolean }[] = [];
    recoverRenderer(asContents(contents), {
      homeUrl: home,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      giveUp: { url: outOfOrder, failures: 5, windowMs: 5 * 60_000 },
      onFailure: (e) => failures.push({ reason: e.reason, gaveUp: e.gaveUp }),
      log: () => undefined,
    });
    crashEvery(contents, 5, 20_000);
    expect(contents.loadedUrls.at(-1)).toBe(outOfOrder);
    expect(contents.loadedUrls.filter((u) => u === home)).toHaveLength(4);
    expect(failures.map((f) => f.gaveUp)).toEqual([false, false, false, false, true]);
    crashEvery(contents, 3, 20_000);
    expect(contents.loadedUrls.at(-1)).toBe(outOfOrder);
    expect(contents.loadedUrls.filter((u) => u === home)).toHaveLength(4);
  });

  it("tells IT once when the page itself gives up because its app did not start, and reloads no more", () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    const failures: { reason: string; gaveUp: boolean }[] = [];
    const log = vi.fn<(message: string) => void>();
    recoverRenderer(asContents(contents), { homeUrl: home, giveUp: { url: outOfOrder }, onFailure: (e) => failures.push({ reason: e.reason, gaveUp: e.gaveUp }), log });
    contents.emit('did-navigate', fakeEvent(), home, 200, 'OK');
    expect(failures).toEqual([]);
    contents.emit('did-navigate', fakeEvent(), outOfOrder, 200, 'OK');
    expect(failures).toEqual([{ reason: 'app did not start', gaveUp: true }]);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/app did not start.*out-of-order page/));
    contents.emit('did-navigate', fakeEvent(), outOfOrder, 200, 'OK');
    crashEvery(contents, 1, 20_000);
    expect(failures).toHaveLength(1);
    expect(contents.loadedUrls).toEqual([]);
  });

  it('counts its own give-up once, though the page it loads also navigates', () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    const failures: boolean[] = [];
    recoverRenderer(asContents(contents), { homeUrl: home, giveUp: { url: outOfOrder, failures: 2 }, onFailure: (e) => failures.push(e.gaveUp), log: () => undefined });
    crashEvery(contents, 2, 20_000);
    contents.emit('did-navigate', fakeEvent(), outOfOrder, 200, 'OK');
    expect(failures).toEqual([false, true]);
  });

  it('tries the app again 30 minutes after giving up, with a clean slate', () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    const log = vi.fn<(message: string) => void>();
    recoverRenderer(asContents(contents), { homeUrl: home, baseDelayMs: 1000, giveUp: { url: outOfOrder, failures: 2 }, log });
    crashEvery(contents, 2, 20_000);
    expect(contents.loadedUrls).toEqual([home, outOfOrder]);
    vi.advanceTimersByTime(30 * 60_000 - 20_001);
    expect(contents.loadedUrls.at(-1)).toBe(outOfOrder);
    vi.advanceTimersByTime(1);
    expect(contents.loadedUrls.at(-1)).toBe(home);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/out of order for 30 min: trying the app again/));
    // Recovering again, from the first delay: one crash reloads, it does not give up at once.
    crashEvery(contents, 1, 1000);
    expect(contents.loadedUrls.slice(-2)).toEqual([home, home]);
  });

  it("tries again after the page's own give-up too", () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    recoverRenderer(asContents(contents), { homeUrl: home, giveUp: { url: outOfOrder, retryAfterMs: 10 * 60_000 }, log: () => undefined });
    contents.emit('did-navigate', fakeEvent(), outOfOrder, 200, 'OK');
    vi.advanceTimersByTime(10 * 60_000);
    expect(contents.loadedUrls).toEqual([home]);
  });

  it('does not count a hang that ends by itself: short hangs never put the kiosk out of order', () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    const failures: string[] = [];
    recoverRenderer(asContents(contents), { homeUrl: home, baseDelayMs: 1000, giveUp: { url: outOfOrder, failures: 5 }, onFailure: (e) => failures.push(e.reason), log: () => undefined });
    for (let i = 0; i < 8; i++) {
      contents.emit('unresponsive');
      vi.advanceTimersByTime(500);
      contents.emit('responsive');
      vi.advanceTimersByTime(10_000);
    }
    expect(contents.loadedUrls).toEqual([]);
    expect(contents.crashes).toBe(0);
    expect(failures).toEqual([]);
    // A hang that lasts is counted, ended and reloaded, after the first delay: the short ones did not grow the backoff.
    contents.emit('unresponsive');
    vi.advanceTimersByTime(1000);
    expect(failures).toEqual(['unresponsive']);
    expect(contents.crashes).toBe(1);
    expect(contents.loadedUrls).toEqual([home]);
  });

  it('ends a hung renderer before it shows the out-of-order page: a hung page does not navigate', () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    recoverRenderer(asContents(contents), { homeUrl: home, baseDelayMs: 1000, giveUp: { url: outOfOrder, failures: 2 }, log: () => undefined });
    crashEvery(contents, 1, 20_000);
    contents.emit('unresponsive');
    vi.advanceTimersByTime(60_000);
    expect(contents.crashes).toBe(1);
    expect(contents.loadedUrls).toEqual([home, outOfOrder]);
  });

  it('does not take showing the out-of-order page as a give-up when it is the home page (the store did not open)', () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    const failures: string[] = [];
    recoverRenderer(asContents(contents), { homeUrl: outOfOrder, giveUp: { url: outOfOrder }, onFailure: (e) => failures.push(e.reason), log: () => undefined });
    contents.emit('did-navigate', fakeEvent(), outOfOrder, 200, 'OK');
    vi.advanceTimersByTime(2 * 60 * 60_000);
    expect(failures).toEqual([]);
    expect(contents.loadedUrls).toEqual([]);
  });

  it('keeps recovering when the failures are spread out over hours', () => {
    vi.useFakeTimers();
    const contents = new FakeWebContents();
    recoverRenderer(asContents(contents), { homeUrl: home, giveUp: { url: outOfOrder }, log: () => undefined });
    crashEvery(contents, 8, 30 * 60_000);
    expect(contents.loadedUrls).not.toContain(outOfOrder);
    expect(contents.loadedUrls.filter((u) => u === home)).toHaveLength(8);
  });
});

describe('recoverRenderer', () => {
  const home = 'app://kiosk/index.html';
  let contents: FakeWebContents;
  let log: ReturnType<typeof vi.fn<(message: string) => void>>;

  beforeEach(() => {
    vi.useFakeTimers();
    contents = new FakeWebContents();
    log = vi.fn<(message: string) => void>();
    recoverRenderer(asContents(contents), { homeUrl: home, baseDelayMs: 1000, maxDelayMs: 8000, stableAfterMs: 60_000, log });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const gone = (reason: string) => {
    if (reason !== 'clean-exit') contents.crashed = true;
    contents.emit('render-process-gone', fakeEvent(), { reason, exitCode: 1 });
  };

  it('reloads the home page after the renderer crashes', () => {
    gone('crashed');
    expect(contents.loadedUrls).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(contents.loadedUrls).toEqual([home]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('crashed'));
  });

  it('backs off on repeated crashes, up to the maximum', () => {
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = contents.loadedUrls.length;
      gone('oom');
      let waited = 0;
      // Bounded: a broken recovery must fail the test, not hang it.
      while (contents.loadedUrls.length === before && waited < 120_000) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('starts the backoff again after the renderer stayed up', () => {
    gone('crashed');
    vi.advanceTimersByTime(1000);
    gone('crashed');
    vi.advanceTimersByTime(2000);
    expect(contents.loadedUrls).toHaveLength(2);
    vi.advanceTimersByTime(61_000);
    gone('crashed');
    vi.advanceTimersByTime(1000);
    expect(contents.loadedUrls).toHaveLength(3);
  });

  it('does not reload on a clean exit (window closing, app quitting)', () => {
    gone('clean-exit');
    vi.advanceTimersByTime(60_000);
    expect(contents.loadedUrls).toEqual([]);
  });

  it('ends a hung renderer and reloads once, even when the crash is reported too', () => {
    contents.emit('unresponsive');
    vi.advanceTimersByTime(999);
    expect(contents.crashes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(contents.crashes).toBe(1);
    // Electron then reports the renderer we ended as gone.
    gone('killed');
    vi.advanceTimersByTime(60_000);
    expect(contents.loadedUrls).toEqual([home]);
  });

  it('a single pending recovery: a crash during a pending reload does not reload twice', () => {
    contents.emit('unresponsive');
    gone('killed');
    vi.advanceTimersByTime(60_000);
    expect(contents.loadedUrls).toEqual([home]);
    // It was dead already, so it was not crashed again...
    expect(contents.crashes).toBe(0);
    // ...and the next genuine crash is still recovered.
    gone('crashed');
    vi.advanceTimersByTime(60_000);
    expect(contents.loadedUrls).toEqual([home, home]);
  });

  it("does not take a later real crash for the one it caused, should that one's 'gone' never arrive", () => {
    contents.emit('unresponsive');
    vi.advanceTimersByTime(1000);
    expect(contents.crashes).toBe(1);
    expect(contents.loadedUrls).toEqual([home]);
    // No 'render-process-gone' for the renderer we ended; the reload finishes.
    contents.crashed = false;
    contents.emit('did-finish-load', fakeEvent());
    gone('crashed');
    vi.advanceTimersByTime(60_000);
    expect(contents.loadedUrls).toEqual([home, home]);
  });

  it('cancels the crash-and-reload when the renderer answers again', () => {
    contents.emit('unresponsive');
    contents.emit('responsive');
    vi.advanceTimersByTime(60_000);
    expect(contents.crashes).toBe(0);
    expect(contents.loadedUrls).toEqual([]);
  });

  it('retries a page that did not load, as a failure; a replaced navigation or a subframe is not one', () => {
    contents.emit('did-fail-load', fakeEvent(), -3, 'ERR_ABORTED', home, true);
    contents.emit('did-fail-load', fakeEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://kiosk/frame.html', false);
    vi.advanceTimersByTime(60_000);
    expect(contents.loadedUrls).toEqual([]);
    contents.emit('did-fail-load', fakeEvent(), -6, 'ERR_FILE_NOT_FOUND', home, true);
    vi.advanceTimersByTime(1000);
    expect(contents.loadedUrls).toEqual([home]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`did not load ${home} (ERR_FILE_NOT_FOUND)`));
  });

  it('leaves a destroyed WebContents alone', () => {
    gone('crashed');
    contents.destroyed = true;
    vi.advanceTimersByTime(60_000);
    expect(contents.loadedUrls).toEqual([]);
  });

  it('logs, not throws, when the reload fails', async () => {
    contents.failNextLoad = new Error('ERR_FILE_NOT_FOUND');
    gone('crashed');
    vi.advanceTimersByTime(1000);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('ERR_FILE_NOT_FOUND')));
  });
});
