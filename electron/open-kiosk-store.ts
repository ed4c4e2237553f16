/**
 * Opens the kiosk's store and makes sure it has content, or says why not.
 * Never throws: a kiosk that cannot open its store shows the out-of-order
 * page instead of a crash dialog nobody at the branch can dismiss. A damaged
 * store is moved aside and replaced by a fresh one (db/store-recovery.ts);
 * the result says so and the log gets one line about it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { closeStore } from '../db/store';
import { ensureBundledPack } from '../db/content-import';
import { describeRecovery, openStoreWithRecovery, type StoreRecovery } from '../db/store-recovery';
import { fullCheckRequested, readStoreCheck, STORE_CHECK_FILE, writeStoreCheck, type StoreCheck } from './damage-restart';

export const STORE_FILE = 'kiosk.db';
/** The nightly backups, beside the store (db/backup.ts). */
export const BACKUPS_DIR = 'backups';

export interface OpenKioskStoreInput {
  /** app.getPath('userData'). */
  userDataDir: string;
  /** better-sqlite3 build for Electron's ABI; undefined uses node_modules' own build. */
  nativeBinding: string | undefined;
  /** Where a recovery from a damaged store is reported; stderr by default. */
  log?: (message: string) => void;
  /** `integrity_check` whatever store-check.json says: a start-up step met damage quick_check had passed. */
  fullCheck?: boolean;
}

export type OpenKioskStoreResult =
  | {
      ok: true;
      db: Database.Database;
      file: string;
      recovery: StoreRecovery;
      /** The last restart the kiosk made for store damage, with what this start's full check found; null if none. */
      storeCheck: StoreCheck | null;
      /** Whether this open ran `integrity_check` rather than quick_check. */
      fullCheck: boolean;
    }
  | { ok: false; reason: string; file: string };

export function openKioskStore(input: OpenKioskStoreInput): OpenKioskStoreResult {
  const file = path.join(input.userDataDir, STORE_FILE);
  const log = input.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const checkFile = path.join(input.userDataDir, STORE_CHECK_FILE);
  let storeCheck = readStoreCheck(checkFile);
  const requested = fullCheckRequested(storeCheck);
  const fullCheck = requested || input.fullCheck === true;
  let db: Database.Database | undefined;
  try {
    // userData normally exists once Electron is ready, but a fresh profile on
    // a wiped kiosk may not have it yet and SQLite will not create folders.
    fs.mkdirSync(input.userDataDir, { recursive: true });
    const opened = openStoreWithRecovery(file, {
      backupsDir: path.join(input.userDataDir, BACKUPS_DIR),
      fullCheck,
      ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}),
    });
    db = opened.db;
    ensureBundledPack(db);
    if (opened.recovery.recovered) {
      try {
        log(`[kiosk] ${describeRecovery(opened.recovery)}`);
      } catch {
        // A broken log must not turn a recovered store into an out-of-order kiosk.
      }
    }
    if (requested && storeCheck !== null) {
      storeCheck = {
        ...storeCheck,
        checkedAt: new Date().toISOString(),
        found: opened.recovery.recovered ? `damage, moved aside to ${opened.recovery.movedTo}: ${opened.recovery.reason}` : 'sound',
      };
      noteCheckDone(checkFile, storeCheck, log);
    }
    return { ok: true, db, file, recovery: opened.recovery, storeCheck, fullCheck };
  } catch (err) {
    if (db) closeStore(db);
    const message = err instanceof Error ? err.message : String(err);
    // The usual cause on a new machine is an ABI mismatch, so say which build was tried.
    const binding = input.nativeBinding ? `native binding ${input.nativeBinding}` : 'no native-electron build found, used node_modules/better-sqlite3';
    return { ok: false, file, reason: `${message} (${binding})` };
  }
}

/** Once checked, the note stops asking for the full check; it stays as the record of the last restart for damage. */
function noteCheckDone(checkFile: string, check: StoreCheck, log: (message: string) => void): void {
  let notWritten: string | null = null;
  try {
    writeStoreCheck(checkFile, check);
  } catch (err) {
    // The next start checks again, which costs time, never data.
    notWritten = err instanceof Error ? err.message : String(err);
  }
  try {
    log(`[kiosk] full integrity check after the restart for store damage (${check.reason}): ${check.found ?? ''}`);
    if (notWritten !== null) log(`[kiosk] could not update ${checkFile} (the next start checks again): ${notWritten}`);
  } catch {
    // A broken log must not turn a checked store into an out-of-order kiosk.
  }
}
