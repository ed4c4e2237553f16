/**
 * A pack file imported straight from a path, read synchronously: the kiosk reads the same bytes off
 * its USB drive asynchronously (electron/usb-drives.ts readPackFromDrive, with the same reader's
 * answers, db/limited-read.test.ts) and hands them to importPackBytes.
 */
import type Database from 'better-sqlite3';
import { basename } from 'node:path';
import { readLimited } from '../limited-read';
import { importPackBytes, MAX_PACK_BYTES, MAX_SIGNATURE_BYTES, type PackFileImport, type PackFileImportOptions } from '../pack-file-import';
import { SIGNATURE_SUFFIX } from '../pack-signing';

export function importPackFile(db: Database.Database, file: string, options: PackFileImportOptions): PackFileImport {
  const read = { name: basename(file), pack: readLimited(file, MAX_PACK_BYTES), signature: readLimited(`${file}${SIGNATURE_SUFFIX}`, MAX_SIGNATURE_BYTES) };
  return importPackBytes(db, read, options);
}
