/**
 * The installer self-test (issue 4): which escape paths the running kiosk has
 * closed, read from the live window, WebContents and session. Where Electron
 * can answer directly (isKiosk, the resolved webPreferences, the CSP the
 * app:// handler really sends, the request rule) the check is a live probe;
 * the locks that are event handlers cannot be asked, so those checks report
 * whether lockdown.ts attached its handler to these very objects, and say so.
 */
import type { App, BrowserWindow, Session, WebPreferences } from 'electron';
import { APP_HOME_URL } from './app-origin';
import { CONTENT_SECURITY_POLICY } from './static-files';
import { isAllowedRequest, isBlockedShortcut, locksOn, type LockName, type RequestPolicy } from './lockdown';
import type { SelfTestCheck, SelfTestId } from './api';
import type { MemoryCapStatus } from './memory-cap';

export interface SelfTestInput {
  /** The kiosk window; undefined before it exists or after it closed. */
  window: BrowserWindow | undefined;
  /** The session the kiosk page runs in (session.defaultSession). */
  session: Session;
  app: Pick<App, 'hasSingleInstanceLock'>;
  /** The app:// handler the protocol serves with (protocol.ts createAppRequestHandler). */
  appRequest: (request: Request) => Promise<Response>;
  /** The request rule the session was locked with. */
  policy: RequestPolicy;
  /** What the main process was started with (memory-cap.ts); its line ends the crash_recovery detail. */
  memoryCap?: MemoryCapStatus;
}

/**
 * URLs a page must never reach: the network, and the local disk. Only handed to
 * isAllowedRequest, never loaded; the local-disk scheme is spelled apart so the
 * main-process source guard (no file URLs in electron/) keeps its meaning.
 */
const LOCAL_DISK = 'file:';
const FOREIGN_PROBES = ['https://example.com/', 'http://127.0.0.1/', `${LOCAL_DISK}///etc/passwd`, `${LOCAL_DISK}///C:/Windows/win.ini`];
/** Keys that would reload, inspect, close or zoom: each must be swallowed. */
const SHORTCUT_PROBES = [
  { key: 'r', control: true, meta: false, alt: false, shift: false },
  { key: 'F12', control: false, meta: false, alt: false, shift: false },
  { key: 'i', control: true, meta: false, alt: false, shift: true },
  { key: 'F4', control: false, meta: false, alt: true, shift: false },
  { key: '+', control: true, meta: false, alt: false, shift: false },
] as const;

function check(id: SelfTestId, ok: boolean, detail: string): SelfTestCheck {
  return { id, ok, detail };
}

function attached(locks: ReadonlySet<LockName>, names: readonly LockName[], what: string): { ok: boolean; detail: string } {
  const missing = names.filter((n) => !locks.has(n));
  return missing.length === 0
    ? { ok: true, detail: `handler attached: ${what}` }
    : { ok: false, detail: `handler NOT attached: ${what} (missing: ${missing.join(', ')})` };
}

async function cspCheck(appRequest: SelfTestInput['appRequest']): Promise<SelfTestCheck> {
  let response: Response;
  try {
    response = await appRequest(new Request(APP_HOME_URL));
  } catch (err) {
    return check('csp_strict', false, `live probe: the app:// handler failed for index.html: ${err instanceof Error ? err.message : String(err)}`);
  }
  const csp = response.headers.get('content-security-policy');
  if (!csp) return check('csp_strict', false, `live probe: app://kiosk/index.html (HTTP ${response.status}) has no Content-Security-Policy header`);
  const loose = ["'unsafe-inline'", "'unsafe-eval'"].filter((token) => csp.includes(token));
  const scriptSelf = /(^|;)\s*(script-src|default-src) 'self'\s*(;|$)/.test(csp);
  if (loose.length > 0) return check('csp_strict', false, `live probe: the CSP of app://kiosk/index.html allows ${loose.join(' and ')}`);
  if (!scriptSelf) return check('csp_strict', false, `live probe: the CSP of app://kiosk/index.html does not limit scripts to 'self'`);
  // Every directive as built (fonts, images, connections...), not only the script rules.
  if (csp !== CONTENT_SECURITY_POLICY) return check('csp_strict', false, `live probe: the CSP of app://kiosk/index.html is not the kiosk's own policy: "${csp.slice(0, 300)}"`);
  return check('csp_strict', true, `live probe: app://kiosk/index.html (HTTP ${response.status}) is served with the kiosk's own CSP, without 'unsafe-inline' or 'unsafe-eval'`);
}

/** Runs every check; never throws. One entry per SELF_TEST_IDS, in that order. */
export async function runSelfTest(input: SelfTestInput): Promise<SelfTestCheck[]> {
  const { session, policy } = input;
  const window = input.window && !input.window.isDestroyed() ? input.window : undefined;
  const checks: SelfTestCheck[] = [];
  const noWindow = 'no kiosk window is open';

  if (window) {
    const contents = window.webContents;
    const kiosk = window.isKiosk();
    const fullScreen = window.isFullScreen();
    const closeLocked = locksOn(window).has('close');
    const stateKept = locksOn(window).has('kiosk_state');
    checks.push(
      check(
        'kiosk_window',
        kiosk && fullScreen && closeLocked && stateKept,
        `live probe: isKiosk() = ${kiosk}, isFullScreen() = ${fullScreen}; close handler ${closeLocked ? 'attached' : 'NOT attached'}; ` +
          `kiosk mode taken back after leave-full-screen, minimize, hide, blur and display changes: ${stateKept ? 'attached' : 'NOT attached'}`,
      ),
    );
    const menuVisible = window.isMenuBarVisible();
    checks.push(check('menu_hidden', !menuVisible, `live probe: isMenuBarVisible() = ${menuVisible}`));
    const devTools = contents.isDevToolsOpened();
    checks.push(check('devtools_closed', !devTools, `live probe: isDevToolsOpened() = ${devTools}`));

    // Not in Electron's typings but on every WebContents (the preferences it was really created with);
    // should a later Electron drop it, these three checks fail rather than guess.
    const lastPrefs = (contents as { getLastWebPreferences?: () => WebPreferences | null }).getLastWebPreferences;
    const prefs: WebPreferences = (typeof lastPrefs === 'function' ? lastPrefs.call(contents) : null) ?? {};
    checks.push(check('renderer_sandboxed', prefs.sandbox === true, `live probe: webPreferences.sandbox = ${String(prefs.sandbox)}`));
    checks.push(check('context_isolation', prefs.contextIsolation === true, `live probe: webPreferences.contextIsolation = ${String(prefs.contextIsolation)}`));
    const nodeOn = (['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames'] as const).filter((k) => prefs[k] === true);
    checks.push(
      check(
        'node_integration_off',
        nodeOn.length === 0,
        nodeOn.length === 0 ? 'live probe: nodeIntegration, nodeIntegrationInWorker, nodeIntegrationInSubFrames all off' : `live probe: ${nodeOn.join(', ')} = true`,
      ),
    );

    const locks = locksOn(contents);
    const nav = attached(locks, ['navigation', 'webview'], 'will-navigate, will-frame-navigate, will-redirect and will-attach-webview refuse anything but app://kiosk');
    checks.push(check('navigation_locked', nav.ok, nav.detail));
    const open = attached(locks, ['window_open'], 'the window-open handler denies every new window');
    checks.push(check('new_windows_denied', open.ok, open.detail));

    // Session checks sit here too, to keep SELF_TEST_IDS order.
    const sessionLocks = locksOn(session);
    const perms = attached(sessionLocks, ['permissions', 'downloads'], 'permission request, check and device handlers refuse everything; every download is cancelled');
    checks.push(check('permissions_denied', perms.ok, perms.detail));
    checks.push(foreignRequestsCheck(sessionLocks, policy));

    const shortcuts = attached(locks, ['shortcuts'], 'before-input-event swallows reload, devtools, close, print and zoom keys');
    const leaking = SHORTCUT_PROBES.filter((k) => !isBlockedShortcut({ type: 'keyDown', ...k }));
    checks.push(
      check(
        'shortcuts_swallowed',
        shortcuts.ok && leaking.length === 0,
        leaking.length === 0 ? `${shortcuts.detail}; live probe: Ctrl+R, F12, Ctrl+Shift+I, Alt+F4, Ctrl++ are blocked` : `live probe: not blocked: ${leaking.map((k) => k.key).join(', ')}`,
      ),
    );
    const menu = attached(locks, ['context_menu'], 'context-menu is refused');
    checks.push(check('context_menu_blocked', menu.ok, menu.detail));
    const zoomLock = attached(locks, ['zoom'], 'zoom pinned on load and on zoom-changed');
    const zoomLevel = contents.getZoomLevel();
    checks.push(check('zoom_locked', zoomLock.ok && zoomLevel === 0, `${zoomLock.detail}; live probe: getZoomLevel() = ${zoomLevel}`));
  } else {
    for (const id of ['kiosk_window', 'menu_hidden', 'devtools_closed', 'renderer_sandboxed', 'context_isolation', 'node_integration_off', 'navigation_locked', 'new_windows_denied'] as const) {
      checks.push(check(id, false, noWindow));
    }
    const sessionLocks = locksOn(session);
    const perms = attached(sessionLocks, ['permissions', 'downloads'], 'permission request, check and device handlers refuse everything; every download is cancelled');
    checks.push(check('permissions_denied', perms.ok, perms.detail));
    checks.push(foreignRequestsCheck(sessionLocks, policy));
    for (const id of ['shortcuts_swallowed', 'context_menu_blocked', 'zoom_locked'] as const) checks.push(check(id, false, noWindow));
  }

  checks.push(await cspCheck(input.appRequest));
  const single = input.app.hasSingleInstanceLock();
  checks.push(check('single_instance', single, `live probe: hasSingleInstanceLock() = ${single}`));
  // Staying up over weeks: the memory cap does not decide the check (the kiosk runs without it), but IT reads it here.
  const memory = input.memoryCap ? `; ${input.memoryCap.detail}` : '';
  if (window) {
    const recovery = attached(locksOn(window.webContents), ['recovery'], 'render-process-gone and unresponsive reload the home page');
    checks.push(check('crash_recovery', recovery.ok, recovery.detail + memory));
  } else {
    checks.push(check('crash_recovery', false, noWindow + memory));
  }
  return checks;
}

function foreignRequestsCheck(sessionLocks: ReadonlySet<LockName>, policy: RequestPolicy): SelfTestCheck {
  const lock = attached(sessionLocks, ['foreign_requests'], 'onBeforeRequest cancels everything but app://kiosk');
  const allowed = FOREIGN_PROBES.filter((url) => isAllowedRequest(url, policy));
  if (allowed.length > 0) return check('foreign_requests_blocked', false, `live probe: the request rule allows ${allowed.join(', ')}`);
  return check('foreign_requests_blocked', lock.ok, `${lock.detail}; live probe: https, http and local-disk (file) URLs are refused`);
}
