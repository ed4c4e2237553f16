/**
 * Opens the kiosk's SQLite store with the settings a kiosk that loses power
 * needs, and brings its schema up to date.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

export interface OpenStoreOptions {
  /** Path to a better-sqlite3 native module built for another ABI (Electron). */
  nativeBinding?: string;
  /**
   * Check an existing file first, over a read-only connection, so nothing is
   * written into a damaged file, not even the WAL checkpoint a closing
   * connection makes (store-recovery.ts moves it aside instead). 'quick' is
   * `PRAGMA quick_check`, O(size of the file), which the kiosk pays at every
   * start. 'full' is `PRAGMA integrity_check`, which also compares every index
   * with its table (the damage SQLITE_CORRUPT_INDEX reports while running) and
   * takes several times longer: only after the kiosk restarted itself for
   * damage it met (electron/damage-restart.ts).
   */
  verify?: 'quick' | 'full';
  /**
   * SQLite's page cache for this connection, in KiB (`PRAGMA cache_size = -N`).
   * Default KIOSK_CACHE_SIZE_KIB: SQLite's compiled-in default (about 16 MB)
   * fills as the store grows and stays resident in the kiosk's main process
   * for weeks; 2 MB keeps the session log's working set (the open session,
   * the index pages it touches) while holding RSS flat (BENCHMARKS.md,
   * "RSS growth"). The export and retention workers open their own
   * connections (worker-thread.ts) and keep SQLite's default: they scan.
   */
  cacheSizeKiB?: number;
}

/** The main connection's page cache, in KiB (see OpenStoreOptions.cacheSizeKiB). */
export const KIOSK_CACHE_SIZE_KIB = 2000;

/** The file is not a SQLite database, or quick_check (or integrity_check) found damage. */
export class StoreDamagedError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The store is damaged: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`);
    this.name = 'StoreDamagedError';
  }
}

/** SQLite's own words for a damaged file (extended codes such as SQLITE_CORRUPT_INDEX included). */
export function isDamageError(err: unknown): boolean {
  if (err instanceof StoreDamagedError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** quick_check's (or integrity_check's) findings; empty when the file is sound. Damage bad enough to stop the check throws instead. */
export function checkProblems(db: Database.Database, check: 'quick' | 'full' = 'quick', maxProblems = 20): string[] {
  const pragma = check === 'full' ? 'integrity_check' : 'quick_check';
  // PRAGMA takes no bound parameters; the name and the limit are ours.
  const rows = db.pragma(`${pragma}(${Math.max(1, Math.trunc(maxProblems))})`) as Record<string, string>[];
  return rows.map((r) => r[pragma] ?? '').filter((m) => m !== 'ok');
}

/** Throws StoreDamagedError, or SQLite's SQLITE_NOTADB / SQLITE_CORRUPT, for a damaged file. */
function verifyFile(file: string, check: 'quick' | 'full', binding: { nativeBinding?: string }): void {
  if (file === ':memory:' || file === '' || !existsSync(file)) return;
  const probe = new Database(file, { readonly: true, fileMustExist: true, ...binding });
  try {
    const problems = checkProblems(probe, check);
    if (problems.length > 0) throw new StoreDamagedError(problems);
  } finally {
    probe.close();
  }
}

export function openStore(file: string, options: OpenStoreOptions = {}): Database.Database {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  if (options.verify) verifyFile(file, options.verify, binding);
  const db = new Database(file, binding);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: content and settings must survive a power cut at the branch.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    // PRAGMA takes no bound parameters; a whole number of KiB, negative = KiB rather than pages.
    db.pragma(`cache_size = ${-Math.max(1, Math.trunc(options.cacheSizeKiB ?? KIOSK_CACHE_SIZE_KIB))}`);
    runMigrations(db, MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function closeStore(db: Database.Database): void {
  if (db.open) db.close();
}
