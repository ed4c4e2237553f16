/**
 * An export's own folder on the USB drive the admin tapped: made, checked to be on that drive, and
 * removed again if the export fails. Every call on the drive is asynchronous and has the drive
 * probe's time limit (usb-drives.ts), keyed by the drive: the main process never waits on a stick
 * that stops answering, and a drive that hangs leaves the lists until its call returns.
 */
import type { Stats } from 'node:fs';
import { mkdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { exportWriteError } from '../db/export-stats';
import { driveCall, type UsbDrive } from './usb-drives';

/** Exports a kiosk keeps apart on one drive and one day; more is a drive to clean up first. */
export const MAX_EXPORTS_PER_FOLDER_AND_DAY = 99;

export type ExportFolder =
  | { kind: 'made'; dir: string }
  /** The drive stopped answering. */
  | { kind: 'hung' }
  /** The folder was made, but not on the drive: the stick was pulled and its mount point left behind. */
  | { kind: 'not_on_drive' }
  /** The drive holds MAX_EXPORTS_PER_FOLDER_AND_DAY exports from today already. */
  | { kind: 'too_many' };

const HUNG = Symbol('hung');

/**
 * A new folder on the drive, named by the day, made by this call and by no one else: the export's own
 * check refuses any file it did not write, a USB stick's root holds files of its own (System Volume
 * Information, .Trashes), and a failed export removes the folder with all it holds. A drive that
 * refuses the folder (read-only, full) throws the export's own error.
 */
export async function makeExportFolder(drive: UsbDrive, today: string): Promise<ExportFolder> {
  for (let n = 1; n <= MAX_EXPORTS_PER_FOLDER_AND_DAY; n++) {
    const dir = join(drive.path, n === 1 ? `help-kiosk-export-${today}` : `help-kiosk-export-${today}-${n}`);
    // Created here, not only looked for: two exports at once never get the same folder.
    const failure = await driveCall<NodeJS.ErrnoException | null | typeof HUNG>(drive.path, () => mkdir(dir).then(() => null, (err: unknown) => err as NodeJS.ErrnoException), HUNG);
    if (failure === HUNG) return { kind: 'hung' };
    if (failure?.code === 'EEXIST') continue;
    // An unwritable or full stick, said in the export's own words. Never carry on into a folder this
    // call did not make: it may hold someone else's files.
    if (failure) throw exportWriteError(failure, drive.path);
    // mkdir works on a mount point left behind by a pulled stick too: the device number tells.
    const made = await driveCall<Stats | null | typeof HUNG>(drive.path, () => stat(dir).catch(() => null), HUNG);
    if (made === HUNG) return { kind: 'hung' };
    if (made?.dev === drive.dev) return { kind: 'made', dir };
    await removeEmptyFolder(dir, drive);
    return { kind: 'not_on_drive' };
  }
  return { kind: 'too_many' };
}

/**
 * How long the export may take to write and check its files on the drive (a year of statistics takes
 * a second or two) before the drive counts as not answering.
 */
export const EXPORT_WRITE_TIMEOUT_MS = 60_000;

export type DriveWorkDone<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown };
export type DriveWork<T> = DriveWorkDone<T> | { kind: 'hung' };

/**
 * `work` (the export's worker writing onto the drive) with EXPORT_WRITE_TIMEOUT_MS: its value, its
 * error, or hung, when the drive then counts as not answering until the work returns. What hung work
 * comes back with after all goes to `late`, so nothing it left on the drive goes unseen.
 */
export async function onDrive<T>(
  drive: UsbDrive,
  work: () => Promise<T>,
  late: (outcome: DriveWorkDone<T>) => void,
  timeoutMs = EXPORT_WRITE_TIMEOUT_MS,
): Promise<DriveWork<T>> {
  let started: Promise<DriveWorkDone<T>> | undefined;
  const outcome = await driveCall<DriveWork<T>>(
    drive.path,
    () => (started = work().then((value): DriveWorkDone<T> => ({ kind: 'done', value }), (error: unknown): DriveWorkDone<T> => ({ kind: 'failed', error }))),
    { kind: 'hung' },
    timeoutMs,
  );
  if (outcome.kind === 'hung') void started?.then(late);
  return outcome;
}

/** Removes an export's own folder and everything in it; false if that failed (a stick pulled out, read-only, not answering). */
export async function removeExportFolder(dir: string, drive: UsbDrive): Promise<boolean> {
  return driveCall(drive.path, () => rm(dir, { recursive: true, force: true }).then(() => true), false);
}

/** A failed export leaves no folder behind either (its files are already gone): only if it is empty. */
export async function removeEmptyFolder(dir: string, drive: UsbDrive): Promise<void> {
  // Not empty, never made, or not answering: nothing to tidy.
  await driveCall(drive.path, () => rmdir(dir), undefined);
}
