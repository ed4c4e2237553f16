/**
 * What the store needs each time the kiosk starts, whichever shell runs it:
 * sessions a crash left open are closed as abandoned, a fleet provisioning
 * file is applied once, the bank's pack keys are read, and, off the main
 * thread, completed days are rolled up and raw events past retention deleted.
 */
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { closeOpenSessionsAsAbandoned } from './sessions';
import { provisionFromFile, type ProvisioningOutcome } from './provisioning';
import { runRetentionInWorker } from './retention-worker';
import type { RollupResult } from './retention';
import { syncKeyFolder, type KeyFolderSync } from './pack-keys';

export interface StartupReport {
  abandonedSessions: number;
  provisioning: ProvisioningOutcome | null;
  /** The bank's pack keys in `packKeysDir` (db/PACK-SIGNING.md); only when a folder was given. */
  packKeys?: KeyFolderSync;
}

export interface StartupOptions {
  provisioningFile?: string;
  /** Folder of the bank's content-pack public keys (`*.pem`), synced into the store at each start. */
  packKeysDir?: string;
  now?: Date;
}

export function prepareStoreAtStart(db: Database.Database, options: StartupOptions = {}): StartupReport {
  const now = options.now ?? new Date();
  const abandonedSessions = closeOpenSessionsAsAbandoned(db, now);
  const provisioning = options.provisioningFile && existsSync(options.provisioningFile) ? provisionFromFile(db, options.provisioningFile, now) : null;
  if (!options.packKeysDir) return { abandonedSessions, provisioning };
  return { abandonedSessions, provisioning, packKeys: syncKeyFolder(db, options.packKeysDir, now) };
}

/**
 * The nightly roll-up and retention (retention.ts) in a worker thread: the UI's
 * main process never waits for it. The first run after an upgrade rolls up
 * every retained day, one short write transaction per day.
 */
export function rollUpInBackground(file: string, nativeBinding?: string): Promise<RollupResult> {
  return runRetentionInWorker({ file, ...(nativeBinding ? { nativeBinding } : {}) });
}
