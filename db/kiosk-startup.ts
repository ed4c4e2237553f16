/**
 * What the store needs each time the kiosk starts, whichever shell runs it:
 * sessions a crash left open are closed as abandoned, a fleet provisioning
 * file is applied once, and old raw events are rolled up off the main thread.
 */
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { closeOpenSessionsAsAbandoned } from './sessions';
import { provisionFromFile, type ProvisioningOutcome } from './provisioning';
import { runRetentionInWorker } from './retention-worker';
import type { RollupResult } from './retention';

export interface StartupReport {
  abandonedSessions: number;
  provisioning: ProvisioningOutcome | null;
}

export function prepareStoreAtStart(db: Database.Database, options: { provisioningFile?: string; now?: Date } = {}): StartupReport {
  const now = options.now ?? new Date();
  const abandonedSessions = closeOpenSessionsAsAbandoned(db, now);
  const provisioning = options.provisioningFile && existsSync(options.provisioningFile) ? provisionFromFile(db, options.provisioningFile, now) : null;
  return { abandonedSessions, provisioning };
}

/** Retention in a worker thread: the UI's main process never waits for it. */
export function rollUpInBackground(file: string, nativeBinding?: string): Promise<RollupResult> {
  return runRetentionInWorker({ file, ...(nativeBinding ? { nativeBinding } : {}) });
}
