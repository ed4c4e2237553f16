/**
 * A stick that stops answering while the export's worker writes onto it (export-folder.ts onDrive
 * answers hung once EXPORT_WRITE_TIMEOUT_MS is up; export-folder.test.ts times out a real call): the
 * admin is told the drive is gone and not to use the folder, and no export is audited.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { handleCall } from './handlers';
import { makeTestContext } from './test/test-context';
import { listAudit } from '../db/audit';

vi.mock('./export-folder', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./export-folder')>()),
  onDrive: async () => ({ kind: 'hung' }),
}));

describe('exporting to a stick that stops answering mid-write', () => {
  it('answers drive_gone, names the folder not to use, and audits no export', async () => {
    const ctx = makeTestContext();
    const token = ctx.tokens.issue('admin', ctx.now());
    await handleCall(ctx, 'updateSettings', { token, settings: { kioskPseudonym: 'branch-042' } });
    const stick = join(ctx.dir, 'usb');
    mkdirSync(stick);
    expect(await handleCall(ctx, 'exportStats', { token, drive: stick, from: null, to: null })).toMatchObject({
      ok: false,
      error: { code: 'drive_gone', message: expect.stringMatching(/stopped answering while the export was written: do not use .*help-kiosk-export-2026-11-20/) },
    });
    expect(listAudit(ctx.db, { limit: 5 }).map((e) => e.action)).not.toContain('stats_exported');
  });
});
