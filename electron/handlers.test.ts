import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyExport } from '../db/verify-export';
import { openStore } from '../db/store';
import { handleCall } from './handlers';
import { API_METHODS } from './api-methods';
import { argumentSchemas } from './api';
import { makeTestContext } from './test/test-context';
import { listAudit } from '../db/audit';
import { forgetDriveCalls, MAX_PACK_FILES, probe } from './usb-drives';

/** A kiosk an admin can export from: unlocked, with the pseudonym an export needs. */
async function readyToExport() {
  const ctx = makeTestContext();
  const token = ctx.tokens.issue('admin', ctx.now());
  await handleCall(ctx, 'updateSettings', { token, settings: { kioskPseudonym: 'branch-042' } });
  return { ctx, token };
}

describe('handleCall: content', () => {
  it('has a schema for every method and a method for every schema', () => {
    expect(Object.keys(argumentSchemas).sort()).toEqual([...API_METHODS].sort());
  });

  it('answers getContent from the store in the asked locale', async () => {
    const result = await handleCall(makeTestContext(), 'getContent', { locale: 'zh-Hans' });
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.value as { title: string }).title).toBe('简:Fixture pack');
  });

  it('answers getKioskInfo with the active pack', async () => {
    expect(await handleCall(makeTestContext(), 'getKioskInfo', {})).toEqual({
      ok: true,
      value: { packId: 'fixture_pack', packVersion: '1.0.0', locales: ['zh-Hans', 'zh-Hant', 'en'], idleTimeoutSeconds: 90 },
    });
  });

  it.each([
    ['a missing argument', undefined, '(argument): Invalid input: expected object, received undefined'],
    ['an unknown locale', { locale: 'fr' }, 'locale: Invalid option: expected one of "zh-Hans"|"zh-Hant"|"en"'],
    ['an extra key', { locale: 'en', sql: 'DROP TABLE pack' }, '(argument): Unrecognized key: "sql"'],
    ['a wrong type', { locale: 42 }, 'locale: Invalid option: expected one of "zh-Hans"|"zh-Hant"|"en"'],
  ])('rejects %s with a specific message', async (_name, arg, detail) => {
    const result = await handleCall(makeTestContext(), 'getContent', arg);
    expect(result).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'Invalid argument for getContent.', details: [detail] } });
  });

  it('rejects an unknown method without running anything', async () => {
    expect(await handleCall(makeTestContext(), '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('reports a missing pack as its own error kind', async () => {
    expect(await handleCall(makeTestContext({ withPack: false }), 'getContent', { locale: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'no_active_pack' },
    });
  });

  it('turns an internal failure into a structured error instead of throwing', async () => {
    const ctx = makeTestContext();
    ctx.db.close();
    expect(await handleCall(ctx, 'getContent', { locale: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('getContent failed') },
    });
  });
});

describe('handleCall: session log', () => {
  it('logs a session from first tap to outcome, and refuses events after the end', async () => {
    const ctx = makeTestContext();
    const started = await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null });
    expect(started).toEqual({ ok: true, value: { sessionId: expect.any(Number), assisted: false } });
    const sessionId = (started as { value: { sessionId: number } }).value.sessionId;
    expect(await handleCall(ctx, 'logEvent', { sessionId, event: { type: 'answer', questionId: 'start', answerId: 'no_load' } })).toEqual({ ok: true, value: {} });
    expect(await handleCall(ctx, 'endSession', { sessionId, outcome: 'resolved' })).toEqual({ ok: true, value: {} });
    const late = await handleCall(ctx, 'logEvent', { sessionId, event: { type: 'cause_shown', causeId: 'network', rank: 0 } });
    expect(late).toMatchObject({ ok: false, error: { code: 'rejected' } });
  });

  it('cannot carry free text: an event with an extra field or a sentence as an id is refused', async () => {
    const ctx = makeTestContext();
    const { value } = (await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })) as { value: { sessionId: number } };
    const withNote = await handleCall(ctx, 'logEvent', { sessionId: value.sessionId, event: { type: 'answer', questionId: 'start', answerId: 'no_load', note: 'my card 6222…' } });
    expect(withNote).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const sentence = await handleCall(ctx, 'logEvent', { sessionId: value.sessionId, event: { type: 'answer', questionId: 'start', answerId: 'My name is Li Wei' } });
    expect(sentence).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it("logs only ids of the session's own pack, so no word of a renderer's choosing reaches an export", async () => {
    const ctx = makeTestContext();
    const { value } = (await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })) as { value: { sessionId: number } };
    const log = (event: object) => handleCall(ctx, 'logEvent', { sessionId: value.sessionId, event });
    // Well-formed, but not in fixture_pack 1.0.0.
    const refused: [object, string][] = [
      [{ type: 'answer', questionId: 'start', answerId: 'call_me_at_13800138000' }, 'answer "start.call_me_at_13800138000" is not in pack fixture_pack 1.0.0'],
      [{ type: 'answer', questionId: 'which_message', answerId: 'no_load' }, 'answer "which_message.no_load" is not in pack fixture_pack 1.0.0'],
      [{ type: 'cause_shown', causeId: 'li_wei', rank: 0 }, 'cause "li_wei" is not in pack fixture_pack 1.0.0'],
      [{ type: 'step_done', causeId: 'network', stepId: 'wait', done: true }, 'step "network.wait" is not in pack fixture_pack 1.0.0'],
      [{ type: 'handoff_chosen', causeId: 'nowhere', kind: 'counter' }, 'cause "nowhere" is not in pack fixture_pack 1.0.0'],
    ];
    for (const [event, problem] of refused) {
      expect(await log(event)).toEqual({ ok: false, error: { code: 'rejected', message: expect.stringContaining("its session's pack does not have"), details: [problem] } });
    }
    const accepted = [
      { type: 'answer', questionId: 'which_message', answerId: 'phone' },
      { type: 'cause_shown', causeId: 'reserved_phone', rank: 0 },
      { type: 'step_done', causeId: 'network', stepId: 'retry', done: true },
      { type: 'handoff_chosen', causeId: null, kind: 'counter' },
      { type: 'locale_changed', locale: 'zh-Hant' },
    ];
    for (const event of accepted) expect(await log(event)).toEqual({ ok: true, value: {} });
    const logged = ctx.db.prepare('SELECT count(*) FROM session_event WHERE session_id = ?').pluck().get(value.sessionId);
    expect(logged).toBe(accepted.length);
  });

  it('tags a session as assisted only with a live staff token, not on the UI\'s word', async () => {
    const ctx = makeTestContext();
    const forged = await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: 'a'.repeat(64) });
    expect(forged).toMatchObject({ ok: true, value: { assisted: false } });
    const token = ctx.tokens.issue('staff', ctx.now());
    expect(await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: token })).toMatchObject({ ok: true, value: { assisted: true } });
  });
});

describe('handleCall: staff and admin access', () => {
  it('first start: no admin PIN until one is set up, and only once', async () => {
    const ctx = makeTestContext();
    expect(await handleCall(ctx, 'getAccessStatus', {})).toEqual({ ok: true, value: { adminConfigured: false, staffConfigured: false, lockedUntil: null } });
    expect(await handleCall(ctx, 'unlock', { pin: '482913' })).toEqual({ ok: true, value: { status: 'not_configured' } });
    const setUp = await handleCall(ctx, 'setupAdminPin', { pin: '482913' });
    expect(setUp).toEqual({ ok: true, value: { token: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(await handleCall(ctx, 'setupAdminPin', { pin: '739164' })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await handleCall(ctx, 'unlock', { pin: '482913' })).toMatchObject({ ok: true, value: { status: 'unlocked', role: 'admin' } });
  });

  it('refuses a weak PIN with a message the admin can act on, and a reason the screen can put in its language', async () => {
    const ctx = makeTestContext();
    const weak = await handleCall(ctx, 'setupAdminPin', { pin: '123456' });
    expect(weak).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringMatching(/PIN/), reason: 'pin_too_easy' } });
    const setUp = await handleCall(ctx, 'setupAdminPin', { pin: '482913' });
    expect(setUp).toMatchObject({ ok: true });
    const token = (setUp as { ok: true; value: { token: string } }).value.token;
    const same = await handleCall(ctx, 'changePin', { token, role: 'staff', pin: '482913' });
    expect(same).toMatchObject({ ok: false, error: { code: 'rejected', reason: 'pin_same_as_other_role' } });
  });

  it('counts wrong PINs down and then locks the pad', async () => {
    const ctx = makeTestContext();
    await handleCall(ctx, 'setupAdminPin', { pin: '482913' });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await handleCall(ctx, 'unlock', { pin: '000111' }));
    expect(answers.slice(0, 4).map((a) => (a as { value: { remainingTries: number } }).value.remainingTries)).toEqual([4, 3, 2, 1]);
    expect(answers[4]).toMatchObject({ ok: true, value: { status: 'locked' } });
    expect(await handleCall(ctx, 'unlock', { pin: '482913' })).toMatchObject({ ok: true, value: { status: 'locked' } });
  });

  it('runs the self-test only for an admin token', async () => {
    const ctx = makeTestContext();
    expect(await handleCall(ctx, 'getSelfTest', { token: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const staff = ctx.tokens.issue('staff', ctx.now());
    expect(await handleCall(ctx, 'getSelfTest', { token: staff })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handleCall(ctx, 'getSelfTest', {})).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const admin = ctx.tokens.issue('admin', ctx.now());
    expect(await handleCall(ctx, 'getSelfTest', { token: admin })).toEqual({ ok: true, value: { shell: 'harness', checks: [] } });
  });

  it('keeps an unlock alive while staff use it, but not while only customers start sessions under it', async () => {
    const ctx = makeTestContext();
    const staff = ctx.tokens.issue('staff', ctx.now());
    const minutes = (n: number) => {
      ctx.clock.now = new Date(ctx.clock.now.getTime() + n * 60_000);
    };
    // Staff touching the screen every few minutes: still unlocked after a quarter of an hour.
    for (let i = 0; i < 5; i++) {
      minutes(3);
      expect(await handleCall(ctx, 'keepUnlocked', { token: staff })).toEqual({ ok: true, value: {} });
    }
    // Staff walked away; customers keep starting sessions under the token left on the screen.
    for (let i = 0; i < 4; i++) {
      minutes(1.5);
      const session = await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: staff });
      expect(session).toMatchObject({ ok: true, value: { assisted: i < 3 } });
    }
    // Five minutes after the last staff touch the unlock has lapsed, whatever the customers did.
    expect(await handleCall(ctx, 'keepUnlocked', { token: staff })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handleCall(ctx, 'keepUnlocked', { token: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('keeps admin methods behind an admin token: none, staff, expired and locked tokens are refused', async () => {
    const ctx = makeTestContext();
    const noToken = await handleCall(ctx, 'getSettings', { token: 'f'.repeat(64) });
    expect(noToken).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const staff = ctx.tokens.issue('staff', ctx.now());
    expect(await handleCall(ctx, 'getSettings', { token: staff })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const admin = ctx.tokens.issue('admin', ctx.now());
    expect(await handleCall(ctx, 'getSettings', { token: admin })).toMatchObject({ ok: true });
    await handleCall(ctx, 'lock', { token: admin });
    expect(await handleCall(ctx, 'getSettings', { token: admin })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const later = ctx.tokens.issue('admin', ctx.now());
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 10 * 60_000);
    expect(await handleCall(ctx, 'quitKiosk', { token: later })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(ctx.quitCalls).toBe(0);
  });

  it('changes settings with validation, and audits it', async () => {
    const ctx = makeTestContext();
    const token = ctx.tokens.issue('admin', ctx.now());
    expect(await handleCall(ctx, 'getSettings', { token })).toEqual({
      ok: true,
      value: { idleTimeoutSeconds: 90, statsK: 11, retentionDays: 90, kioskPseudonym: null, nightlyRestartHour: -1 },
    });
    expect(await handleCall(ctx, 'updateSettings', { token, settings: { statsK: 4 } })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await handleCall(ctx, 'updateSettings', { token, settings: { nightlyRestartHour: 24 } })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await handleCall(ctx, 'updateSettings', { token, settings: { nightlyRestartHour: 4 } })).toMatchObject({ ok: true, value: { nightlyRestartHour: 4 } });
    const saved = await handleCall(ctx, 'updateSettings', { token, settings: { statsK: 20, kioskPseudonym: 'branch-042' } });
    expect(saved).toMatchObject({ ok: true, value: { statsK: 20, kioskPseudonym: 'branch-042' } });
    expect(listAudit(ctx.db, { limit: 10 }).map((a) => a.action)).toContain('settings_changed');
  });

  it('lists the USB drives plugged in, each with the pack files at its top level', async () => {
    const ctx = makeTestContext();
    const token = ctx.tokens.issue('admin', ctx.now());
    const stick = join(ctx.dir, 'usb');
    mkdirSync(join(stick, 'packs'), { recursive: true });
    for (const name of ['card-binding.json', 'card-binding.json.sig', 'photo.jpg', 'Old.JSON']) writeFileSync(join(stick, name), 'x');
    writeFileSync(join(stick, 'packs', 'deeper.json'), 'x');
    expect(await handleCall(ctx, 'listUsbDrives', { token })).toEqual({
      ok: true,
      value: [{ path: stick, label: 'usb', freeBytes: null, packFiles: ['Old.JSON', 'card-binding.json'], morePackFiles: 0 }],
    });
    ctx.drives = [];
    expect(await handleCall(ctx, 'listUsbDrives', { token })).toEqual({ ok: true, value: [] });
    const staff = ctx.tokens.issue('staff', ctx.now());
    expect(await handleCall(ctx, 'listUsbDrives', { token: staff })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it(`lists at most ${MAX_PACK_FILES} pack files of a drive, says how many more, and imports only a listed one`, async () => {
    const ctx = makeTestContext();
    const token = ctx.tokens.issue('admin', ctx.now());
    const stick = join(ctx.dir, 'usb');
    mkdirSync(stick);
    for (let i = 0; i < MAX_PACK_FILES + 3; i++) writeFileSync(join(stick, `pack-${String(i).padStart(2, '0')}.json`), '{}');
    const listed = (await handleCall(ctx, 'listUsbDrives', { token })) as { value: { packFiles: string[]; morePackFiles: number }[] };
    expect(listed.value[0]!.packFiles).toHaveLength(MAX_PACK_FILES);
    expect(listed.value[0]!.morePackFiles).toBe(3);
    const unlisted = `pack-${MAX_PACK_FILES + 2}.json`;
    expect(await handleCall(ctx, 'importPackFromUsb', { token, drive: stick, file: unlisted })).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringContaining(unlisted) } });
  });

  it('refuses to export into a mount point a pulled stick left behind on the kiosk\'s own disk, and leaves nothing there', async () => {
    const { ctx, token } = await readyToExport();
    const mountPoint = join(ctx.dir, 'usb-sdb1');
    mkdirSync(mountPoint);
    // Listed while the stick was in (its device), pulled before the folder was made (the disk's device).
    ctx.usbDrives = async () => [{ path: mountPoint, label: 'KINGSTON', freeBytes: null, dev: statSync(mountPoint).dev + 1 }];
    expect(await handleCall(ctx, 'exportStats', { token, drive: mountPoint, from: null, to: null })).toMatchObject({
      ok: false,
      error: { code: 'drive_gone', message: expect.stringContaining('not connected any more') },
    });
    expect(readdirSync(mountPoint)).toEqual([]);
    // The same folder with its own device is a drive, and takes the export.
    ctx.usbDrives = async () => [{ path: mountPoint, label: 'KINGSTON', freeBytes: null, dev: statSync(mountPoint).dev }];
    expect(await handleCall(ctx, 'exportStats', { token, drive: mountPoint, from: null, to: null })).toMatchObject({ ok: true });
  }, 30_000);

  it('exports statistics to the USB drive the admin taps', async () => {
    const { ctx, token } = await readyToExport();
    const stick = join(ctx.dir, 'usb');
    mkdirSync(stick);
    ctx.clock.now = new Date('2026-11-21T09:00:00Z');
    for (let i = 0; i < 3; i++) {
      const { value } = (await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })) as { value: { sessionId: number } };
      await handleCall(ctx, 'endSession', { sessionId: value.sessionId, outcome: 'resolved' });
    }
    ctx.clock.now = new Date('2026-11-22T09:00:00Z');
    const fresh = ctx.tokens.issue('admin', ctx.now());
    const result = await handleCall(ctx, 'exportStats', { token: fresh, drive: stick, from: null, to: null });
    expect(result).toMatchObject({ ok: true, value: { k: 11, files: expect.arrayContaining([expect.objectContaining({ name: expect.stringMatching(/\.csv$/) })]) } });
    const folder = (result as { value: { folder: string } }).value.folder;
    expect(folder).toBe(join(stick, 'help-kiosk-export-2026-11-22'));
    expect(readdirSync(folder)).toContain('manifest.json');
    const firstPeriod = (result as { value: { period: { from: string; to: string } } }).value.period;
    expect(firstPeriod.to).toBe('2026-11-21');

    // The next day's export carries on from this one: no day in both, so neither can be subtracted from the other.
    ctx.clock.now = new Date('2026-11-23T09:00:00Z');
    const next = await handleCall(ctx, 'exportStats', { token: ctx.tokens.issue('admin', ctx.now()), drive: stick, from: null, to: null });
    expect(next).toMatchObject({ ok: true, value: { period: { from: '2026-11-22', to: '2026-11-22' } } });
    // A period overlapping the first is refused, with why.
    const overlapping = await handleCall(ctx, 'exportStats', { token: ctx.tokens.issue('admin', ctx.now()), drive: stick, from: firstPeriod.from, to: '2026-11-22' });
    expect(overlapping).toMatchObject({ ok: false, error: { code: 'export_failed', message: expect.stringMatching(/overlaps the export of .* subtracted/) } });
  }, 30_000);

  it("writes nowhere but a listed drive: a folder of the kiosk's own disk, or a drive unplugged since, is refused", async () => {
    const { ctx, token } = await readyToExport();
    const stick = join(ctx.dir, 'usb');
    mkdirSync(stick);
    for (const drive of [ctx.dir, `${stick}/..`, join(stick, 'sub'), '/tmp']) {
      expect(await handleCall(ctx, 'exportStats', { token, drive, from: null, to: null })).toMatchObject({ ok: false, error: { code: 'drive_gone', message: expect.stringContaining('not connected') } });
    }
    ctx.drives = [];
    expect(await handleCall(ctx, 'exportStats', { token, drive: stick, from: null, to: null })).toMatchObject({ ok: false, error: { code: 'drive_gone' } });
    expect(readdirSync(stick)).toEqual([]);
    expect(readdirSync(ctx.dir).filter((f) => f.startsWith('help-kiosk-export'))).toEqual([]);
  });

  it("exports into a new folder of its own, so a stick's own files (System Volume Information) never fail the export's check", async () => {
    const { ctx, token } = await readyToExport();
    const stick = join(ctx.dir, 'usb-root');
    mkdirSync(join(stick, 'System Volume Information'), { recursive: true });
    writeFileSync(join(stick, 'photo.jpg'), 'not ours');
    ctx.drives = [stick];
    const folders: string[] = [];
    for (let i = 0; i < 2; i++) {
      const result = await handleCall(ctx, 'exportStats', { token, drive: stick, from: null, to: null });
      expect(result).toMatchObject({ ok: true });
      folders.push((result as { value: { folder: string } }).value.folder);
    }
    expect(folders).toEqual([join(stick, 'help-kiosk-export-2026-11-20'), join(stick, 'help-kiosk-export-2026-11-20-2')]);
    for (const folder of folders) expect(verifyExport(folder)).toEqual([]);
    expect(readdirSync(stick).sort()).toEqual(['System Volume Information', 'help-kiosk-export-2026-11-20', 'help-kiosk-export-2026-11-20-2', 'photo.jpg']);
  }, 30_000);

  it('answers drive_gone at once for a drive that stopped answering, and writes nothing', async () => {
    const { ctx, token } = await readyToExport();
    const stick = join(ctx.dir, 'usb');
    mkdirSync(stick);
    // A look at the drive that never came back (a stick half pulled out): the drive counts as hung.
    await probe('statfs', stick, () => new Promise<never>(() => undefined), null, 10);
    try {
      expect(await handleCall(ctx, 'exportStats', { token, drive: stick, from: null, to: null })).toMatchObject({
        ok: false,
        error: { code: 'drive_gone', message: expect.stringContaining('stopped answering') },
      });
      expect(readdirSync(stick)).toEqual([]);
    } finally {
      forgetDriveCalls();
    }
  });

  it('says a drive that cannot be written is not writable, and writes into no folder it did not make', async () => {
    const { ctx, token } = await readyToExport();
    // A "drive" no folder can be made in (root ignores permissions, a file does not).
    const broken = join(ctx.dir, 'not-a-folder');
    writeFileSync(broken, 'x');
    ctx.drives = [broken];
    expect(await handleCall(ctx, 'exportStats', { token, drive: broken, from: null, to: null })).toMatchObject({
      ok: false,
      error: { code: 'export_failed', message: expect.stringMatching(/^Cannot write to .*not-a-folder; nothing was exported\. Check that the drive is mounted and writable\./) },
    });
  });

  it('leaves no empty folder behind when the export fails (no kiosk pseudonym set yet)', async () => {
    const ctx = makeTestContext();
    const token = ctx.tokens.issue('admin', ctx.now());
    const stick = join(ctx.dir, 'usb-root');
    mkdirSync(stick, { recursive: true });
    ctx.drives = [stick];
    expect(await handleCall(ctx, 'exportStats', { token, drive: stick, from: null, to: null })).toMatchObject({
      ok: false,
      error: { code: 'export_failed', reason: 'export_no_pseudonym' },
    });
    expect(readdirSync(stick)).toEqual([]);
  }, 30_000);

  it('quits the kiosk for an admin, after answering', async () => {
    const ctx = makeTestContext();
    const token = ctx.tokens.issue('admin', ctx.now());
    expect(await handleCall(ctx, 'quitKiosk', { token })).toEqual({ ok: true, value: {} });
    await new Promise((r) => setTimeout(r, 80));
    expect(ctx.quitCalls).toBe(1);
  });

  it('reports an unwritable store as storage_unavailable, not a crash', async () => {
    const ctx = makeTestContext();
    const readonly = openStore(ctx.dbFile);
    readonly.close();
    ctx.db.pragma('query_only = ON');
    const result = await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
    // Help content keeps working.
    expect(await handleCall(ctx, 'getContent', { locale: 'en' })).toMatchObject({ ok: true });
  });
});

describe('handleCall: hostile arguments', () => {
  it('does not echo a huge key name or thousands of problems back', async () => {
    const hugeKey = 'k'.repeat(200_000);
    const result = await handleCall(makeTestContext(), 'getContent', { locale: 'en', [hugeKey]: 1 });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result).length).toBeLessThan(2_000);
    const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`x${i}`, i]));
    const flood = await handleCall(makeTestContext(), 'getContent', many);
    expect(flood.ok).toBe(false);
    if (!flood.ok) expect(flood.error.details.length).toBeLessThanOrEqual(20);
  });
});
