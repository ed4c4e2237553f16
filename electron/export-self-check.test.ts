/**
 * An export that fails its own check (db/verify-export.ts) must not stay on the stick, where branch IT
 * could take it for a good one. The worker is replaced here: a real export never fails its check.
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportJob, ExportResult } from '../db/export-worker';

vi.mock('../db/export-worker', () => ({
  runExportInWorker: async (job: ExportJob): Promise<ExportResult> => {
    writeFileSync(join(job.outDir, 'outcomes.csv'), 'day,locale\r\n');
    writeFileSync(join(job.outDir, 'manifest.json'), '{}');
    return {
      dir: job.outDir,
      manifest: { period: { from: '2026-11-01', to: '2026-11-19' }, files: [], k: 11 },
      problems: [{ file: 'outcomes.csv', message: 'sha256 does not match the manifest' }],
    } as unknown as ExportResult;
  },
}));

const { handleCall } = await import('./handlers');
const { makeTestContext } = await import('./test/test-context');

describe('an export that fails its own check', () => {
  it('is taken off the drive, and the admin is told why', async () => {
    const ctx = makeTestContext();
    const token = ctx.tokens.issue('admin', ctx.now());
    const stick = ctx.drives[0]!;
    mkdirSync(stick);
    writeFileSync(join(stick, 'photo.jpg'), 'not ours');
    const result = await handleCall(ctx, 'exportStats', { token, drive: stick, from: null, to: null });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'export_failed',
        message: 'The export did not pass its own check, so its files were taken off the drive.',
        details: ['outcomes.csv sha256 does not match the manifest'],
      },
    });
    expect(readdirSync(stick)).toEqual(['photo.jpg']);
    expect(existsSync(join(stick, 'help-kiosk-export-2026-11-20'))).toBe(false);
  });
});
