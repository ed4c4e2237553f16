/**
 * PIN brute force through the API (issue 4, "Fault tests"): db/pins.test.ts
 * proves the lockout schedule on verifyPin; this drives the same attack
 * through `handleCall(ctx, 'unlock', ...)`, as the UI (or anything that got
 * hold of the bridge) would, with a simulated clock, and checks every answer
 * against an independent model of the schedule: 5 wrong tries, then 5 min
 * locked, doubling each lockout, at most 1 h; while locked nothing is
 * checked, not even the right PIN; the state survives a restart.
 */
import { describe, expect, it } from 'vitest';
import { handleCall } from './handlers';
import { makeTestContext, type TestContext } from './test/test-context';
import { openStore } from '../db/store';
import { AccessTokens } from '../db/access-tokens';
import { setInitialAdminPin, setPin, lockoutDurationMs, MAX_TRIES } from '../db/pins';
import { listAudit } from '../db/audit';

const FAST = { N: 2 ** 8, r: 8, p: 1 };
const ADMIN = '24681357';
const STAFF = '135790';

type Answer = { status: 'wrong_pin'; remainingTries: number } | { status: 'locked'; lockedUntil: string } | { status: 'unlocked'; role: string };

/** The schedule as the issue states it, written independently of db/pins.ts. */
class LockoutModel {
  failures = 0;
  lockouts = 0;
  lockedUntil: number | null = null;

  wrongTry(now: number): Answer {
    if (this.lockedUntil !== null && now < this.lockedUntil) return { status: 'locked', lockedUntil: new Date(this.lockedUntil).toISOString() };
    this.failures++;
    if (this.failures < 5) return { status: 'wrong_pin', remainingTries: 5 - this.failures };
    this.failures = 0;
    this.lockouts++;
    const minutes = Math.min(5 * 2 ** (this.lockouts - 1), 60);
    this.lockedUntil = now + minutes * 60_000;
    return { status: 'locked', lockedUntil: new Date(this.lockedUntil).toISOString() };
  }
}

async function unlockStatus(ctx: TestContext, pin: unknown): Promise<unknown> {
  const result = await handleCall(ctx, 'unlock', { pin });
  return result.ok ? result.value : result.error.code;
}

async function configured(): Promise<TestContext> {
  const ctx = makeTestContext();
  await setInitialAdminPin(ctx.db, ADMIN, ctx.now(), { params: FAST });
  await setPin(ctx.db, 'staff', STAFF, ctx.now(), { params: FAST });
  return ctx;
}

describe('PIN brute force through the API', () => {
  it('200 guesses, one every 2 simulated minutes, get exactly the lockout schedule, with a restart half-way', async () => {
    let ctx = await configured();
    const model = new LockoutModel();
    const t0 = ctx.clock.now.getTime();
    const answers: unknown[] = [];
    const expected: Answer[] = [];
    for (let k = 0; k < 200; k++) {
      const now = t0 + k * 2 * 60_000;
      ctx.clock.now = new Date(now);
      if (k === 100) {
        // A power cut: a new process, the same store file, no tokens. The lockout must not reset.
        ctx.db.close();
        ctx = { ...ctx, db: openStore(ctx.dbFile), tokens: new AccessTokens() };
      }
      // Malformed guesses are refused before any PIN is checked, and cost nothing either way.
      if (k % 10 === 5) expect(await unlockStatus(ctx, 'abcdef')).toBe('invalid_argument');
      answers.push(await unlockStatus(ctx, String(100000 + k * 7919).slice(0, 6)));
      expected.push(model.wrongTry(now));
    }
    expect(answers).toEqual(expected);
    expect(answers).not.toContainEqual(expect.objectContaining({ status: 'unlocked' }));
    // 400 simulated minutes: 9 lockouts (5, 10, 20, 40, then 60 minutes), so 45 of the 200 guesses were checked at all.
    const lockouts = listAudit(ctx.db, { limit: 100 }).filter((a) => a.action === 'pin_lockout').map((a) => a.detail).reverse();
    expect(lockouts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `lockout=${n},minutes=${lockoutDurationMs(n) / 60_000}`));
    expect(lockouts.at(-1)).toBe('lockout=9,minutes=60');
    expect(expected.filter((a) => a.status === 'wrong_pin').length + lockouts.length).toBe(45);

    // The right PIN while locked is refused, unchecked; once the lock ends it opens and clears the doubling.
    const lockedUntil = model.lockedUntil!;
    ctx.clock.now = new Date(lockedUntil - 1);
    expect(await unlockStatus(ctx, ADMIN)).toEqual({ status: 'locked', lockedUntil: new Date(lockedUntil).toISOString() });
    ctx.clock.now = new Date(lockedUntil);
    expect(await unlockStatus(ctx, STAFF)).toEqual({ status: 'unlocked', role: 'staff', token: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (let i = 1; i < MAX_TRIES; i++) await unlockStatus(ctx, '000111');
    expect(await unlockStatus(ctx, '000111')).toEqual({ status: 'locked', lockedUntil: new Date(lockedUntil + 5 * 60_000).toISOString() });
    ctx.db.close();
  });

  it('a burst of 200 simultaneous guesses is answered one at a time: 5 are checked, 195 are locked out', async () => {
    const ctx = await configured();
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => unlockStatus(ctx, String(200000 + i))));
    const statuses = answers.map((a) => (a as { status: string }).status);
    expect(statuses.slice(0, 4)).toEqual(['wrong_pin', 'wrong_pin', 'wrong_pin', 'wrong_pin']);
    expect(statuses.slice(4)).toEqual(Array(196).fill('locked'));
    // And the right PIN is refused too until the lock ends.
    expect(await unlockStatus(ctx, ADMIN)).toMatchObject({ status: 'locked' });
    expect(await handleCall(ctx, 'getAccessStatus', {})).toEqual({
      ok: true,
      value: { adminConfigured: true, staffConfigured: true, lockedUntil: new Date(ctx.clock.now.getTime() + 5 * 60_000).toISOString() },
    });
    ctx.db.close();
  });
});
