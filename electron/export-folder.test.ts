/** The export's own folder on a drive (electron/export-folder.ts); the handler tests export through it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeExportFolder, MAX_EXPORTS_PER_FOLDER_AND_DAY, onDrive, removeExportFolder } from './export-folder';
import { forgetDriveCalls, isHung, probe, type UsbDrive } from './usb-drives';

function stick(): UsbDrive {
  const path = mkdtempSync(join(tmpdir(), 'kiosk-stick-'));
  return { path, label: 'STICK', freeBytes: null, dev: statSync(path).dev };
}

describe("an export's folder", () => {
  afterEach(forgetDriveCalls);

  it('is refused once the drive holds the most exports of one day, and nothing more is made', async () => {
    const drive = stick();
    for (let n = 1; n < MAX_EXPORTS_PER_FOLDER_AND_DAY; n++) mkdirSync(join(drive.path, n === 1 ? 'help-kiosk-export-2026-12-07' : `help-kiosk-export-2026-12-07-${n}`));
    expect(await makeExportFolder(drive, '2026-12-07')).toEqual({ kind: 'made', dir: join(drive.path, `help-kiosk-export-2026-12-07-${MAX_EXPORTS_PER_FOLDER_AND_DAY}`) });
    expect(await makeExportFolder(drive, '2026-12-07')).toEqual({ kind: 'too_many' });
    expect(readdirSync(drive.path)).toHaveLength(MAX_EXPORTS_PER_FOLDER_AND_DAY);
    // Another day starts again at the plain name.
    expect(await makeExportFolder(drive, '2026-12-08')).toEqual({ kind: 'made', dir: join(drive.path, 'help-kiosk-export-2026-12-08') });
  });

  it('is not made on a drive that stopped answering, and the main process does not wait for it', async () => {
    const drive = stick();
    // An earlier call on the drive that never came back.
    expect(await probe('statfs', drive.path, () => new Promise<never>(() => undefined), null, 10)).toBeNull();
    expect(isHung(drive.path)).toBe(true);
    const started = Date.now();
    expect(await makeExportFolder(drive, '2026-12-07')).toEqual({ kind: 'hung' });
    expect(Date.now() - started).toBeLessThan(100);
    expect(readdirSync(drive.path)).toEqual([]);
  });

  it('is removed with everything in it when the export fails its check', async () => {
    const drive = stick();
    const made = await makeExportFolder(drive, '2026-12-07');
    if (made.kind !== 'made') throw new Error(made.kind);
    writeFileSync(join(made.dir, 'answers.csv'), 'half written');
    expect(await removeExportFolder(made.dir, drive)).toBe(true);
    expect(readdirSync(drive.path)).toEqual([]);
  });

  it("gets the export's write with a time limit: its value, its error, or hung, and a hung drive is asked nothing more", async () => {
    const drive = stick();
    const late = vi.fn();
    expect(await onDrive(drive, async () => 'written', late, 50)).toEqual({ kind: 'done', value: 'written' });
    const full = new Error('ENOSPC');
    expect(await onDrive(drive, async () => Promise.reject(full), late, 50)).toEqual({ kind: 'failed', error: full });
    expect(isHung(drive.path)).toBe(false);
    expect(await onDrive(drive, () => new Promise<never>(() => undefined), late, 20)).toEqual({ kind: 'hung' });
    expect(isHung(drive.path)).toBe(true);
    let asked = false;
    expect(await onDrive(drive, async () => (asked = true), late, 50)).toEqual({ kind: 'hung' });
    expect(asked).toBe(false);
    expect(late).not.toHaveBeenCalled();
  });

  it('hands what a write that ran past its time comes back with to the late handler, once', async () => {
    const drive = stick();
    let finish: (value: string) => void = () => undefined;
    const late = vi.fn();
    expect(await onDrive(drive, () => new Promise<string>((resolve) => (finish = resolve)), late, 20)).toEqual({ kind: 'hung' });
    expect(late).not.toHaveBeenCalled();
    finish('written at last');
    await new Promise((r) => setTimeout(r, 0));
    expect(late.mock.calls).toEqual([[{ kind: 'done', value: 'written at last' }]]);
    expect(isHung(drive.path)).toBe(false);
  });

  it('is a folder of its own for each of two exports started at once', async () => {
    const drive = stick();
    const both = await Promise.all([makeExportFolder(drive, '2026-12-07'), makeExportFolder(drive, '2026-12-07')]);
    expect(both.map((f) => (f.kind === 'made' ? f.dir : f.kind)).sort()).toEqual([join(drive.path, 'help-kiosk-export-2026-12-07'), join(drive.path, 'help-kiosk-export-2026-12-07-2')]);
  });
});
