/**
 * The order the shell starts in. Kept out of main.ts so the whole start-up,
 * including the out-of-order path, runs under the fake electron module in tests.
 */
import fs from 'node:fs';
import { app, BrowserWindow, Menu, session, type WebContents } from 'electron';
import { APP_HOME_URL, OUT_OF_ORDER_URL } from './app-origin';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { registerIpc } from './ipc';
import { lockNavigation, lockSession, lockWindow } from './lockdown';
import { kioskWindowOptions } from './window';
import { findNativeBinding, nativeBindingCandidates, runtimePaths } from './paths';
import { BACKUPS_DIR, openKioskStore, STORE_FILE } from './open-kiosk-store';
import { closeStore, isDamageError } from '../db/store';
import { isAdminConfigured } from '../db/pins';
import { adminPinLost } from '../db/store-recovery';
import { FONT_COVERAGE_FILE } from '../db/font-coverage';
import { prepareStoreAtStart, rollUpInBackground } from '../db/kiosk-startup';
import { scheduleNightlyBackup } from '../db/backup';
import { createElectronContext } from './handler-context';
import { startHealthWriter } from './health';
import { isSupervised, scheduleNightlyRestart } from './nightly-restart';
import { chromiumSwitches } from './chromium-switches';
import { STORE_CHECK_FILE, watchForStoreDamage } from './damage-restart';
import { handleCall, type StorageProblem } from './handlers';
import { readKioskSettings } from '../db/kiosk-settings';
import { NIGHTLY_RESTART_OFF } from '../db/settings';
import { sessionUnderWay } from '../db/sessions';
import { mainMemoryCap, type MemoryCapStatus } from './memory-cap';
import path from 'node:path';

export interface KioskOptions {
  /** Directory of the compiled main.js; everything else is found from it. */
  mainDir: string;
  /** No devtools, not even detached. */
  production: boolean;
  /** Where the reason for an out-of-order start goes; stderr by default. */
  log?: (message: string) => void;
}

/**
 * Runs the kiosk. Resolves with its window, or undefined when another
 * instance already owns the screen and this one quits.
 */
export async function runKiosk(options: KioskOptions): Promise<BrowserWindow | undefined> {
  // Read before anything appends switches: what the launcher started the main process with.
  const memoryCap = mainMemoryCap(app.commandLine);
  // Chromium fixes its scheme table at startup: this must precede 'ready'.
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  // Every renderer sandboxed, whatever a later window's options say.
  app.enableSandbox();
  for (const name of chromiumSwitches(process.platform)) app.commandLine.appendSwitch(name);
  Menu.setApplicationMenu(null);

  let window: BrowserWindow | undefined;
  app.on('second-instance', function focusExistingKiosk() {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  app.on('web-contents-created', function lockEveryWebContents(_event, contents: WebContents) {
    lockNavigation(contents);
  });
  app.on('window-all-closed', function quitWithLastWindow() {
    app.quit();
  });

  await app.whenReady();
  window = startKiosk(options, memoryCap);
  return window;
}

/** After 'ready': store, protocol, IPC, window, lockdown, in that order. */
/** The nightly restart keeps this far from a backup about to start. */
const BACKUP_CLEARANCE_MS = 2 * 60_000;

function startKiosk(options: KioskOptions, memoryCap: MemoryCapStatus): BrowserWindow {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  // Never a reason to stop: only memory is at stake. health.json and the self-test repeat it.
  if (!memoryCap.on) log(`[kiosk] ${memoryCap.detail}`);
  const paths = runtimePaths(options.mainDir);
  const nativeBinding = findNativeBinding(
    nativeBindingCandidates({
      appPath: app.getAppPath(),
      // Electron adds resourcesPath to process; absent under plain Node.
      resourcesPath: (process as { resourcesPath?: string }).resourcesPath ?? app.getAppPath(),
      isPackaged: app.isPackaged,
    }),
    fs.existsSync,
  );
  const storeInput = { userDataDir: app.getPath('userData'), nativeBinding, log };
  // A fleet drops provisioning.json (PIN hashes, pseudonym) next to the store: db/PROVISIONING.md.
  // The bank's content-pack keys (*.pem) go in pack-keys/ beside it: db/PACK-SIGNING.md.
  const startupOptions = {
    provisioningFile: path.join(app.getPath('userData'), 'provisioning.json'),
    packKeysDir: path.join(app.getPath('userData'), 'pack-keys'),
  };
  let store = openKioskStore(storeInput);
  let startup = store.ok ? prepareStoreAtStart(store.db, startupOptions) : null;
  if (store.ok && startup?.damaged && !store.fullCheck) {
    // Damage quick_check does not see (an index that no longer matches its table): check in full, recover, once.
    log(`[kiosk] a start-up step met damage in the store (${startup.problems.join('; ')}): checking it in full`);
    closeStore(store.db);
    store = openKioskStore({ ...storeInput, fullCheck: true });
    startup = store.ok ? prepareStoreAtStart(store.db, startupOptions) : null;
  }

  const devTools = !options.production;
  const requestPolicy = { allowDevTools: devTools };
  lockSession(session.defaultSession, requestPolicy);

  let homeUrl: string;
  let window: BrowserWindow | undefined;
  let onFailure: (event: { reason: string; at: Date; gaveUp: boolean }) => void;
  // A touch on the screen, for the restart that waits for a quiet kiosk; none when out of order.
  let onScreenInput: (() => void) | null = null;
  // Why the kiosk can only show the out-of-order page, or null.
  let outOfOrder: string | null = store.ok ? null : `cannot open the store at ${store.file}: ${store.reason}`;
  if (store.ok && startup !== null) {
    if (startup.abandonedSessions > 0) log(`[kiosk] closed ${startup.abandonedSessions} session(s) left open as abandoned`);
    for (const problem of startup.packKeys?.problems ?? []) log(`[kiosk] pack key skipped: ${problem}`);
    for (const problem of startup.problems) log(`[kiosk] start-up step failed: ${problem}`);
    // The first-start screen would let whoever stands at the kiosk choose the admin PIN the bank meant to set.
    if (startup.provisioningError !== null && !isAdminConfigured(store.db)) {
      outOfOrder = `the provisioning file could not be applied and no admin PIN is set (fix or remove provisioning.json, then restart): ${startup.provisioningError}`;
      closeStore(store.db);
    } else if (adminPinLost(store.db)) {
      outOfOrder = `a damaged store was replaced and its admin PIN could not be read, nor found in a nightly backup: set one with provisioning.json (db/PROVISIONING.md), or copy a backup over ${STORE_FILE}, then restart`;
      closeStore(store.db);
    }
  }
  if (store.ok && outOfOrder === null) {
    const db = store.db;
    const rollUp = function rollUpOldEvents(): void {
      rollUpInBackground(store.file, nativeBinding).catch(function logRetentionFailure(err: unknown) {
        log(`[kiosk] retention roll-up failed: ${err instanceof Error ? err.message : String(err)}`);
        // Damage only the roll-up reaches (old days no call reads) would otherwise wait for the next start,
        // and be copied into every nightly backup meanwhile. Always later than the definition below: a worker's answer.
        if (isDamageError(err)) reportStoreProblem({ code: String((err as { code: unknown }).code), method: 'the retention roll-up', at: new Date() });
      });
    };
    rollUp();
    // 03:00 local: the branch is closed. Seven nights kept, beside the store (docs: README, Store safety).
    const backups = scheduleNightlyBackup(db, path.join(app.getPath('userData'), BACKUPS_DIR), {
      hour: 3,
      onResult: function logBackupThenRollUp(outcome) {
        log(outcome.ok ? `[kiosk] nightly backup written: ${outcome.backup.file}` : `[kiosk] nightly backup failed: ${outcome.error.message}`);
        // A kiosk can run for weeks without a restart: the day's roll-up follows each night's backup, in a
        // worker, while the branch is closed (its short write transactions would otherwise delay a tap's log write).
        rollUp();
      },
    });
    app.on('will-quit', function stopBackups() {
      backups.cancel();
    });
    const health = startHealthWriter(db, store.file, path.join(app.getPath('userData'), 'health.json'), {
      log,
      memoryCap,
      storeCheck: store.storeCheck,
    });
    onFailure = health.recordFailure;
    app.on('will-quit', function stopHealthWriter() {
      health.stop();
    });
    // The static pages too: recovery falls back to out-of-order.html when the renderer keeps dying.
    const appRequest = serveAppProtocol(paths.rendererRoot, paths.staticRoot);
    // Nor while the nightly backup copies the store, or is due within a minute or two either way
    // (quitting closes the store under it, and the next start would wait for tomorrow's).
    const backupSoon = (now: Date): boolean => backups.running || Math.abs(backups.next.getTime() - now.getTime()) < BACKUP_CLEARANCE_MS;
    const restartKiosk = (): void => {
      if (!isSupervised((name) => app.commandLine.hasSwitch(name))) app.relaunch();
      app.quit();
    };
    const damage = watchForStoreDamage({
      checkFile: path.join(app.getPath('userData'), STORE_CHECK_FILE),
      // Not sessionUnderWay: the damage is often what kept the last session from ending, and it would then
      // count as under way for two hours. No touch and no call for the quiet time says nobody is there.
      isIdle: function nobodyAtTheDamagedKiosk(now) {
        return !context.tokens.anyLive(now) && !backupSoon(now);
      },
      restart: restartKiosk,
      log,
    });
    app.on('will-quit', function stopWatchingForDamage() {
      damage.cancel();
    });
    // What the store refused, from a call or the roll-up: IT reads it in health.json; damage restarts the kiosk.
    const reportStoreProblem = function storeRefused(problem: StorageProblem): void {
      health.recordStoreProblem(problem);
      damage.noteProblem(problem);
    };
    const context = createElectronContext({
      db,
      dbFile: store.file,
      nativeBinding,
      window: () => window,
      appRequest,
      requestPolicy,
      memoryCap,
      fontCoverageFile: path.join(paths.rendererRoot, FONT_COVERAGE_FILE),
      onStorageProblem: reportStoreProblem,
    });
    onScreenInput = damage.noteActivity;
    registerIpc(context, async function callFromTheScreen(ctx, method, arg) {
      damage.noteActivity();
      try {
        return await handleCall(ctx, method, arg);
      } finally {
        // An export or a pack import can take minutes: quiet is counted from when a call ends.
        damage.noteActivity();
        // Someone trying PINs shows in the journal as each lockout starts, not at the next minute's look.
        if (method === 'unlock') health.notePinLockouts();
      }
    });
    const restart = scheduleNightlyRestart({
      hour: function configuredRestartHour() {
        const hour = readKioskSettings(db).nightlyRestartHour;
        return hour === NIGHTLY_RESTART_OFF ? null : hour;
      },
      isIdle: function nobodyAtTheScreen() {
        const now = new Date();
        // Checked again each minute.
        return !sessionUnderWay(db, now) && !context.tokens.anyLive(now) && !backupSoon(now);
      },
      restart: restartKiosk,
      startedAt: new Date(),
      log,
    });
    app.on('will-quit', function stopNightlyRestart() {
      restart.cancel();
    });
    app.on('will-quit', function closeKioskStore() {
      closeStore(db);
    });
    homeUrl = APP_HOME_URL;
  } else {
    // Set above whenever this branch runs: no store, or a provisioning file that left no admin PIN.
    const reason = outOfOrder!;
    // Only the static page is served, and no IPC is registered: nothing can reach the core.
    log(`[kiosk] out of order: ${reason}`);
    serveAppProtocol(paths.staticRoot);
    homeUrl = OUT_OF_ORDER_URL;
    // IT reads why in health.json too, not a stale file from the last good run.
    const health = startHealthWriter(null, store.file, path.join(app.getPath('userData'), 'health.json'), {
      log,
      memoryCap,
      outOfOrder: reason,
    });
    onFailure = health.recordFailure;
    app.on('will-quit', function stopHealthWriter() {
      health.stop();
    });
  }

  // Electronegativity reads webPreferences only from an object literal at this call, so it flags all three below.
  // electronegativity: CONTEXT_ISOLATION_JS_CHECK — kioskWindowOptions() (window.ts) sets contextIsolation: true; window.test.ts asserts it.
  // electronegativity: SANDBOX_JS_CHECK — kioskWindowOptions() sets sandbox: true (window.test.ts), and app.enableSandbox() above sandboxes every renderer whatever its options.
  // electronegativity: AUXCLICK_JS_CHECK — middle-click stays enabled but can only ask for a new window or a navigation: lockNavigation() (lockdown.ts, on every WebContents) denies every window and keeps navigation on app://kiosk; a touch screen has no middle button.
  window = new BrowserWindow(kioskWindowOptions({ preloadPath: paths.preload, production: options.production }));
  if (onScreenInput !== null) window.webContents.on('input-event', onScreenInput);
  lockWindow(window, app, {
    homeUrl,
    allowDevTools: devTools,
    log,
    giveUp: { url: OUT_OF_ORDER_URL, failures: 5, windowMs: 5 * 60_000 },
    onFailure,
  });
  window.once('ready-to-show', function showWhenPainted() {
    window.show();
  });
  window.loadURL(homeUrl).catch(function logLoadFailure(err: unknown) {
    // Typically out/renderer was not built; the recovery loop retries.
    log(`[kiosk] could not load ${homeUrl}: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (devTools) window.webContents.openDevTools({ mode: 'detach' });
  return window;
}
