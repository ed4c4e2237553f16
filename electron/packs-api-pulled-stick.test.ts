/**
 * A stick pulled while its pack is read (electron/usb-drives.ts readPackFromDrive answers null once
 * its time is up): the admin is told the drive is gone, the active pack keeps serving, nothing is
 * audited as an import. The read itself is faked here; usb-drives.test.ts times out a real probe.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { handleCall } from './handlers';
import { makeTestContext } from './test/test-context';
import { listAudit } from '../db/audit';
import { fixturePack } from '../db/test/fixture-pack';
import { devPrivateKey, writePackFile } from '../db/test/signed-pack';

vi.mock('./usb-drives', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./usb-drives')>()),
  readPackFromDrive: async () => null,
}));

describe('importing from a stick that stops answering mid-read', () => {
  it('answers drive_gone and imports nothing', async () => {
    const ctx = makeTestContext();
    const drive = join(ctx.dir, 'usb-stick');
    mkdirSync(drive);
    const file = writePackFile(drive, { ...fixturePack(), version: '1.1.0' }, devPrivateKey());
    ctx.drives = [drive];
    const result = await handleCall(ctx, 'importPackFromUsb', { token: ctx.tokens.issue('admin', ctx.now()), drive, file: basename(file) });
    expect(result).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringContaining('stopped answering') } });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
    expect(listAudit(ctx.db, { limit: 5 }).map((e) => e.action)).not.toContain('pack_imported');
  });
});
