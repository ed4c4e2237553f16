import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceLabels, forgetDriveCalls, isHung, listUsbDrives, MAX_PACK_FILES, mountDevices, mountPointsUnder, packFilesOn, probe, readPackFromDrive, type StatResult } from './usb-drives';
import type { LimitedRead } from '../db/limited-read';

/**
 * A fake file system for the device check: each folder with its device number. A mount point is a
 * folder on another device than its parent.
 */
function fakeStat(devices: Record<string, number>) {
  return async (p: string): Promise<StatResult | null> => (p in devices ? { dev: devices[p]!, isDirectory: () => true } : null);
}

describe('finding USB drives', () => {
  it('lists mount points one or two levels under a root, and skips the empty folder an unplugged stick leaves', async () => {
    // Real folders for the listing, fake devices for the check.
    const root = mkdtempSync(join(tmpdir(), 'kiosk-media-'));
    for (const dir of ['kiosk/KINGSTON', 'kiosk/OLD-STICK', 'SANDISK']) mkdirSync(join(root, dir), { recursive: true });
    mkdirSync(join(root, '.hidden'));
    const stat = fakeStat({
      [root]: 1,
      [join(root, 'kiosk')]: 1,
      [join(root, 'kiosk', 'KINGSTON')]: 7,
      // Left behind after unplugging: same device as its parent, not a drive.
      [join(root, 'kiosk', 'OLD-STICK')]: 1,
      [join(root, 'SANDISK')]: 9,
      [join(root, '.hidden')]: 11,
    });
    expect(await mountPointsUnder([root, join(root, 'not-there')], stat)).toEqual([join(root, 'SANDISK'), join(root, 'kiosk', 'KINGSTON')]);
  });

  it('on Windows offers every drive letter but the system drive (and the floppy letters A and B)', async () => {
    const stat = fakeStat({ 'C:\\': 1, 'D:\\': 2, 'E:\\': 3, 'A:\\': 4 });
    const drives = await listUsbDrives({ platform: 'win32', systemDrive: 'c:' }, stat);
    expect(drives.map((d) => [d.path, d.label])).toEqual([
      ['D:\\', 'D:'],
      ['E:\\', 'E:'],
    ]);
    // The system drive comes from the environment; a kiosk installed on D: does not offer D:.
    expect((await listUsbDrives({ platform: 'win32', systemDrive: 'D:' }, stat)).map((d) => d.label)).toEqual(['C:', 'E:']);
  });

  it('on Windows never offers the drive of the app, its data or its temp folder', async () => {
    const stat = fakeStat({ 'C:\\': 1, 'D:\\': 2, 'E:\\': 3, 'F:\\': 4 });
    const drives = await listUsbDrives({ platform: 'win32', systemDrive: 'C:', keepOff: ['D:\\Kiosk\\help-kiosk.exe', 'e:\\data\\help-kiosk'] }, stat);
    expect(drives.map((d) => d.label)).toEqual(['F:']);
  });

  it('on Linux labels each drive by its folder name, with its free space and device', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-media-'));
    mkdirSync(join(root, 'usb-sdb1'));
    const stat = fakeStat({ [root]: 1, [join(root, 'usb-sdb1')]: 5 });
    const drives = await listUsbDrives({ platform: 'linux', roots: [root] }, stat);
    expect(drives).toEqual([{ path: join(root, 'usb-sdb1'), label: 'usb-sdb1', freeBytes: expect.any(Number), dev: 5 }]);
    expect(drives[0]!.freeBytes).toBeGreaterThan(0);
  });
});

describe("a drive's name on Linux", () => {
  it('is its volume label where it has one, else its folder name', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-media-'));
    for (const dir of ['usb-sdb1', 'usb-sdc1']) mkdirSync(join(root, dir));
    const stat = fakeStat({ [root]: 1, [join(root, 'usb-sdb1')]: 5, [join(root, 'usb-sdc1')]: 6 });
    const labels = (dirs: readonly string[]) => new Map(dirs.filter((d) => d.endsWith('sdb1')).map((d) => [d, 'KINGSTON']));
    expect((await listUsbDrives({ platform: 'linux', roots: [root], labels }, stat)).map((d) => d.label)).toEqual(['KINGSTON', 'usb-sdc1']);
  });

  it("reads each mount point's device from the mount table, past systemd's autofs trigger, escapes decoded", () => {
    const mountinfo = [
      '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
      '40 22 0:45 / /media/usb-sdb1 rw,relatime shared:20 - autofs systemd-1 rw,fd=51',
      '41 40 8:17 / /media/usb-sdb1 rw,nosuid,nodev,noexec shared:21 - vfat /dev/sdb1 rw,uid=1001',
      '42 22 0:46 / /media/usb-sdc1 rw,relatime shared:22 - autofs systemd-1 rw,fd=52',
      '43 22 8:33 / /media/kiosk/MY\\040STICK rw shared:23 - exfat /dev/sdd1 rw',
      'not a mount line',
    ].join('\n');
    expect(mountDevices(mountinfo)).toEqual(
      new Map([
        ['/', '/dev/sda1'],
        ['/media/usb-sdb1', '/dev/sdb1'],
        ['/media/kiosk/MY STICK', '/dev/sdd1'],
      ]),
    );
  });

  it("reads each device's label from udev's by-label links, escapes decoded", () => {
    const dev = mkdtempSync(join(tmpdir(), 'kiosk-dev-'));
    const byLabel = join(dev, 'by-label');
    mkdirSync(byLabel);
    for (const name of ['sdb1', 'sdd1']) writeFileSync(join(dev, name), '');
    symlinkSync(join(dev, 'sdb1'), join(byLabel, 'KINGSTON'));
    symlinkSync(join(dev, 'sdd1'), join(byLabel, 'MY\\x20STICK'));
    symlinkSync(join(dev, 'gone'), join(byLabel, 'PULLED'));
    expect(deviceLabels(byLabel)).toEqual(
      new Map([
        [realpathSync(join(dev, 'sdb1')), 'KINGSTON'],
        [realpathSync(join(dev, 'sdd1')), 'MY STICK'],
      ]),
    );
    expect(deviceLabels(join(dev, 'none'))).toEqual(new Map());
  });
});

describe('the pack files on a drive', () => {
  it('are the .json files at its top level, sorted: not the signatures, not other files, not folders', async () => {
    const drive = mkdtempSync(join(tmpdir(), 'kiosk-usb-'));
    for (const name of ['card-binding.json', 'card-binding.json.sig', 'b.JSON', 'photo.jpg', '.hidden.json']) writeFileSync(join(drive, name), '{}');
    mkdirSync(join(drive, 'folder.json'));
    mkdirSync(join(drive, 'packs'));
    writeFileSync(join(drive, 'packs', 'deeper.json'), '{}');
    expect(await packFilesOn(drive)).toEqual({ files: ['b.JSON', 'card-binding.json'], more: 0 });
  });

  it(`are listed up to ${MAX_PACK_FILES}, with how many more there are, and none on a drive that cannot be read`, async () => {
    const drive = mkdtempSync(join(tmpdir(), 'kiosk-usb-'));
    for (let i = 0; i < MAX_PACK_FILES + 10; i++) writeFileSync(join(drive, `pack-${String(i).padStart(3, '0')}.json`), '{}');
    const listed = await packFilesOn(drive);
    expect(listed.files).toHaveLength(MAX_PACK_FILES);
    expect(listed.files[0]).toBe('pack-000.json');
    expect(listed.more).toBe(10);
    expect(await packFilesOn(join(drive, 'unplugged'))).toEqual({ files: [], more: 0 });
  });
});

describe('a drive that does not answer', () => {
  const never = () => new Promise<never>(() => undefined);
  afterEach(forgetDriveCalls);

  it('counts as not there once the time is up, and is asked nothing more while that call hangs', async () => {
    let calls = 0;
    const hanging = () => {
      calls++;
      return never();
    };
    const started = Date.now();
    // Two looks at once share the one call.
    const [first, second] = await Promise.all([probe('stat', 'Z:\\', hanging, null, 60), probe('stat', 'Z:\\', hanging, null, 60)]);
    expect([first, second]).toEqual([null, null]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(isHung('Z:\\')).toBe(true);
    // Hung: no new call of any kind, and no wait for one.
    const freeSpace = async () => {
      calls++;
      return 7;
    };
    const asked = Date.now();
    expect(await probe('statfs', 'Z:\\', freeSpace, null, 60)).toBeNull();
    expect(await probe('stat', 'Z:\\', hanging, null, 60)).toBeNull();
    expect(Date.now() - asked).toBeLessThan(50);
    expect(calls).toBe(1);
    // Another path is asked as usual.
    expect(await probe('stat', 'Y:\\', async () => 'answered', null, 60)).toBe('answered');
  });

  it('is asked again once its late call has come back', async () => {
    let answer: (value: string) => void = () => undefined;
    const late = () => new Promise<string>((resolve) => (answer = resolve));
    expect(await probe('stat', 'X:\\', late, null, 30)).toBeNull();
    expect(isHung('X:\\')).toBe(true);
    answer('back');
    await new Promise((r) => setTimeout(r, 0));
    expect(isHung('X:\\')).toBe(false);
    expect(await probe('stat', 'X:\\', async () => 'answered', null, 60)).toBe('answered');
  });

  it('is asked again after a call that failed at once', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('EIO');
    };
    expect(await probe('readdir', '/media/usb-sdb1', failing, [], 60)).toEqual([]);
    expect(await probe('readdir', '/media/usb-sdb1', failing, [], 60)).toEqual([]);
    expect(calls).toBe(2);
    expect(isHung('/media/usb-sdb1')).toBe(false);
  });

  it('on Windows is left out of the list, and the letters are probed side by side: one timeout for six hung drives', async () => {
    // E: to J: are mapped network drives whose server is gone: their stat never returns.
    const gone = new Set(['E:\\', 'F:\\', 'G:\\', 'H:\\', 'I:\\', 'J:\\']);
    const devices: Record<string, number> = { 'C:\\': 1, 'D:\\': 2, 'K:\\': 4 };
    const stat = (p: string) => probe('stat', p, async (q): Promise<StatResult | null> => (gone.has(q) ? never() : q in devices ? { dev: devices[q]!, isDirectory: () => true } : null), null, 100);
    const started = Date.now();
    const drives = await listUsbDrives({ platform: 'win32', systemDrive: 'C:' }, stat);
    expect(drives.map((d) => d.label)).toEqual(['D:', 'K:']);
    // One after another, the six would take 600 ms.
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('on Linux is left out when its device number cannot be read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-media-'));
    for (const dir of ['usb-sdb1', 'usb-sdc1']) mkdirSync(join(root, dir));
    // sdc1 answers the mount check, then stops answering.
    let sdc1Looks = 0;
    const stat = async (p: string): Promise<StatResult | null> => {
      if (p === root) return { dev: 1, isDirectory: () => true };
      if (p === join(root, 'usb-sdb1')) return { dev: 5, isDirectory: () => true };
      if (p === join(root, 'usb-sdc1')) return ++sdc1Looks === 1 ? { dev: 6, isDirectory: () => true } : null;
      return null;
    };
    expect((await listUsbDrives({ platform: 'linux', roots: [root], labels: () => new Map() }, stat)).map((d) => d.label)).toEqual(['usb-sdb1']);
  });

  it('while a pack is read: a stick pulled mid-read answers null in time, and the drive leaves the lists until the read returns', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-media-'));
    const drive = join(root, 'usb-sdb1');
    mkdirSync(drive);
    const stat = async (p: string): Promise<StatResult | null> => (p === root ? { dev: 1, isDirectory: () => true } : p === drive ? { dev: 5, isDirectory: () => true } : null);
    const listed = async () => (await listUsbDrives({ platform: 'linux', roots: [root], labels: () => new Map() }, stat)).map((d) => d.path);
    expect(await listed()).toEqual([drive]);
    let reads = 0;
    const hangingRead = (): Promise<LimitedRead> => {
      reads++;
      return never();
    };
    const started = Date.now();
    expect(await readPackFromDrive(drive, 'card-binding.json', hangingRead, 60)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(isHung(drive)).toBe(true);
    // Tapped again: not read again while the first read is out.
    expect(await readPackFromDrive(drive, 'card-binding.json', hangingRead, 60)).toBeNull();
    expect(reads).toBe(1);
    expect(await listed()).toEqual([]);
  });

  it('while a pack is read: a signature that hangs after the pack was read answers null too', async () => {
    const drive = mkdtempSync(join(tmpdir(), 'kiosk-stick-'));
    const read = (file: string): Promise<LimitedRead> => (file.endsWith('.sig') ? never() : Promise.resolve({ ok: true, bytes: Buffer.from('{}') }));
    expect(await readPackFromDrive(drive, 'card-binding.json', read, 60)).toBeNull();
    expect(isHung(drive)).toBe(true);
  });
});

describe('reading a pack off a drive', () => {
  it('reads the file and its signature beside it, and says which one is missing', async () => {
    const drive = mkdtempSync(join(tmpdir(), 'kiosk-stick-'));
    writeFileSync(join(drive, 'card-binding.json'), '{"id":"x"}');
    writeFileSync(join(drive, 'card-binding.json.sig'), 'signature');
    writeFileSync(join(drive, 'unsigned.json'), '{}');
    const read = await readPackFromDrive(drive, 'card-binding.json');
    expect(read).toEqual({ name: 'card-binding.json', pack: { ok: true, bytes: Buffer.from('{"id":"x"}') }, signature: { ok: true, bytes: Buffer.from('signature') } });
    expect(await readPackFromDrive(drive, 'unsigned.json')).toMatchObject({ pack: { ok: true }, signature: { ok: false, cause: 'missing' } });
    expect(isHung(drive)).toBe(false);
  });
});
