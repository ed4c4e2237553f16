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
 * Plain Node, no Electron: unit-tested against folders and a fake stat.
 */
import { readdirSync, readFileSync, realpathSync, statSync, statfsSync } from 'node:fs';
import path from 'node:path';

export interface UsbDrive {
  /** Where the drive is mounted: `/media/kiosk/KINGSTON`, `E:\`. */
  path: string;
  /** What the admin sees: the volume's label (Linux), else its folder name, or the drive letter. */
  label: string;
  /** Space left for an export, or null when the drive will not say. */
  freeBytes: number | null;
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
/** A drive with more top-level pack files than this is not a pack stick; the list stays short. */
export const MAX_PACK_FILES = 50;

type Stat = (p: string) => { dev: number; isDirectory: () => boolean } | null;

const statOrNull: Stat = (p) => {
  try {
    return statSync(p);
  } catch {
    return null;
  }
};

function childDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * The mount points under `roots`: a folder on another device than its parent. Checking the device,
 * not just listing folders, skips the empty folder an unplugged stick can leave behind.
 */
export function mountPointsUnder(roots: readonly string[], stat: Stat = statOrNull): string[] {
  const found: string[] = [];
  const isMount = (dir: string): boolean => {
    const own = stat(dir);
    const parent = stat(path.dirname(dir));
    return own !== null && parent !== null && own.isDirectory() && own.dev !== parent.dev;
  };
  for (const root of roots) {
    for (const child of childDirs(root)) {
      if (isMount(child)) found.push(child);
      else for (const grandchild of childDirs(child)) if (isMount(grandchild)) found.push(grandchild);
    }
  }
  return found;
}

function freeBytesOf(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** The drives an admin can export to or import from, now. */
export function listUsbDrives(scan: DriveScan, stat: Stat = statOrNull): UsbDrive[] {
  if (scan.platform === 'win32') {
    const own = new Set([scan.systemDrive ?? 'C:', ...(scan.keepOff ?? []).map((dir) => dir.slice(0, 2))].map((d) => d.toUpperCase()));
    return WINDOWS_LETTERS.filter((letter) => !own.has(`${letter}:`))
      .map((letter) => `${letter}:\\`)
      .filter((root) => stat(root)?.isDirectory() === true)
      .map((root) => ({ path: root, label: root.slice(0, 2), freeBytes: freeBytesOf(root) }));
  }
  const roots = scan.roots ?? (scan.platform === 'darwin' ? MAC_ROOTS : LINUX_MOUNT_ROOTS);
  // Free space first: on an automount point (build/linux/99-help-kiosk-usb.rules) it mounts the stick,
  // so the mount table then names its device.
  const drives = mountPointsUnder(roots, stat).map((dir) => ({ path: dir, label: path.basename(dir), freeBytes: freeBytesOf(dir) }));
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

/**
 * The content packs at a drive's top level: every `.json` file (a pack travels with its `.sig`
 * beside it; the import names a missing one). Sorted, at most MAX_PACK_FILES.
 */
export function packFilesOn(drive: string): string[] {
  try {
    return readdirSync(drive, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.toLowerCase().endsWith('.json'))
      .map((e) => e.name)
      .sort()
      .slice(0, MAX_PACK_FILES);
  } catch {
    return [];
  }
}
