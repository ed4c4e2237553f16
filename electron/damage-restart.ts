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
 * At most once a day: when the full check finds nothing, a restart cannot mend
 * what is wrong (a failing disk, say), and restarting again would only keep
 * interrupting the branch. health.json keeps saying storeProblem and storeCheck.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { isDamageError } from '../db/store';
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

/** Written to a temporary name, then renamed: a power cut leaves the old note or the new one. Throws on a full disk. */
export function writeStoreCheck(file: string, check: StoreCheck): void {
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(storeCheckSchema.parse(check), null, 2)}\n`);
  fs.renameSync(partial, file);
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
  /** Any call from the screen: someone is using the kiosk. */
  noteActivity(): void;
  cancel(): void;
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

  const checkQuiet = function restartWhenQuiet(): void {
    if (settled || reason === null) return;
    const at = now();
    if (at.getTime() - lastActivity < QUIET_MS) return;
    let idle: boolean;
    try {
      idle = options.isIdle(at);
    } catch (err) {
      log(`[kiosk] restart for store damage: idle check failed, trying again: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!idle) return;
    settled = true;
    clearTimer(handle);
    try {
      writeStoreCheck(options.checkFile, { requestedAt: at.toISOString(), reason, checkedAt: null, found: null });
    } catch (err) {
      // The start's quick_check still runs; only the index comparison is lost.
      log(`[kiosk] could not write ${options.checkFile} (the next start runs only its quick check): ${err instanceof Error ? err.message : String(err)}`);
    }
    log(`[kiosk] restarting to recover the damaged store (${reason})`);
    options.restart();
  };

  return {
    noteProblem(problem) {
      if (settled || reason !== null || !isDamageError({ code: problem.code })) return;
      const previous = readStoreCheck(options.checkFile);
      if (previous !== null && now().getTime() - Date.parse(previous.requestedAt) < MIN_GAP_MS) {
        settled = true;
        log(
          `[kiosk] the store is damaged again (${problem.code} from ${problem.method}) within a day of restarting for it ` +
            `(${previous.requestedAt}; the check found: ${previous.found ?? 'not run yet'}): not restarting again. ` +
            'Help is still served; session logging is paused. Replace the disk, or copy a nightly backup over the store.',
        );
        return;
      }
      reason = `${problem.code} from ${problem.method} at ${problem.at.toISOString()}`;
      log(`[kiosk] the store is damaged (${problem.code} from ${problem.method}): the kiosk restarts to recover it once nobody has used it for ${QUIET_MS / 60_000} minutes`);
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
