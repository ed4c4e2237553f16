/**
 * Kiosk lockdown: the page can only be the kiosk page, can reach nothing but
 * app://kiosk, is granted no permission, cannot be zoomed, reloaded, inspected
 * or closed by a customer, and comes back by itself if it crashes or hangs.
 * Each function attaches one concern to a WebContents, Session or window, so
 * tests can drive them with the fake electron module.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import { screen as electronScreen, type App, type BrowserWindow, type Event, type Input, type Screen, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin';

// ---- which locks are on what ----

/** One lock a function below attaches; the installer self-test (self-test.ts) asks which are on the live objects. */
export type LockName =
  | 'navigation'
  | 'window_open'
  | 'webview'
  | 'permissions'
  | 'downloads'
  | 'foreign_requests'
  | 'shortcuts'
  | 'context_menu'
  | 'zoom'
  | 'close'
  | 'kiosk_state'
  | 'recovery';

/** Filled as the locks are attached; weak, so a closed window's WebContents is not kept alive. */
const appliedLocks = new WeakMap<object, Set<LockName>>();

function recordLock(target: object, lock: LockName): void {
  let locks = appliedLocks.get(target);
  if (!locks) {
    locks = new Set();
    appliedLocks.set(target, locks);
  }
  locks.add(lock);
}

/** The locks attached to a WebContents, Session or window by the functions in this file. */
export function locksOn(target: object): ReadonlySet<LockName> {
  return appliedLocks.get(target) ?? new Set();
}

// ---- navigation and new windows ----

/**
 * Keeps every frame on app://kiosk. Attached to every WebContents the app
 * creates (app 'web-contents-created'), not just the kiosk window, so a
 * WebContents we did not expect is locked too.
 */
export function lockNavigation(contents: WebContents): void {
  const refuseForeign = function refuseForeignNavigation(event: Event<{ url: string }>): void {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-frame-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.setWindowOpenHandler(function denyWindowOpen() {
    return { action: 'deny' };
  });
  // webviewTag is off in the window options; this refuses one even if a later
  // change turns it on by mistake.
  contents.on('will-attach-webview', function refuseWebview(event) {
    event.preventDefault();
  });
  recordLock(contents, 'navigation');
  recordLock(contents, 'window_open');
  recordLock(contents, 'webview');
}

// ---- session: permissions and network ----

/** Every permission request and check is refused: the kiosk needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler(function denyPermissionRequest(_contents, _permission, callback) {
    callback(false);
  });
  session.setPermissionCheckHandler(function denyPermissionCheck() {
    return false;
  });
  session.setDevicePermissionHandler(function denyDevicePermission() {
    return false;
  });
  recordLock(session, 'permissions');
}

export interface RequestPolicy {
  /** Development runs only: lets the devtools front end load its own devtools:// files. */
  allowDevTools: boolean;
}

/**
 * The one request rule: app://kiosk only. data: stays allowed because the CSP
 * permits data: images; everything else (http, https, ws, file, other custom
 * schemes) is cancelled. The CSP says the same; this is the second lock.
 */
export function isAllowedRequest(url: string, policy: RequestPolicy): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('data:')) return true;
  if (policy.allowDevTools && url.startsWith('devtools://')) return true;
  return false;
}

export function blockForeignRequests(session: Session, policy: RequestPolicy): void {
  // No URL filter: the listener then sees every request, whatever its scheme.
  session.webRequest.onBeforeRequest(function cancelForeignRequest(details, callback) {
    callback({ cancel: !isAllowedRequest(details.url, policy) });
  });
  recordLock(session, 'foreign_requests');
}

// ---- input: zoom, shortcuts, context menu ----

type KeyInput = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>;

/**
 * Shortcuts that reload, open devtools, print, quit, close or zoom. The app has
 * no menu (so no accelerators), but Chromium and the window manager still see
 * some keys; a customer with a USB keyboard must not be able to leave the app.
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (key === 'F5' || key === 'F11' || key === 'F12' || key === 'BrowserRefresh') return true;
  if (input.alt && key === 'F4') return true;
  if (!mod) return false;
  // reload, devtools (I, J, C with shift), close, quit, print, view source, find
  if (['r', 'w', 'q', 'p', 'u', 'f', 'n', 't'].includes(key)) return true;
  if (input.shift && ['i', 'j', 'c'].includes(key)) return true;
  // zoom in, out, reset
  if (['+', '=', '-', '_', '0'].includes(key)) return true;
  return false;
}

export function lockInput(contents: WebContents): void {
  contents.on('before-input-event', function swallowKioskShortcuts(event, input) {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  contents.on('context-menu', function noContextMenu(event) {
    event.preventDefault();
  });
  recordLock(contents, 'shortcuts');
  recordLock(contents, 'context_menu');
  lockZoom(contents);
}

/** Pinch and Ctrl+wheel zoom: visual zoom pinned at 1, page zoom reset if it moves. */
export function lockZoom(contents: WebContents): void {
  const pin = function pinZoom(): void {
    if (contents.isDestroyed()) return;
    contents.setZoomLevel(0);
    contents.setVisualZoomLevelLimits(1, 1).catch(function ignoreZoomLimitError() {
      // Fails only if the page is gone; the next load pins it again.
    });
  };
  pin();
  // Limits are per page: every load starts with Chromium's defaults again.
  contents.on('did-finish-load', pin);
  contents.on('zoom-changed', function undoZoom(event) {
    event.preventDefault();
    pin();
  });
  recordLock(contents, 'zoom');
}

// ---- closing ----

/**
 * Alt+F4 and the window manager's close reach the window as 'close', not as
 * a key event. Refused unless the app itself is quitting (service stop,
 * shutdown), which must still work.
 */
export function lockClose(window: BrowserWindow, app: App): void {
  let quitting = false;
  app.on('before-quit', function allowCloseOnQuit() {
    quitting = true;
  });
  // Windows log-off/shutdown ends the session without before-quit; it must not be held up.
  window.on('session-end', function allowCloseOnSessionEnd() {
    quitting = true;
  });
  window.on('close', function refuseUserClose(event) {
    if (!quitting) event.preventDefault();
  });
  recordLock(window, 'close');
}

// ---- staying in kiosk mode ----

export interface KioskStateOptions {
  /**
   * False in development runs (devtools allowed): the window is left alone, so detached devtools and the
   * developer's editor can take focus without the kiosk snatching it back.
   */
  enabled: boolean;
  /** At most one re-apply (or re-focus) per this many ms, so a window manager that keeps refusing cannot make it spin. */
  minIntervalMs?: number;
  /** Display changes (a panel replugged or rotated) re-check the window too. Absent: only the window's own events. */
  screen?: Pick<Screen, 'on'>;
  log?: (message: string) => void;
}

/**
 * Puts the window back when something outside the app takes kiosk mode from it: a window manager or Windows
 * un-fullscreening it (Win+Down, a display change), minimizing or hiding it, or another window taking the focus.
 * Kiosk mode is only asked for once, at creation; without this a customer who found such a key would leave a
 * desktop on screen. Each event schedules one re-apply; events in between merge into it.
 * Events: https://www.electronjs.org/docs/latest/api/browser-window#instance-events (Electron 45's electron.d.ts).
 */
export function keepKioskState(window: BrowserWindow, app: App, options: KioskStateOptions): void {
  if (!options.enabled) return;
  const minInterval = options.minIntervalMs ?? 1000;
  const log = options.log ?? ((message: string) => console.error(message));
  let quitting = false;
  // show: false until 'ready-to-show' (start-kiosk.ts): showing it earlier would put a blank window up.
  let shownOnce = false;
  let lastRunAt = -Infinity;
  let pending: { timer: ReturnType<typeof setTimeout>; restore: boolean; reason: string } | undefined;
  let lastLogAt = -Infinity;
  let unlogged = 0;

  /** A window manager that fights back would otherwise fill the journal: one line a minute at most. */
  const logLimited = function logLimited(message: string): void {
    const now = Date.now();
    if (now - lastLogAt < 60_000) {
      unlogged += 1;
      return;
    }
    log(unlogged > 0 ? `${message} (and ${unlogged} more since the last message)` : message);
    lastLogAt = now;
    unlogged = 0;
  };

  const run = function reapplyKioskState(restore: boolean, reason: string): void {
    lastRunAt = Date.now();
    if (quitting || window.isDestroyed()) return;
    if (restore) {
      const changed: string[] = [];
      if (window.isMinimized()) {
        window.restore();
        changed.push('restored');
      }
      if (!window.isVisible()) {
        window.show();
        changed.push('shown');
      }
      // On Linux and Windows kiosk mode is fullscreen (Electron: SetKiosk → SetFullScreen), so either says it left.
      if (!window.isKiosk() || !window.isFullScreen()) {
        window.setKiosk(true);
        changed.push('kiosk mode on');
      }
      if (changed.length > 0) logLimited(`[kiosk] the window ${reason}: ${changed.join(', ')} again`);
    }
    // After a re-apply always: a window just restored or re-fullscreened is not always given the focus back.
    if (restore || !window.isFocused()) window.focus();
  };

  const schedule = function scheduleReapply(restore: boolean, reason: string): void {
    if (quitting || !shownOnce || window.isDestroyed()) return;
    if (pending !== undefined) {
      // A full re-apply covers a re-focus; the first reason is the one logged.
      pending.restore ||= restore;
      return;
    }
    // Never from inside the event itself: the window manager is still mid-change there.
    const delay = Math.max(0, lastRunAt + minInterval - Date.now());
    const timer = setTimeout(function runReapply() {
      const job = pending!;
      pending = undefined;
      run(job.restore, job.reason);
    }, delay);
    pending = { timer, restore, reason };
  };

  app.on('before-quit', function stopKeepingKioskState() {
    quitting = true;
  });
  // Windows log-off or shutdown: let it hide and close the window.
  window.on('session-end', function stopKeepingKioskStateAtSessionEnd() {
    quitting = true;
  });
  window.on('closed', function forgetPendingReapply() {
    if (pending !== undefined) clearTimeout(pending.timer);
    pending = undefined;
  });
  window.on('show', function noteShown() {
    shownOnce = true;
  });
  window.on('leave-full-screen', function onLeftFullScreen() {
    schedule(true, 'left full screen');
  });
  window.on('minimize', function onMinimized() {
    schedule(true, 'was minimized');
  });
  window.on('hide', function onHidden() {
    schedule(true, 'was hidden');
  });
  window.on('blur', function onBlurred() {
    schedule(false, 'lost the focus');
  });
  // A panel replugged, rotated or resized: the platform may have moved the window off full screen without saying so.
  const onDisplayChanged = function onDisplayChanged(): void {
    schedule(true, 'was changed by a display change');
  };
  options.screen?.on('display-added', onDisplayChanged);
  options.screen?.on('display-removed', onDisplayChanged);
  options.screen?.on('display-metrics-changed', onDisplayChanged);
  recordLock(window, 'kiosk_state');
}

// ---- recovery ----

export interface RecoveryOptions {
  /** Where to go after a crash: the attract screen, with no trace of the last customer. */
  homeUrl: string;
  /** First retry delay; doubles on each failure in a row. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A renderer that stayed up this long resets the backoff. */
  stableAfterMs?: number;
  /**
   * After this many failures within `giveUpWindowMs`, stop reloading and show
   * this static page ("out of order, please ask at the counter").
   */
  giveUp?: {
    url: string;
    failures?: number;
    windowMs?: number;
    /**
     * How long the out-of-order page stays before the app is tried again (default 30 min): a cause that
     * passes (low memory, a busy disk) must not leave the kiosk out of order until someone restarts it.
     */
    retryAfterMs?: number;
  };
  /** Told of every failure, for the health file IT reads. */
  onFailure?: (event: { reason: string; at: Date; gaveUp: boolean }) => void;
  log?: (message: string) => void;
}

/**
 * Reloads the home page when the renderer dies or hangs. Backoff keeps a
 * renderer that crashes on load from spinning the CPU; one pending recovery
 * at a time, so a hang (which we end by crashing the renderer) reloads once.
 */
export function recoverRenderer(contents: WebContents, options: RecoveryOptions): void {
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const stableAfter = options.stableAfterMs ?? 5 * 60_000;
  const log = options.log ?? ((message: string) => console.error(message));
  let failures = 0;
  let lastFailureAt = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let pendingForHang = false;
  const giveUpAfter = options.giveUp?.failures ?? 5;
  const giveUpWindow = options.giveUp?.windowMs ?? 5 * 60_000;
  const retryAfter = options.giveUp?.retryAfterMs ?? 30 * 60_000;
  const recentFailures: number[] = [];
  let gaveUp = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  // Set while we end a hung renderer ourselves: its 'render-process-gone' is
  // expected and already being handled by the reload that follows.
  let crashedByUs = false;

  /** A hung renderer does not process a navigation: end it first. */
  const endIfHung = function endIfHung(hang: boolean): void {
    // Already dead (it crashed while we waited): no second 'gone' will come.
    if (hang && !contents.isCrashed()) {
      crashedByUs = true;
      contents.forcefullyCrashRenderer();
    }
  };

  /** Out of order for `retryAfter`, then the app again, with a clean slate. */
  const retryLater = function retryLater(): void {
    if (retry !== undefined) clearTimeout(retry);
    retry = setTimeout(function tryAppAgain() {
      retry = undefined;
      if (contents.isDestroyed()) return;
      gaveUp = false;
      recentFailures.length = 0;
      failures = 0;
      log(`[kiosk] out of order for ${Math.round(retryAfter / 60_000)} min: trying the app again`);
      reloadHome();
    }, retryAfter);
  };

  /** Counts a failure; true when it is one too many and the out-of-order page is showing. */
  const countFailure = function countFailure(reason: string, now: number, hang: boolean): boolean {
    recentFailures.push(now);
    while (recentFailures.length > 0 && now - recentFailures[0]! > giveUpWindow) recentFailures.shift();
    if (options.giveUp && recentFailures.length >= giveUpAfter) {
      // A renderer that keeps dying will not be fixed by one more reload: say so on screen and stop trying.
      gaveUp = true;
      log(`[kiosk] renderer ${reason}; ${recentFailures.length} failures in ${Math.round(giveUpWindow / 60_000)} min: showing the out-of-order page`);
      options.onFailure?.({ reason, at: new Date(now), gaveUp: true });
      if (!contents.isDestroyed()) {
        endIfHung(hang);
        contents.loadURL(options.giveUp.url).catch(function logGiveUpFailure(err: unknown) {
          log(`[kiosk] could not show the out-of-order page: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
      retryLater();
      return true;
    }
    options.onFailure?.({ reason, at: new Date(now), gaveUp: false });
    return false;
  };

  const schedule = function scheduleRecovery(reason: string, recover: () => void): void {
    if (pending !== undefined || gaveUp) return;
    // A hang counts only if it lasts until the recovery runs: 'responsive' before then cancels it uncounted.
    const hang = reason === 'unresponsive';
    pendingForHang = hang;
    const now = Date.now();
    if (!hang && countFailure(reason, now, false)) return;
    if (now - lastFailureAt > stableAfter) failures = 0;
    const delay = Math.min(baseDelay * 2 ** failures, maxDelay);
    // The backoff grows with counted failures only: a hang that ended by itself leaves it as it was.
    const backOff = () => {
      lastFailureAt = now;
      failures += 1;
    };
    if (!hang) backOff();
    log(`[kiosk] renderer ${reason}; ${hang ? 'ending it and reloading' : 'reloading'} in ${delay} ms`);
    pending = setTimeout(function runRecovery() {
      pending = undefined;
      if (contents.isDestroyed()) return;
      if (hang) {
        if (countFailure(reason, Date.now(), true)) return;
        backOff();
      }
      recover();
    }, delay);
  };

  const reloadHome = function reloadHome(): void {
    contents.loadURL(options.homeUrl).catch(function logReloadFailure(err: unknown) {
      log(`[kiosk] reload failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  };

  // A page that loaded means the renderer we ended is long gone: should its 'render-process-gone' never
  // have come, the next real crash must not be taken for it.
  contents.on('did-finish-load', function clearOwnCrash() {
    crashedByUs = false;
  });
  contents.on('render-process-gone', function onRendererGone(_event, details) {
    if (crashedByUs) {
      crashedByUs = false;
      return;
    }
    // clean-exit: the window is closing or the app quitting; nothing to recover.
    if (details.reason === 'clean-exit') return;
    schedule(`gone (${details.reason})`, reloadHome);
  });
  contents.on('unresponsive', function onRendererHung() {
    // A hung renderer does not process a reload; end it first.
    // https://www.electronjs.org/docs/latest/api/web-contents#contentsforcefullycrashrenderer
    schedule('unresponsive', function crashAndReload() {
      endIfHung(true);
      reloadHome();
    });
  });
  // A page that did not load at all (index.html missing or unreadable) shows Chromium's error page,
  // which no tap can leave: retried like a crash, and counted towards giving up.
  contents.on('did-fail-load', function onLoadFailed(_event, errorCode, errorDescription, validatedURL, isMainFrame) {
    // -3 (ERR_ABORTED): a navigation replaced by another, not a failure.
    if (!isMainFrame || errorCode === -3) return;
    schedule(`did not load ${validatedURL} (${errorDescription})`, reloadHome);
  });
  // The page gives up by itself when its app does not start (renderer/src/lib/failed-start.ts): it
  // reloads, then goes to the out-of-order page without crashing, so nothing above hears of it. IT must.
  // Not when home is the out-of-order page itself (the store did not open): showing it is no give-up.
  const giveUpUrl = options.giveUp?.url;
  if (giveUpUrl !== undefined && giveUpUrl !== options.homeUrl) {
    contents.on('did-navigate', function onPageGaveUp(_event, url) {
      // Our own give-up has already been counted (and set gaveUp before it loaded the page).
      if (url !== giveUpUrl || gaveUp) return;
      gaveUp = true;
      log('[kiosk] the app did not start, even after reloading: the page shows the out-of-order page');
      options.onFailure?.({ reason: 'app did not start', at: new Date(), gaveUp: true });
      retryLater();
    });
  }
  contents.on('responsive', function onRendererBack() {
    // The hang was transient: cancel the pending crash-and-reload (not a crash's reload).
    if (pending !== undefined && pendingForHang) {
      clearTimeout(pending);
      pending = undefined;
    }
  });
  recordLock(contents, 'recovery');
}

/**
 * Every download is cancelled before it starts. A download opens the native Save As dialog, a file
 * browser on top of the kiosk: an `<a download>`, or a navigation to an app:// file the renderer
 * cannot show, would reach one.
 */
export function blockDownloads(session: Session): void {
  session.on('will-download', function cancelDownload(event) {
    event.preventDefault();
  });
  recordLock(session, 'downloads');
}

/**
 * No spell checker and no dictionary. The kiosk has no text field, yet on Linux and Windows Electron
 * downloads Hunspell dictionaries for the OS locale from Google's CDN in the browser process, where
 * blockForeignRequests may not see the request (electron/electron#22995); `spellcheck: false` on the
 * window alone has been reported not to stop it.
 */
export function turnOffSpellChecker(session: Session): void {
  session.setSpellCheckerEnabled(false);
  session.setSpellCheckerLanguages([]);
}

// ---- all together ----

export interface LockdownOptions extends RequestPolicy, RecoveryOptions {
  /** Display changes re-check kiosk mode (keepKioskState); electron's screen by default. */
  screen?: Pick<Screen, 'on'>;
}

/** Session-wide locks: once, before the first page loads. */
export function lockSession(session: Session, policy: RequestPolicy): void {
  denyAllPermissions(session);
  blockDownloads(session);
  blockForeignRequests(session, policy);
  turnOffSpellChecker(session);
}

/** Window-level locks for the kiosk window (navigation is locked app-wide in start-kiosk.ts). */
export function lockWindow(window: BrowserWindow, app: App, options: LockdownOptions): void {
  lockInput(window.webContents);
  lockClose(window, app);
  // Development runs (devtools allowed: main.ts, KIOSK_DEV=1 from a checkout) are left alone.
  // electron's screen is undefined only under the unit tests' fake electron module, which has none.
  keepKioskState(window, app, { enabled: !options.allowDevTools, screen: options.screen ?? electronScreen, log: options.log });
  recoverRenderer(window.webContents, options);
}
