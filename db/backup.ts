/**
 * Nightly backups of the store (issue 4, "Store safety"): one file per night,
 * `kiosk-YYYY-MM-DD.db` (the kiosk's local date, the night branch IT would
 * look for), the newest `keep` kept.
 *
 * SQLite's online backup API (better-sqlite3's `db.backup()`) copies a
 * consistent snapshot while the kiosk keeps logging: it copies 100 pages per
 * step and yields to the event loop between steps, so the main process is
 * never held for more than a step (DESIGN.md: 50 ms). Writes made through the
 * same connection during the copy are carried into it.
 *
 * A copy is written as `<name>.partial` and renamed when complete, so a power
 * cut mid-copy never leaves a file that looks like a good backup.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { removeStoreFiles } from './store-files';

export const DEFAULT_KEEP = 7;
const BACKUP_FILE = /^kiosk-\d{4}-\d{2}-\d{2}\.db$/;
const PARTIAL_FILE = /^kiosk-\d{4}-\d{2}-\d{2}\.db\.partial(-journal|-wal|-shm)?$/;
/** Longest single wait: a clock set forward or back (NTP, a dead RTC battery) is noticed within the hour. */
export const MAX_WAIT_MS = 3600_000;

export interface BackupOptions {
  /** How many nightly files to keep, newest first. Default 7. */
  keep?: number;
  /** Same as openStore's: the native module built for Electron's ABI. */
  nativeBinding?: string;
}

export interface BackupResult {
  /** The backup just written. */
  file: string;
  pages: number;
  /** Older backups removed to keep `keep`. */
  removed: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `kiosk-2026-11-20.db` for any time on the 20th, kiosk local time. */
export function backupFileName(now: Date): string {
  return `kiosk-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.db`;
}

function assertKeep(keep: number): void {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a whole number of at least 1, got ${keep}.`);
}

/**
 * Copies the store into `dir` as tonight's file (replacing an earlier copy of
 * the same night), then removes all but the newest `keep` nightly files.
 */
export async function backupStore(db: Database.Database, dir: string, now: Date, options: BackupOptions = {}): Promise<BackupResult> {
  const keep = options.keep ?? DEFAULT_KEEP;
  assertKeep(keep);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, backupFileName(now));
  const partial = `${file}.partial`;
  removeStoreFiles(partial);
  let pages: number;
  try {
    pages = (await db.backup(partial)).totalPages;
    // The copy inherits WAL mode from the store; a rollback journal makes it one self-contained file
    // that stays one file when opened (a WAL-mode file grows -wal and -shm beside it).
    const copy = new Database(partial, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
  } catch (err) {
    removeStoreFiles(partial);
    throw err;
  }
  renameSync(partial, file);
  // A copy of the same night made earlier by an older run may have left these.
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  return { file, pages, removed: prune(dir, keep, basename(file)) };
}

/**
 * Removes nightly files beyond the newest `keep`, and leftovers of copies a power cut interrupted.
 * `written`, tonight's file, always stays and counts as the newest: with the clock set back (a dead
 * RTC battery) its name sorts oldest, and it would otherwise be deleted the moment it was made.
 */
function prune(dir: string, keep: number, written: string): string[] {
  for (const name of readdirSync(dir)) if (PARTIAL_FILE.test(name)) rmSync(join(dir, name), { force: true });
  const backups = [written, ...nightlyBackups(dir).filter((n) => n !== written)];
  const removed: string[] = [];
  for (const name of backups.slice(keep)) {
    removeStoreFiles(join(dir, name));
    removed.push(join(dir, name));
  }
  return removed;
}

/** The nightly files in `dir`, newest first (the date in the name sorts as text); none when there is no such folder. */
export function nightlyBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => BACKUP_FILE.test(n))
    .sort()
    .reverse();
}

/** The first `hour`:00 (kiosk local time) strictly after `now`. */
export function nextBackupTime(now: Date, hour: number): Date {
  const next = new Date(now.getTime());
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) {
    // setDate, then setHours again: a day is not always 24 hours (daylight saving).
    next.setDate(next.getDate() + 1);
    next.setHours(hour, 0, 0, 0);
  }
  return next;
}

export type NightlyBackupOutcome = { ok: true; backup: BackupResult } | { ok: false; error: Error };

export interface NightlyBackupOptions extends BackupOptions {
  /** Local hour of the night to back up at, 0-23 (e.g. 3: the branch is closed). */
  hour: number;
  now?: () => Date;
  setTimeout?: (run: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Each night's outcome, for the shell's log. A failure (a full disk) does not stop the schedule. */
  onResult?: (outcome: NightlyBackupOutcome) => void;
}

export interface NightlyBackup {
  /** When the next backup is due. */
  readonly next: Date;
  /** A backup is being written now: the nightly restart waits for it (quitting would close the store under it). */
  readonly running: boolean;
  cancel(): void;
}

/**
 * Backs the store up every night at `hour`. Timers are injected so the shell
 * passes the real ones and a test drives a simulated clock. Never throws
 * from a timer: every outcome goes to `onResult`.
 */
export function scheduleNightlyBackup(db: Database.Database, dir: string, options: NightlyBackupOptions): NightlyBackup {
  const { hour } = options;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be a whole hour 0-23, got ${hour}.`);
  assertKeep(options.keep ?? DEFAULT_KEEP);
  const now = options.now ?? (() => new Date());
  // The real timer is unref'd: a pending backup never keeps a process (the harness, a CLI) alive on its own.
  const setTimer = options.setTimeout ?? ((run: () => void, ms: number) => setTimeout(run, ms).unref());
  const clearTimer = options.clearTimeout ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const report = options.onResult ?? (() => undefined);

  let next = nextBackupTime(now(), hour);
  let handle: unknown;
  let cancelled = false;
  let running = false;

  const arm = (): void => {
    if (cancelled) return;
    handle = setTimer(tick, Math.max(0, Math.min(MAX_WAIT_MS, next.getTime() - now().getTime())));
  };

  function tick(): void {
    if (cancelled) return;
    const at = now();
    if (at.getTime() < next.getTime()) {
      // Woke early (the wait is capped, or the clock moved back): the night's time may have moved.
      next = nextBackupTime(at, hour);
      arm();
      return;
    }
    const due = next;
    // From the later of the clock and the due time: a timer that fires a hair early must not back up twice.
    next = nextBackupTime(new Date(Math.max(at.getTime(), due.getTime())), hour);
    running = true;
    backupStore(db, dir, at, {
      ...(options.keep === undefined ? {} : { keep: options.keep }),
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    })
      .then(
        (backup) => report({ ok: true, backup }),
        (err: unknown) => report({ ok: false, error: err instanceof Error ? err : new Error(String(err)) }),
      )
      .catch(() => undefined) // a throwing onResult must not become an unhandled rejection
      .finally(() => {
        running = false;
        arm();
      });
  }

  arm();
  return {
    get next() {
      return next;
    },
    get running() {
      return running;
    },
    cancel() {
      cancelled = true;
      if (handle !== undefined) clearTimer(handle);
    },
  };
}
