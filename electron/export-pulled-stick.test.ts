/**
 * A stick that stops answering while the export's worker writes onto it (export-folder.ts onDrive
 * answers hung once EXPORT_WRITE_TIMEOUT_MS is up; export-folder.test.ts times out a real call): the
 * admin is told the drive is gone. Should the write come back after all, a good export is audited
 * then and anything else is taken off the drive.
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { handleCall } from './handlers';
import { makeTestContext, type TestContext } from './test/test-context';
import { listAudit } from '../db/audit';
import type { DriveWorkDone } from './export-folder';

const fake = vi.hoisted(() => ({ settle: (_late: unknown): void => undefined }));
vi.mock('./export-folder', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./export-folder')>()),
  onDrive: async (_drive: unknown, _work: unknown, late: (outcome: unknown) => void) => {
    fake.settle = late;
    return { kind: 'hung' };
  },
}));

async function exportToHungStick(): Promise<{ ctx: TestContext; folder: string; result: unknown }> {
  const ctx = makeTestContext();
  const token = ctx.tokens.issue('admin', ctx.now());
  await handleCall(ctx, 'updateSettings', { token, settings: { kioskPseudonym: 'branch-042' } });
  const stick = join(ctx.dir, 'usb');
  mkdirSync(stick);
  const result = await handleCall(ctx, 'exportStats', { token, drive: stick, from: null, to: null });
  return { ctx, folder: join(stick, 'help-kiosk-export-2026-11-20'), result };
}

async function comesBack(outcome: DriveWorkDone<unknown>): Promise<void> {
  fake.settle(outcome);
  await new Promise((r) => setTimeout(r, 50));
}

const exported = (ctx: TestContext) => listAudit(ctx.db, { limit: 5 }).filter((e) => e.action === 'stats_exported').map((e) => e.detail);

describe('exporting to a stick that stops answering mid-write', () => {
  it('answers drive_gone, and audits no export yet', async () => {
    const { ctx, result } = await exportToHungStick();
    expect(result).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringMatching(/stopped answering while the export was written to .*help-kiosk-export-2026-11-20/) } });
    expect(exported(ctx)).toEqual([]);
  });

  it('audits the export if it comes back written and checked', async () => {
    const { ctx } = await exportToHungStick();
    await comesBack({ kind: 'done', value: { problems: [], manifest: { period: { from: '2026-10-01', to: '2026-11-19' } } } });
    expect(exported(ctx)).toEqual(['2026-10-01..2026-11-19,late']);
  });

  it('takes the folder off the drive if the export comes back failed, or failing its check', async () => {
    const failed = await exportToHungStick();
    expect(existsSync(failed.folder)).toBe(true);
    await comesBack({ kind: 'failed', error: new Error('ENOSPC') });
    expect(existsSync(failed.folder)).toBe(false);
    const unchecked = await exportToHungStick();
    await comesBack({ kind: 'done', value: { problems: [{ file: 'answers.csv', message: 'bad' }], manifest: { period: { from: '2026-10-01', to: '2026-11-19' } } } });
    expect(existsSync(unchecked.folder)).toBe(false);
    expect(exported(unchecked.ctx)).toEqual([]);
  });
});
