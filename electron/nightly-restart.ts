/**
 * The optional nightly restart window (issue 4). A kiosk can run for weeks;
 * a restart while the branch is closed starts each day from a fresh process,
 * whatever Chromium or a driver accumulated. The admin picks the hour (or
 * off) in Settings; the restart happens in that hour only when nobody is
 * using the screen, and at most once per run.
 *
 * A check once a minute rather than one long timer: the admin can change the
 * hour at any time, and a kiosk's clock can jump (NTP after a power cut,
 * daylight saving); a minute's poll follows both without recomputing anything.
 */

/** A fresh process is not restarted again in the same window (or right after boot). */
export const MIN_UPTIME_MS = 6 * 3600_000;
export const CHECK_EVERY_MS = 60_000;

/**
 * The command-line switch (without its dashes) that says a supervisor starts
 * the app again when it exits: kiosk-xsession under the systemd unit, Shell
 * Launcher, Assigned Access. Then the restart only exits; without it the app
 * starts its successor itself (app.relaunch), which under a supervisor would
 * put two copies in a fight for the single-instance lock.
 */
export const SUPERVISED_SWITCH = 'supervised';

/**
 * Only the launcher can say so. Not guessed from systemd's INVOCATION_ID: a
 * terminal that is itself a systemd user service passes it to everything
 * started there, and a kiosk started by hand would then exit and stay gone.
 * A systemd unit that starts the app without the switch is still safe: when
 * the app exits, systemd stops what is left in the unit, successor included,
 * and starts the unit again.
 */
export function isSupervised(hasSwitch: (name: string) => boolean): boolean {
  return hasSwitch(SUPERVISED_SWITCH);
}

export interface NightlyRestartOptions {
  /** The configured local hour 0-23, or null when the window is off. Read at every check. */
  hour: () => number | null;
  /** True when no customer session is under way and no staff or admin screen is open. */
  isIdle: () => boolean;
  /** Restarts the app. Called at most once. */
  restart: () => void;
  /** When this process started. */
  startedAt: Date;
  now?: () => Date;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  log?: (message: string) => void;
}

export interface NightlyRestart {
  /** Stops checking (the app is quitting). */
  cancel(): void;
}

/** Why the check did not restart, or 'restart'. Exported for the tests' and the log's sake. */
export type RestartDecision = 'off' | 'outside_window' | 'just_started' | 'in_use' | 'restart';

export function decideRestart(at: Date, hour: number | null, startedAt: Date, idle: () => boolean): RestartDecision {
  if (hour === null) return 'off';
  if (at.getHours() !== hour) return 'outside_window';
  // A clock that moved back before the start counts as "just started": never restart on a confused clock.
  const uptime = at.getTime() - startedAt.getTime();
  if (!(uptime >= MIN_UPTIME_MS)) return 'just_started';
  return idle() ? 'restart' : 'in_use';
}

export function scheduleNightlyRestart(options: NightlyRestartOptions): NightlyRestart {
  const now = options.now ?? (() => new Date());
  // unref'd: a pending check never keeps a process alive on its own.
  const setTimer = options.setInterval ?? ((run: () => void, ms: number) => setInterval(run, ms).unref());
  const clearTimer = options.clearInterval ?? ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>));
  const log = options.log ?? (() => undefined);
  let done = false;
  let reportedInUse = false;

  const handle = setTimer(function checkRestartWindow() {
    if (done) return;
    let decision: RestartDecision;
    try {
      decision = decideRestart(now(), options.hour(), options.startedAt, options.isIdle);
    } catch (err) {
      // A store that cannot be read (full disk, locked) must not stop the kiosk: skip this minute.
      log(`[kiosk] nightly restart check failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (decision === 'in_use' && !reportedInUse) {
      reportedInUse = true;
      log('[kiosk] nightly restart waiting: the kiosk is in use');
    }
    if (decision === 'outside_window') reportedInUse = false;
    if (decision !== 'restart') return;
    done = true;
    clearTimer(handle);
    log('[kiosk] nightly restart');
    options.restart();
  }, CHECK_EVERY_MS);

  return {
    cancel() {
      done = true;
      clearTimer(handle);
    },
  };
}
