/**
 * Opens the kiosk's SQLite store with the settings a kiosk that loses power
 * needs, and brings its schema up to date.
 */
import Database from 'better-sqlite3';
import { runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

export interface OpenStoreOptions {
  /** Path to a better-sqlite3 native module built for another ABI (Electron). */
  nativeBinding?: string;
}

export function openStore(file: string, options: OpenStoreOptions = {}): Database.Database {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // FULL: content and settings must survive a power cut at the branch.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
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
