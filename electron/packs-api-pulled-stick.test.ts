/**
 * A stick pulled while its pack is read: the admin is told the drive is gone (and the page lists the
 * drives again), the active pack keeps serving, nothing is audited as an import. The reads are faked
 * here, as electron/usb-drives.ts readPackFromDrive answers them: null once a read ran out of time
 * (usb-drives.test.ts times out a real probe), or a failed read when the stick went a moment earlier.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { handleCall } from './handlers';
import { makeTestContext, type TestContext } from './test/test-context';
import { listAudit } from '../db/audit';
import type { PackFileBytes } from '../db/pack-file-import';
import { fixturePack } from '../db/test/fixture-pack';
import { devPrivateKey, writePackFile } from '../db/test/signed-pack';

const fake = vi.hoisted(() => ({ read: async (): Promise<PackFileBytes | null> => null }));
vi.mock('./usb-drives', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./usb-drives')>()),
  readPackFromDrive: () => fake.read(),
}));

function kioskWithStick(): { ctx: TestContext; drive: string; file: string } {
  const ctx = makeTestContext();
  const drive = join(ctx.dir, 'usb-stick');
  mkdirSync(drive);
  const file = writePackFile(drive, { ...fixturePack(), version: '1.1.0' }, devPrivateKey());
  ctx.drives = [drive];
  return { ctx, drive, file };
}

async function importAndCheckNothingChanged(ctx: TestContext, drive: string, file: string): Promise<unknown> {
  const result = await handleCall(ctx, 'importPackFromUsb', { token: ctx.tokens.issue('admin', ctx.now()), drive, file: basename(file) });
  expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
  expect(listAudit(ctx.db, { limit: 5 }).map((e) => e.action)).not.toContain('pack_imported');
  return result;
}

describe('importing from a stick pulled mid-read', () => {
  it('that stopped answering: drive_gone', async () => {
    const { ctx, drive, file } = kioskWithStick();
    fake.read = async () => null;
    expect(await importAndCheckNothingChanged(ctx, drive, file)).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringContaining('stopped answering') } });
  });

  it('whose signature then could not be opened: drive_gone, not "unsigned"', async () => {
    const { ctx, drive, file } = kioskWithStick();
    fake.read = async () => {
      // The pack read, then the stick pulled: its mount point is no drive any more, the .sig is not there.
      ctx.drives = [];
      return { name: basename(file), pack: { ok: true, bytes: readFileSync(file) }, signature: { ok: false, cause: 'missing', message: 'cannot be read (ENOENT)' } };
    };
    expect(await importAndCheckNothingChanged(ctx, drive, file)).toMatchObject({ ok: false, error: { code: 'drive_gone' } });
    expect(listAudit(ctx.db, { limit: 5 }).map((e) => e.action)).not.toContain('pack_import_rejected');
  });

  it('whose read failed (EIO) while the drive is still listed but the file is gone: drive_gone', async () => {
    const { ctx, drive, file } = kioskWithStick();
    fake.read = async () => {
      // Pulled and a different stick plugged in at the same mount point, without the file.
      rmSync(file);
      return { name: basename(file), pack: { ok: false, cause: 'io', message: 'cannot be read (EIO)' }, signature: { ok: false, cause: 'io', message: 'cannot be read (EIO)' } };
    };
    expect(await importAndCheckNothingChanged(ctx, drive, file)).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringContaining('is not on the USB drive') } });
  });

  it('a read that failed on a stick still there is the rejection it always was, audited', async () => {
    const { ctx, drive, file } = kioskWithStick();
    fake.read = async () => ({ name: basename(file), pack: { ok: false, cause: 'io', message: 'cannot be read (EIO)' }, signature: { ok: false, cause: 'io', message: 'cannot be read (EIO)' } });
    expect(await importAndCheckNothingChanged(ctx, drive, file)).toMatchObject({ ok: true, value: { status: 'rejected', reason: 'unreadable', problems: [{ message: `${basename(file)} cannot be read (EIO)` }] } });
    expect(listAudit(ctx.db, { limit: 5 }).map((e) => e.action)).toContain('pack_import_rejected');
  });
});
