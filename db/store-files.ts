/**
 * A SQLite store on disk is up to four files: the database and its -journal,
 * -wal and -shm beside it. Moving or deleting one without the others can make
 * SQLite replay a WAL into the wrong database, so these go together.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';

const SIDECARS = ['-journal', '-wal', '-shm'] as const;

/** Deletes the database and whatever sidecars it has; missing files are fine. */
export function removeStoreFiles(file: string): void {
  // Sidecars first: a WAL must never outlive its database beside a new one.
  for (const suffix of [...SIDECARS, '']) rmSync(file + suffix, { force: true });
}

/** Renames a closed database with its sidecars, the sidecars first for the same reason. */
export function moveStoreFiles(from: string, to: string): void {
  for (const suffix of SIDECARS) {
    if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
  }
  renameSync(from, to);
}
