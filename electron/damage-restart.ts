/**
 * Damage SQLite meets while the kiosk runs (SQLITE_CORRUPT from a tap's
 * write, typically an index that no longer matches its table) is mended only
 * at a start, where openKioskStore checks the file and recovers it
 * (db/store-recovery.ts). With the nightly restart off, a kiosk could run on
 * a damaged store for weeks, every session write refused. So the shell
 * restarts itself once nobody has used it for a while, and leaves a note
 * (store-check.json beside the store) that makes the next start run the full
 * `integrity_check`: the quick_check of every start does not compare indexes
 * with their tables, which is where such damage usually is.
 *
 * At most once a day: damage that comes back within hours, or that the full
 * check does not find, is something a restart cannot mend (a failing disk,
 * say), and restarting again and again would only keep interrupting the
 * branch; the next restart waits for the day to pass. health.json says
 * storeProblem and storeCheck meanwhile. "Nobody has used it" is no touch on
 * the screen and no call from it: the screen makes no calls at all once a
 * session could not be started in a damaged store.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { isDamageError } from '../db/store';
import { writeJsonFile } from './json-file';
import type { StorageProblem } from './handlers';

/** Beside the store, in userData. */
export const STORE_CHECK_FILE = 'store-check.json';

/**
 * How long nobody must have used the kiosk: the longest idle timeout an admin can set (600 s), so a
 * customer reading slowly is back at the start screen, with time for its "still there?" question.
 */
export const QUIET_MS = 11 * 60_000;
/** A restart for damage is not repeated within a day of the last one. */
export const MIN_GAP_MS = 24 * 3600_000;
export const CHECK_EVERY_MS = 30_000;

const storeCheckSchema = z.object({
  /** When the kiosk restarted itself for the damage. */
  requestedAt: z.iso.datetime(),
  /** SQLite's code and the API method that met it. */
  reason: z.string(),
  /** When the next start ran the full check; null until then. */
  checkedAt: z.iso.datetime().nullable(),
  /** What that check found: null until then, 'sound', or what it moved aside and why. */
  found: z.string().nullable(),
});
export type StoreCheck = z.infer<typeof storeCheckSchema>;

/** The note, or null when there is none or it cannot be read (then it asks for nothing). */
export function readStoreCheck(file: string): StoreCheck | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = storeCheckSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Throws on a full disk (json-file.ts). */
export function writeStoreCheck(file: string, check: StoreCheck): void {
  writeJsonFile(file, storeCheckSchema.parse(check));
}

/** Whether the start should run the full check: the last run restarted for damage, and no start has checked since. */
export function fullCheckRequested(check: StoreCheck | null): boolean {
  return check !== null && check.checkedAt === null;
}

export interface DamageRestartOptions {
  /** Where the note for the next start goes. */
  checkFile: string;
  /** Nothing else holds the restart (no staff or admin unlocked, no backup due); the quiet time is checked here. */
  isIdle: (now: Date) => boolean;
  /** Restarts the app. Called at most once. */
  restart: () => void;
  now?: () => Date;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  log?: (message: string) => void;
}

export interface DamageRestart {
  /** A call the store refused: damage starts the wait for a quiet kiosk; a full or read-only disk does not. */
  noteProblem(problem: StorageProblem): void;
  /** Someone is using the kiosk: a touch on the screen, a call from it. */
  noteActivity(): void;
  cancel(): void;
}

/** When the last restart for damage allows the next one; a note from the future (a clock that jumped back) allows it now. */
function nextAllowed(previous: StoreCheck | null, at: Date): number {
  if (previous === null) return -Infinity;
  const last = Date.parse(previous.requestedAt);
  return last > at.getTime() ? -Infinity : last + MIN_GAP_MS;
}

export function watchForStoreDamage(options: DamageRestartOptions): DamageRestart {
  const now = options.now ?? (() => new Date());
  // unref'd: a pending check never keeps a process alive on its own.
  const setTimer = options.setInterval ?? ((run: () => void, ms: number) => setInterval(run, ms).unref());
  const clearTimer = options.clearInterval ?? ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>));
  const log = options.log ?? (() => undefined);
  let lastActivity = now().getTime();
  let reason: string | null = null;
  let handle: unknown = null;
  let settled = false;
  let saidNoteFailed = false;

  const checkQuiet = function restartWhenQuiet(): void {
    if (settled || reason === null) return;
    const at = now();
    if (at.getTime() - lastActivity < QUIET_MS) return;
    // Read again at each check: the note is the only memory of the last restart that survives it.
    if (at.getTime() < nextAllowed(readStoreCheck(options.checkFile), at)) return;
    let idle: boolean;
    try {
      idle = options.isIdle(at);
    } catch (err) {
      log(`[kiosk] restart for store damage: idle check failed, trying again: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!idle) return;
    try {
      writeStoreCheck(options.checkFile, { requestedAt: at.toISOString(), reason, checkedAt: null, found: null });
    } catch (err) {
      // Without the note, the next start's quick_check may not see the damage and nothing would stop the
      // next restart either: a loop. A folder that cannot take a small file is for IT; keep serving help.
      if (!saidNoteFailed) {
        saidNoteFailed = true;
        log(`[kiosk] not restarting for the damaged store: could not write ${options.checkFile} (${err instanceof Error ? err.message : String(err)}); trying again each minute`);
      }
      return;
    }
    settled = true;
    clearTimer(handle);
    log(`[kiosk] restarting to recover the damaged store (${reason})`);
    options.restart();
  };

  return {
    noteProblem(problem) {
      if (settled || reason !== null || !isDamageError({ code: problem.code })) return;
      reason = `${problem.code} from ${problem.method} at ${problem.at.toISOString()}`;
      const at = now();
      const previous = readStoreCheck(options.checkFile);
      const allowed = nextAllowed(previous, at);
      const notBefore =
        at.getTime() < allowed
          ? `, and not before ${new Date(allowed).toISOString()}: it last restarted for damage at ${previous?.requestedAt} ` +
            `(the check then found: ${previous?.found ?? 'not run yet'}). Damage again so soon suggests the disk: plan to replace it, ` +
            'or copy a nightly backup over the store'
          : '';
      log(`[kiosk] the store is damaged (${problem.code} from ${problem.method}): the kiosk restarts to recover it once nobody has used it for ${QUIET_MS / 60_000} minutes${notBefore}`);
      handle = setTimer(checkQuiet, CHECK_EVERY_MS);
    },
    noteActivity() {
      lastActivity = now().getTime();
    },
    cancel() {
      settled = true;
      if (handle !== null) clearTimer(handle);
    },
  };
}
