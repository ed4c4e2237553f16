/**
 * Opens the kiosk's store and makes sure it has content, or says why not.
 * Never throws: a kiosk that cannot open its store shows the out-of-order
 * page instead of a crash dialog nobody at the branch can dismiss.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { closeStore, openStore } from '../db/store';
import { ensureBundledPack } from '../db/content-import';

export const STORE_FILE = 'kiosk.db';

export interface OpenKioskStoreInput {
  /** app.getPath('userData'). */
  userDataDir: string;
  /** better-sqlite3 build for Electron's ABI; undefined uses node_modules' own build. */
  nativeBinding: string | undefined;
}

export type OpenKioskStoreResult = { ok: true; db: Database.Database; file: string } | { ok: false; reason: string; file: string };

export function openKioskStore(input: OpenKioskStoreInput): OpenKioskStoreResult {
  const file = path.join(input.userDataDir, STORE_FILE);
  let db: Database.Database | undefined;
  try {
    // userData normally exists once Electron is ready, but a fresh profile on
    // a wiped kiosk may not have it yet and SQLite will not create folders.
    fs.mkdirSync(input.userDataDir, { recursive: true });
    db = openStore(file, input.nativeBinding ? { nativeBinding: input.nativeBinding } : {});
    ensureBundledPack(db);
    return { ok: true, db, file };
  } catch (err) {
    if (db) closeStore(db);
    const message = err instanceof Error ? err.message : String(err);
    // The usual cause on a new machine is an ABI mismatch, so say which build was tried.
    const binding = input.nativeBinding ? `native binding ${input.nativeBinding}` : 'no native-electron build found, used node_modules/better-sqlite3';
    return { ok: false, file, reason: `${message} (${binding})` };
  }
}
