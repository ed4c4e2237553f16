/**
 * The USB drives plugged into the kiosk, found without any dialog.
 *
 * Exports and pack imports used to open the operating system's own folder and
 * file pickers. Those are windows the app cannot close: an admin who walked
 * away left a file browser over the kiosk (rename, delete, "open with" on
 * Windows). The admin pages now list the drives this module finds and the
 * pack files at their top level, as big buttons, and main checks that what
 * the page sends back is one of them.
 *
 * Every call on a drive is asynchronous and given DRIVE_PROBE_TIMEOUT_MS: the
 * main process never waits on a stick that is mounting or a network drive that
 * hangs, and the page lists the drives that answered.
 *
 * Plain Node, no Electron: unit-tested against folders and a fake stat.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { readdir, stat as statAsync, statfs } from 'node:fs/promises';
import path from 'node:path';
import { readLimitedAsync } from '../db/limited-read';
import { MAX_PACK_BYTES, MAX_SIGNATURE_BYTES, type PackFileBytes } from '../db/pack-file-import';
import { SIGNATURE_SUFFIX } from '../db/pack-signing';

export interface UsbDrive {
  /** Where the drive is mounted: `/media/kiosk/KINGSTON`, `E:\`. */
  path: string;
  /** What the admin sees: the volume's label (Linux), else its folder name, or the drive letter. */
  label: string;
  /** Space left for an export, or null when the drive will not say. */
  freeBytes: number | null;
  /**
   * The drive's device number when it was listed: a folder made on it must have the same, or the
   * stick was pulled and the folder is on the kiosk's own disk.
   */
  dev: number;
}

/** Where each system mounts removable drives. */
export interface DriveScan {
  platform: NodeJS.Platform;
  /** The Windows system drive (`C:`), never offered: it is the kiosk's own disk. */
  systemDrive?: string;
  /**
   * Windows: folders whose drives are never offered either (the app's data, the app, temp): on a
   * kiosk installed on D:, D: is not a stick.
   */
  keepOff?: readonly string[];
  /** Folders holding mount points, instead of the system's own (tests). */
  roots?: readonly string[];
  /** Linux: mount point → volume label, instead of reading the system's (tests). */
  labels?: (mountPoints: readonly string[]) => Map<string, string>;
}

/**
 * Folders that hold mount points, directly or one level down (udisks2 mounts at
 * /media/USER/LABEL on Debian and Ubuntu, /run/media/USER/LABEL on Fedora; a
 * plain fstab setup, or the kiosk's own udev rule (build/linux/99-help-kiosk-usb.rules),
 * at /media/NAME).
 */
export const LINUX_MOUNT_ROOTS = ['/media', '/run/media'];
const MAC_ROOTS = ['/Volumes'];
/** A and B are floppy letters: probing them can stall. */
const WINDOWS_LETTERS = 'CDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
/** The pack files a drive's list shows; a drive with more is not a pack stick, and the page says how many more. */
export const MAX_PACK_FILES = 50;
/**
 * How long one look at a drive may take before it counts as not there. A disconnected network drive
 * on Windows, or a stick whose automount fails on Linux, can hang a file call for half a minute; the
 * admin's page gets its list without that drive instead.
 */
export const DRIVE_PROBE_TIMEOUT_MS = 3000;

export interface StatResult {
  dev: number;
  isDirectory: () => boolean;
}
export type Stat = (p: string) => Promise<StatResult | null>;

/** A file call on a drive that has not come back yet. */
interface Call {
  path: string;
  result: Promise<unknown>;
  deadline: number;
  /** Ran past its deadline: its drive is asked nothing more until it returns. */
  late: boolean;
}

/**
 * Calls still out: looks (probe) by kind and path, so a second look at the same thing joins the
 * first until its deadline; changes (driveCall) each by a key of their own, never joined. File calls
 * run on libuv's pool threads (4 by default), shared by every file call of the main process, so a
 * drive with a late call gets no new ones: a dead drive cannot take the pool.
 */
const running = new Map<string | symbol, Call>();

/** Whether a call on `p` ran past its time and is still out: the drive is left out of every list. */
export function isHung(p: string): boolean {
  for (const call of running.values()) if (call.path === p && call.late) return true;
  return false;
}

/** Tests only: forgets calls that will never return, which would otherwise outlive the test that made them. */
export function forgetDriveCalls(): void {
  running.clear();
}

const TIMED_OUT = Symbol('timed out');

/**
 * A look at `p` (stat, readdir, a read): `call(p)`, or `fallback` if it fails, if it takes longer
 * than `timeoutMs` (the call itself goes on, and `p` counts as hung until it returns), or at once
 * while `p` is hung. A look of the same kind at the same path while one is out joins it.
 */
export function probe<T>(kind: string, p: string, call: (p: string) => Promise<T>, fallback: T, timeoutMs = DRIVE_PROBE_TIMEOUT_MS): Promise<T> {
  return timedCall(`${kind}:${p}`, p, call, fallback, timeoutMs);
}

/**
 * A change on drive `p` (a folder made, a file written): as probe, but never joined with another
 * call, since two changes asked for are two changes to make.
 */
export function driveCall<T>(p: string, call: (p: string) => Promise<T>, fallback: T, timeoutMs = DRIVE_PROBE_TIMEOUT_MS): Promise<T> {
  return timedCall(Symbol(p), p, call, fallback, timeoutMs);
}

async function timedCall<T>(key: string | symbol, p: string, call: (p: string) => Promise<T>, fallback: T, timeoutMs: number): Promise<T> {
  if (isHung(p)) return fallback;
  let out = running.get(key);
  if (!out) {
    const started: Call = { path: p, result: call(p), deadline: Date.now() + timeoutMs, late: false };
    const done = () => {
      if (running.get(key) === started) running.delete(key);
    };
    started.result.then(done, done);
    running.set(key, started);
    out = started;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, out.deadline - Date.now()));
  });
  const answer = await Promise.race([(out.result as Promise<T>).then((value) => ({ value }), () => ({ value: fallback })), timeout]);
  clearTimeout(timer);
  if (answer !== TIMED_OUT) return answer.value;
  out.late = true;
  return fallback;
}

const statOrNull: Stat = (p) => probe('stat', p, (q): Promise<StatResult> => statAsync(q), null);

async function childDirs(dir: string): Promise<string[]> {
  const entries = await probe('readdir', dir, (d) => readdir(d, { withFileTypes: true }), []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/**
 * The mount points under `roots`: a folder on another device than its parent. Checking the device,
 * not just listing folders, skips the empty folder an unplugged stick can leave behind.
 */
export async function mountPointsUnder(roots: readonly string[], stat: Stat = statOrNull): Promise<string[]> {
  const isMount = async (dir: string): Promise<boolean> => {
    const [own, parent] = await Promise.all([stat(dir), stat(path.dirname(dir))]);
    return own !== null && parent !== null && own.isDirectory() && own.dev !== parent.dev;
  };
  const found: string[] = [];
  for (const root of roots) {
    const children = await childDirs(root);
    const childIsMount = await Promise.all(children.map(isMount));
    for (const [i, child] of children.entries()) {
      if (childIsMount[i]) {
        found.push(child);
        continue;
      }
      const grandchildren = await childDirs(child);
      const grandchildIsMount = await Promise.all(grandchildren.map(isMount));
      found.push(...grandchildren.filter((_, j) => grandchildIsMount[j]));
    }
  }
  return found;
}

function freeBytesOf(dir: string): Promise<number | null> {
  return probe('statfs', dir, async (d) => {
    const s = await statfs(d);
    return s.bavail * s.bsize;
  }, null);
}

/**
 * The drives an admin can export to or import from, now. Never throws. A drive whose device number
 * cannot be read, or that has not answered within DRIVE_PROBE_TIMEOUT_MS, is left out: drives are
 * probed side by side, so the list takes at most about two timeouts however many hang.
 */
export async function listUsbDrives(scan: DriveScan, stat: Stat = statOrNull): Promise<UsbDrive[]> {
  if (scan.platform === 'win32') {
    const own = new Set([scan.systemDrive ?? 'C:', ...(scan.keepOff ?? []).map((dir) => dir.slice(0, 2))].map((d) => d.toUpperCase()));
    const roots = WINDOWS_LETTERS.filter((letter) => !own.has(`${letter}:`)).map((letter) => `${letter}:\\`);
    const found = await Promise.all(
      roots.map(async (root): Promise<UsbDrive | null> => {
        const s = await stat(root);
        if (s?.isDirectory() !== true) return null;
        return { path: root, label: root.slice(0, 2), freeBytes: await freeBytesOf(root), dev: s.dev };
      }),
    );
    return found.filter((d): d is UsbDrive => d !== null && !isHung(d.path));
  }
  const roots = scan.roots ?? (scan.platform === 'darwin' ? MAC_ROOTS : LINUX_MOUNT_ROOTS);
  const found = await Promise.all(
    (await mountPointsUnder(roots, stat)).map(async (dir): Promise<UsbDrive | null> => {
      // Free space first: on an automount point (build/linux/99-help-kiosk-usb.rules) it mounts the
      // stick, so the device number read after it is the stick's, and the mount table names its device.
      const freeBytes = await freeBytesOf(dir);
      const s = await stat(dir);
      return s ? { path: dir, label: path.basename(dir), freeBytes, dev: s.dev } : null;
    }),
  );
  const drives = found.filter((d): d is UsbDrive => d !== null && !isHung(d.path));
  if (scan.platform !== 'linux' || drives.length === 0) return drives;
  const labels = (scan.labels ?? linuxVolumeLabels)(drives.map((d) => d.path));
  return drives.map((d) => ({ ...d, label: labels.get(d.path) ?? d.label }));
}

/** `\040` in /proc/self/mountinfo, `\x20` in /dev/disk/by-label: a byte written as an escape. */
function unescapeBytes(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const octal = /^\\([0-7]{3})/.exec(text.slice(i));
    const hex = /^\\x([0-9a-fA-F]{2})/.exec(text.slice(i));
    if (octal) {
      bytes.push(parseInt(octal[1]!, 8));
      i += 4;
    } else if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 4;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Each mount point's device, from the text of /proc/self/mountinfo: the last mount there that is not
 * the autofs trigger systemd-mount puts under it.
 */
export function mountDevices(mountinfo: string): Map<string, string> {
  const devices = new Map<string, string>();
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const mountPoint = before.split(' ')[4];
    const [fsType, source] = after.split(' ');
    if (!mountPoint || !fsType || !source || fsType === 'autofs') continue;
    devices.set(unescapeBytes(mountPoint), unescapeBytes(source));
  }
  return devices;
}

/** Device → its volume label, from the links in `byLabelDir` (udev's /dev/disk/by-label). */
export function deviceLabels(byLabelDir: string): Map<string, string> {
  const labels = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(byLabelDir);
  } catch {
    return labels;
  }
  for (const name of names) {
    try {
      labels.set(realpathSync(path.join(byLabelDir, name)), unescapeBytes(name));
    } catch {
      // A link to a device that just went away.
    }
  }
  return labels;
}

/** The volume label of each mount point that has one ("KINGSTON"), so branch staff need not read "usb-sdb1". */
function linuxVolumeLabels(mountPoints: readonly string[]): Map<string, string> {
  let mountinfo: string;
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return new Map();
  }
  const devices = mountDevices(mountinfo);
  const labels = deviceLabels('/dev/disk/by-label');
  const found = new Map<string, string>();
  for (const dir of mountPoints) {
    const label = labels.get(devices.get(dir) ?? '');
    if (label) found.set(dir, label);
  }
  return found;
}

/** A drive's pack files as its list shows them: the first MAX_PACK_FILES, and how many more there are. */
export interface PackFiles {
  files: string[];
  more: number;
}

/**
 * The content packs at a drive's top level: every `.json` file (a pack travels with its `.sig`
 * beside it; the import names a missing one), sorted. None on a drive that cannot be read.
 */
export async function packFilesOn(drive: string): Promise<PackFiles> {
  const entries = await probe('readdir', drive, (d) => readdir(d, { withFileTypes: true }), []);
  const all = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.toLowerCase().endsWith('.json'))
    .map((e) => e.name)
    .sort();
  return { files: all.slice(0, MAX_PACK_FILES), more: Math.max(0, all.length - MAX_PACK_FILES) };
}

/**
 * How long reading a pack file may take: up to MAX_PACK_BYTES (8 MiB), from a slow stick, maybe
 * after waiting for a pool thread. The signature (at most 1 kB) gets DRIVE_PROBE_TIMEOUT_MS.
 */
export const PACK_READ_TIMEOUT_MS = 10_000;

/**
 * A listed pack file and its signature, read off the drive without holding the main process, each
 * read with a time limit like every other look at a drive. Null if the drive stopped answering
 * (pulled out mid-read, or failing); it then counts as hung and leaves the lists until the read
 * returns. A read that fails (the stick pulled a moment earlier) comes back as its error.
 */
export async function readPackFromDrive(drive: string, name: string, read = readLimitedAsync, timeoutMs?: number): Promise<PackFileBytes | null> {
  const file = path.join(drive, name);
  // Keyed by the drive, not the file: a read that hangs marks the drive, which the lists then leave out.
  const pack = await probe(`read ${name}`, drive, () => read(file, MAX_PACK_BYTES), null, timeoutMs ?? PACK_READ_TIMEOUT_MS);
  if (!pack) return null;
  const signature = await probe(`read ${name}${SIGNATURE_SUFFIX}`, drive, () => read(`${file}${SIGNATURE_SUFFIX}`, MAX_SIGNATURE_BYTES), null, timeoutMs ?? DRIVE_PROBE_TIMEOUT_MS);
  if (!signature) return null;
  return { name, pack, signature };
}
