/**
 * What the store needs each time the kiosk starts, whichever shell runs it:
 * sessions a crash left open are closed as abandoned, a fleet provisioning
 * file is applied once, the bank's pack keys are read, and, off the main
 * thread, completed days are rolled up and raw events past retention deleted.
 */
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { closeOpenSessionsAsAbandoned } from './sessions';
import { isDamageError } from './store';
import { provisionFromFile, type ProvisioningOutcome } from './provisioning';
import { runRetentionInWorker } from './retention-worker';
import type { RollupResult } from './retention';
import { syncKeyFolder, type KeyFolderSync } from './pack-keys';

export interface StartupReport {
  abandonedSessions: number;
  provisioning: ProvisioningOutcome | null;
  /** The bank's pack keys in `packKeysDir` (db/PACK-SIGNING.md); only when a folder was given. */
  packKeys?: KeyFolderSync;
  /** Why the provisioning file (present) was not applied; null when it was, or there is none. */
  provisioningError: string | null;
  /**
   * Steps that failed, each with what it was and why (a malformed provisioning file, a pack-keys path
   * that is not a folder, a full disk). The shell logs them and goes on (to the out-of-order page at
   * worst): a shell that exits here is restarted by its service every few seconds, forever, and never
   * shows the customer anything.
   */
  problems: string[];
  /**
   * A step met damage SQLite reports only when it touches it (SQLITE_CORRUPT_INDEX: an index that no
   * longer matches its table, which the start's quick_check does not compare): the shell then checks
   * the store in full and recovers it before serving.
   */
  damaged: boolean;
}

export interface StartupOptions {
  provisioningFile?: string;
  /** Folder of the bank's content-pack public keys (`*.pem`), synced into the store at each start. */
  packKeysDir?: string;
  now?: Date;
}

/** One log line: a multi-line error (the provisioning file's list of problems) joined with "; ". */
function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/:?\s*\n\s*/g, '; ');
}

/** Never throws: each step is tried on its own and a failed one is reported in `problems`. */
export function prepareStoreAtStart(db: Database.Database, options: StartupOptions = {}): StartupReport {
  const now = options.now ?? new Date();
  const problems: string[] = [];
  let damaged = false;
  let abandonedSessions = 0;
  try {
    abandonedSessions = closeOpenSessionsAsAbandoned(db, now);
  } catch (err) {
    damaged ||= isDamageError(err);
    problems.push(`sessions left open by a crash were not closed: ${reason(err)}`);
  }
  let provisioning: ProvisioningOutcome | null = null;
  let provisioningError: string | null = null;
  if (options.provisioningFile && existsSync(options.provisioningFile)) {
    try {
      provisioning = provisionFromFile(db, options.provisioningFile, now);
    } catch (err) {
      damaged ||= isDamageError(err);
      provisioningError = reason(err);
      problems.push(`the provisioning file was not applied: ${provisioningError}`);
    }
  }
  if (!options.packKeysDir) return { abandonedSessions, provisioning, provisioningError, problems, damaged };
  try {
    return { abandonedSessions, provisioning, provisioningError, packKeys: syncKeyFolder(db, options.packKeysDir, now), problems, damaged };
  } catch (err) {
    damaged ||= isDamageError(err);
    problems.push(`pack keys in ${options.packKeysDir} were not read: ${reason(err)}`);
    return { abandonedSessions, provisioning, provisioningError, problems, damaged };
  }
}

/**
 * The nightly roll-up and retention (retention.ts) in a worker thread: the UI's
 * main process never waits for it. The first run after an upgrade rolls up
 * every retained day, one short write transaction per day.
 */
export function rollUpInBackground(file: string, nativeBinding?: string): Promise<RollupResult> {
  return runRetentionInWorker({ file, ...(nativeBinding ? { nativeBinding } : {}) });
}
