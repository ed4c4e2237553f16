/** The content-pack methods (issue 5) through the shared handler table: admin only, audited, every refusal a result. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { handleCall, MAX_IMPORT_PROBLEMS } from './handlers';
import { makeTestContext, type TestContext } from './test/test-context';
import { listAudit } from '../db/audit';
import { fixturePack } from '../db/test/fixture-pack';
import { devPrivateKey, writePackFile } from '../db/test/signed-pack';
import type { PackHistory, PackImportResult } from './api';

function admin(ctx: TestContext): string {
  return ctx.tokens.issue('admin', ctx.now());
}

function stick(ctx: TestContext): string {
  const dir = join(ctx.dir, 'usb-stick');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Imports `file` as the admin would: its folder is the drive plugged in, the file tapped in its list. */
async function importFrom(ctx: TestContext, file: string): Promise<PackImportResult> {
  ctx.drives = [dirname(file)];
  const result = await handleCall(ctx, 'importPackFromUsb', { token: admin(ctx), drive: dirname(file), file: basename(file) });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as PackImportResult;
}

async function packs(ctx: TestContext): Promise<PackHistory> {
  const result = await handleCall(ctx, 'listPacks', { token: admin(ctx) });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as PackHistory;
}

describe('content packs through the API', () => {
  it('need an admin token: none, a staff token or an expired one is refused before anything runs', async () => {
    const ctx = makeTestContext();
    const staff = ctx.tokens.issue('staff', ctx.now());
    for (const method of ['listPacks', 'importPackFromUsb', 'rollbackPack']) {
      expect(await handleCall(ctx, method, {})).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      const rest = method === 'importPackFromUsb' ? { drive: join(ctx.dir, 'usb'), file: 'card-binding.json' } : {};
      expect(await handleCall(ctx, method, { token: staff, ...rest })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(await handleCall(ctx, method, { token: 'f'.repeat(64), ...rest })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('list the active pack, with no previous one on a fresh kiosk', async () => {
    const ctx = makeTestContext();
    expect(await packs(ctx)).toMatchObject({
      active: { packId: 'fixture_pack', version: '1.0.0', active: true, source: 'bundled', signedBy: null, rolledBack: false },
      previous: null,
      all: [{ version: '1.0.0' }],
    });
  });

  it("import only a file at a listed drive's top level: a path, another folder or an unplugged drive is refused, nothing read", async () => {
    const ctx = makeTestContext();
    const dir = stick(ctx);
    const good = writePackFile(dir, { ...fixturePack(), version: '1.1.0' }, devPrivateKey());
    mkdirSync(join(ctx.dir, 'kiosk-disk'));
    const elsewhere = writePackFile(join(ctx.dir, 'kiosk-disk'), { ...fixturePack(), version: '1.1.0' }, devPrivateKey());
    ctx.drives = [dir];
    const call = (drive: string, file: string) => handleCall(ctx, 'importPackFromUsb', { token: admin(ctx), drive, file });
    // A file name with a folder part never passes the argument check.
    for (const file of ['../kiosk-disk/card-binding.json', 'sub/card-binding.json', '..\\card-binding.json']) {
      expect(await call(dir, file)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    }
    expect(await call(dirname(elsewhere), basename(elsewhere))).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringContaining('not connected') } });
    expect(await call(dir, 'missing.json')).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringContaining('missing.json is not on the USB drive') } });
    expect(await call(dir, `${basename(good)}.sig`)).toMatchObject({ ok: false, error: { code: 'drive_gone' } });
    ctx.drives = [];
    expect(await call(dir, basename(good))).toMatchObject({ ok: false, error: { code: 'drive_gone' } });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
    expect(listAudit(ctx.db, { limit: 5 }).map((e) => e.action)).not.toContain('pack_import_rejected');
  });

  it('import a good signed pack, then roll back to the previous one; both audited', async () => {
    const ctx = makeTestContext();
    const file = writePackFile(stick(ctx), { ...fixturePack(), version: '1.1.0' }, devPrivateKey());
    expect(await importFrom(ctx, file)).toEqual({ status: 'imported', packId: 'fixture_pack', version: '1.1.0', signedBy: 'help-kiosk development key' });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.1.0' } });
    expect(await packs(ctx)).toMatchObject({ active: { version: '1.1.0', source: 'usb' }, previous: { version: '1.0.0' } });

    const rolled = await handleCall(ctx, 'rollbackPack', { token: admin(ctx) });
    expect(rolled).toMatchObject({ ok: true, value: { active: { version: '1.0.0' }, previous: null } });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
    expect(listAudit(ctx.db, { limit: 2 }).map((e) => [e.role, e.action])).toEqual([
      ['admin', 'pack_rolled_back'],
      ['admin', 'pack_imported'],
    ]);
  });

  it('rollback with no previous pack is refused, and the active pack stays', async () => {
    const ctx = makeTestContext();
    expect(await handleCall(ctx, 'rollbackPack', { token: admin(ctx) })).toEqual({
      ok: false,
      error: { code: 'rejected', message: 'There is no previous content pack to roll back to.', details: [] },
    });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
  });

  it('an unsigned, a tampered and a bad pack are answered with their problems; the active pack keeps serving', async () => {
    const ctx = makeTestContext();
    const dir = stick(ctx);
    const unsigned = writePackFile(dir, { ...fixturePack(), version: '1.1.0' }, null, 'unsigned.json');
    expect(await importFrom(ctx, unsigned)).toMatchObject({ status: 'rejected', reason: 'unsigned', problems: [{ path: '(signature)' }] });

    const tampered = writePackFile(dir, { ...fixturePack(), version: '1.1.0' }, devPrivateKey(), 'tampered.json');
    writePackFile(dir, { ...fixturePack(), version: '1.1.1' }, null, 'tampered.json');
    expect(await importFrom(ctx, tampered)).toMatchObject({ status: 'rejected', reason: 'bad_signature' });

    const bad = { ...fixturePack(), version: '1.1.0', startQuestion: 'nowhere' };
    expect(await importFrom(ctx, writePackFile(dir, bad, devPrivateKey(), 'bad.json'))).toEqual({
      status: 'rejected',
      reason: 'invalid_pack',
      problems: [{ path: 'startQuestion', message: 'unknown question "nowhere"' }],
    });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
    expect(listAudit(ctx.db, { limit: 3 }).map((e) => e.detail)).toEqual(['reason=invalid_pack,problems=1', 'reason=bad_signature,problems=1', 'reason=unsigned,problems=1']);
  });

  it('a packaged kiosk (no development trust) refuses a pack signed with the development key', async () => {
    const ctx = makeTestContext();
    ctx.trustDevelopmentKey = false;
    const file = writePackFile(stick(ctx), { ...fixturePack(), version: '1.1.0' }, devPrivateKey());
    expect(await importFrom(ctx, file)).toMatchObject({ status: 'rejected', reason: 'untrusted_key' });
  });

  it(`lists at most ${MAX_IMPORT_PROBLEMS} problems, the last one counting the rest`, async () => {
    const ctx = makeTestContext();
    const pack = fixturePack();
    const texts = { 'zh-Hans': '', 'zh-Hant': '', en: '' };
    const many = { ...pack, version: '1.1.0', causes: Array.from({ length: 150 }, (_, i) => ({ ...pack.causes[0]!, id: `cause_${i}`, title: texts, summary: texts })) };
    const result = await importFrom(ctx, writePackFile(stick(ctx), many, devPrivateKey()));
    expect(result).toMatchObject({ status: 'rejected', reason: 'invalid_pack' });
    const problems = (result as { problems: { path: string; message: string }[] }).problems;
    expect(problems).toHaveLength(MAX_IMPORT_PROBLEMS);
    expect(problems.at(-1)).toEqual({ path: '(pack)', message: expect.stringMatching(/^\d+ more problems not listed here; "npm run pack:check" lists them all$/) });
  });

  it("refuses a pack whose characters the kiosk's fonts do not draw, as the build's font list says", async () => {
    const ctx = makeTestContext();
    // Latin only: the fixture pack's Chinese is outside it.
    writeFileSync(ctx.fontCoverageFile, JSON.stringify({ sc: [[0x20, 0x7e]], tc: [[0x20, 0x7e]] }));
    const result = await importFrom(ctx, writePackFile(stick(ctx), { ...fixturePack(), version: '1.1.0' }, devPrivateKey()));
    expect(result).toMatchObject({ status: 'rejected', reason: 'undrawable_text', problems: expect.arrayContaining([{ path: 'title.zh-Hans', message: expect.stringMatching(/would show as empty boxes/) }]) });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
  });

  it('without the font list (an incomplete install) imports nothing and says which file is missing', async () => {
    const ctx = makeTestContext();
    rmSync(ctx.fontCoverageFile);
    const file = writePackFile(stick(ctx), { ...fixturePack(), version: '1.1.0' }, devPrivateKey());
    ctx.drives = [dirname(file)];
    const result = await handleCall(ctx, 'importPackFromUsb', { token: admin(ctx), drive: dirname(file), file: basename(file) });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: `Cannot check the pack's characters against this kiosk's fonts: ${ctx.fontCoverageFile} cannot be read (ENOENT): the installation is incomplete.`,
        details: [],
      },
    });
    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packVersion: '1.0.0' } });
  });
});
