/**
 * A full or read-only store through the API (issue 4, "Store safety"): every
 * write answers `storage_unavailable` (never a throw, never `internal`),
 * content keeps being served, and a full disk never opens the PIN pad.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { handleCall } from './handlers';
import { makeTestContext, type TestContext } from './test/test-context';
import { setInitialAdminPin } from '../db/pins';
import { setSetting } from '../db/settings';

const FAST = { N: 2 ** 8, r: 8, p: 1 };
const ADMIN = '24681357';

async function startedSession(ctx: TestContext): Promise<number> {
  const started = await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null });
  if (!started.ok) throw new Error(`startSession: ${started.error.message}`);
  return (started.value as { sessionId: number }).sessionId;
}

const unavailable = { ok: false, error: { code: 'storage_unavailable', message: expect.stringMatching(/cannot be written.*Help content still works/), details: [] } };

describe('a store that cannot be written, through the API', () => {
  it('read-only: every write is storage_unavailable, every read still answers', async () => {
    const ctx = makeTestContext();
    const sessionId = await startedSession(ctx);
    const admin = ctx.tokens.issue('admin', ctx.now());
    ctx.db.close();
    ctx.db = new Database(ctx.dbFile, { readonly: true, fileMustExist: true });

    expect(await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })).toEqual(unavailable);
    expect(await handleCall(ctx, 'logEvent', { sessionId, event: { type: 'answer', questionId: 'start', answerId: 'no_load' } })).toEqual(unavailable);
    expect(await handleCall(ctx, 'endSession', { sessionId, outcome: 'resolved' })).toEqual(unavailable);
    expect(await handleCall(ctx, 'updateSettings', { token: admin, settings: { statsK: 20 } })).toEqual(unavailable);

    expect(await handleCall(ctx, 'getKioskInfo', {})).toMatchObject({ ok: true, value: { packId: 'fixture_pack' } });
    for (const locale of ['zh-Hans', 'zh-Hant', 'en'] as const) expect(await handleCall(ctx, 'getContent', { locale })).toMatchObject({ ok: true });
    expect(await handleCall(ctx, 'getSettings', { token: admin })).toMatchObject({ ok: true, value: { statsK: 11 } });
    ctx.db.close();
  });

  it('an export that reached the drive is reported done even when the store cannot note it in the audit log', async () => {
    const ctx = makeTestContext();
    await startedSession(ctx);
    const admin = ctx.tokens.issue('admin', ctx.now());
    const stick = ctx.drives[0]!;
    mkdirSync(stick);
    setSetting(ctx.db, 'kiosk_pseudonym', 'branch-042');
    ctx.db.close();
    ctx.db = new Database(ctx.dbFile, { readonly: true, fileMustExist: true });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const result = await handleCall(ctx, 'exportStats', { token: admin, drive: stick, from: null, to: null });
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
      const folder = (result as { value: { folder: string } }).value.folder;
      expect(readdirSync(folder)).toContain('manifest.json');
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^\[kiosk\] export to .* written, but not audited: /));
    } finally {
      errors.mockRestore();
      ctx.db.close();
    }
  });

  it('full disk: session writes fail cleanly until space is freed; the file stays sound', async () => {
    const ctx = makeTestContext();
    const contentBefore = await handleCall(ctx, 'getContent', { locale: 'en' });
    const pages = ctx.db.pragma('page_count', { simple: true }) as number;
    ctx.db.pragma(`max_page_count = ${pages + 2}`);
    const answers: string[] = [];
    // Until not even a session row fits (events, in their own b-tree, run out of room first).
    for (let i = 0; i < 5000; i++) {
      const started = await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null });
      answers.push(started.ok ? 'ok' : started.error.code);
      if (!started.ok) break;
      const sessionId = (started.value as { sessionId: number }).sessionId;
      for (let k = 0; k < 4; k++) {
        const logged = await handleCall(ctx, 'logEvent', { sessionId, event: { type: 'step_viewed', causeId: 'network', stepId: 'switch' } });
        answers.push(logged.ok ? 'ok' : logged.error.code);
      }
    }
    expect(new Set(answers)).toEqual(new Set(['ok', 'storage_unavailable']));
    expect(await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })).toEqual(unavailable);
    expect(await handleCall(ctx, 'getContent', { locale: 'en' })).toEqual(contentBefore);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');

    ctx.db.pragma('max_page_count = 1073741823');
    expect(await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })).toMatchObject({ ok: true });
  });

  it('full disk: wrong PINs are still counted or refused, never let through, and the lockout holds', async () => {
    const ctx = makeTestContext();
    await setInitialAdminPin(ctx.db, ADMIN, ctx.now(), { params: FAST });
    // Fill the store up to the last page.
    const pages = ctx.db.pragma('page_count', { simple: true }) as number;
    ctx.db.pragma(`max_page_count = ${pages + 1}`);
    for (let i = 0; i < 5000; i++) if (!(await handleCall(ctx, 'startSession', { locale: 'en', assistedBy: null })).ok) break;

    const statuses: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await handleCall(ctx, 'unlock', { pin: String(97531860 + i) });
      statuses.push(r.ok ? (r.value as { status: string }).status : r.error.code);
    }
    expect(statuses).not.toContain('unlocked');
    expect(statuses.filter((s) => s === 'wrong_pin').length).toBeLessThanOrEqual(4);
    // The right PIN during the lockout is refused too (or cannot be recorded): the pad stays shut.
    const right = await handleCall(ctx, 'unlock', { pin: ADMIN });
    expect(right.ok ? (right.value as { status: string }).status : right.error.code).toMatch(/^(locked|storage_unavailable)$/);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
