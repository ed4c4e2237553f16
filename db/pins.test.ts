import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scrypt } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openStore } from './store';
import { listAudit } from './audit';
import {
  getPinPadState,
  hashPin,
  isAdminConfigured,
  lockoutDurationMs,
  NewPinSchema,
  PinError,
  pinMatches,
  pinProblem,
  setInitialAdminPin,
  setPin,
  verifyPin,
  type ScryptParams,
  type VerifyResult,
} from './pins';
import { useTempDirs } from './test/temp-dir';

// Count every scrypt run, to prove which tries were never even checked.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});
const scryptCalls = () => vi.mocked(scrypt).mock.calls.length;
function resetScryptCount(): void {
  vi.mocked(scrypt).mockClear();
}
beforeEach(resetScryptCount);

const tempDir = useTempDirs('kiosk-pins-');
/** Cheap cost so the suite stays fast; production uses DEFAULT_SCRYPT_PARAMS. */
const FAST: ScryptParams = { N: 2 ** 8, r: 8, p: 1 };
const ADMIN = '24681357';
const STAFF = '135790';
const T0 = Date.parse('2026-03-01T02:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const min = (m: number) => m * 60_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();

const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});
function store(file = ':memory:'): Database.Database {
  const db = openStore(file);
  dbs.push(db);
  return db;
}
async function configured(options: { staff?: boolean; file?: string } = {}): Promise<Database.Database> {
  const db = store(options.file);
  await setInitialAdminPin(db, ADMIN, at(-min(60)), { params: FAST });
  if (options.staff) await setPin(db, 'staff', STAFF, at(-min(59)), { params: FAST });
  return db;
}
async function pinErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof PinError ? err.code : `not a PinError: ${String(err)}`;
  }
  return 'no error';
}
/** `n` wrong tries at `when`; returns the last answer. */
async function wrongTries(db: Database.Database, n: number, when: Date): Promise<VerifyResult> {
  let last: VerifyResult | undefined;
  for (let i = 0; i < n; i++) last = await verifyPin(db, '99999999', when);
  return last!;
}

describe('first start', () => {
  it('has no PIN at all: nothing opens the pad until the admin PIN is set', async () => {
    const db = store();
    expect(isAdminConfigured(db)).toBe(false);
    expect(getPinPadState(db, at(0))).toEqual({ configured: false });
    for (const pin of ['000000', '123456', '1234', ADMIN]) expect(await verifyPin(db, pin, at(0))).toEqual({ ok: false, reason: 'not_configured' });
    expect(scryptCalls()).toBe(0);
  });

  it('sets the admin PIN once, stores only a salted scrypt hash with its parameters, and audits it', async () => {
    const db = store();
    await setInitialAdminPin(db, ADMIN, at(0), { params: FAST });
    expect(isAdminConfigured(db)).toBe(true);
    const row = db.prepare('SELECT * FROM access_pin').get() as Record<string, string>;
    expect(row).toMatchObject({ role: 'admin', updated_at: iso(0) });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(row.params!)).toEqual({ algorithm: 'scrypt', N: 256, r: 8, p: 1 });
    expect(JSON.stringify(row)).not.toContain(ADMIN);
    expect(await verifyPin(db, ADMIN, at(1000))).toEqual({ ok: true, role: 'admin' });
    expect(listAudit(db, { limit: 10 }).map((e) => [e.role, e.action])).toEqual([
      ['admin', 'unlocked'],
      ['admin', 'initial_admin_pin_set'],
    ]);
  });

  it('refuses a second first-start setup, and the first PIN stays', async () => {
    const db = await configured();
    expect(await pinErrorCode(setInitialAdminPin(db, '97531864', at(0), { params: FAST }))).toBe('already_configured');
    await expect(setInitialAdminPin(db, '97531864', at(0), { params: FAST })).rejects.toThrow(/already set\. Only an admin can change it/);
    expect(await verifyPin(db, '97531864', at(0))).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await verifyPin(db, ADMIN, at(0))).toEqual({ ok: true, role: 'admin' });
  });

  it('lets exactly one of two racing first-start setups win', async () => {
    const db = store();
    const results = await Promise.allSettled([
      setInitialAdminPin(db, '97531864', at(0), { params: FAST }),
      setInitialAdminPin(db, '86420864', at(0), { params: FAST }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(await verifyPin(db, '97531864', at(0))).toEqual({ ok: true, role: 'admin' });
    expect(db.prepare('SELECT count(*) AS n FROM access_pin').get()).toEqual({ n: 1 });
  });
});

describe('PIN rules', () => {
  it('accept only 6 to 8 digits, with a clear message', async () => {
    const db = store();
    for (const bad of ['', '12345', '123456789', '12345a', ' 246813', '246813 ', '２４６８１３', '24-68-13']) {
      expect({ pin: bad, problem: pinProblem(bad) }).toEqual({
        pin: bad,
        problem: { code: 'invalid_format', message: 'PIN must be 6 to 8 digits (0-9), with nothing else' },
      });
      expect(await pinErrorCode(setInitialAdminPin(db, bad, at(0), { params: FAST }))).toBe('invalid_format');
    }
    expect(pinProblem(246813)).toEqual({ code: 'invalid_format', message: 'PIN must be text of 6 to 8 digits' });
    expect(isAdminConfigured(db)).toBe(false);
  });

  it('refuse one digit repeated and straight runs, saying why', async () => {
    for (const weak of ['000000', '111111', '7777777', '99999999']) {
      expect(pinProblem(weak)).toEqual({ code: 'weak_pin', message: expect.stringContaining('one digit repeated') });
    }
    for (const weak of ['123456', '654321', '23456789', '9876543', '890123', '210987', '01234567']) {
      expect(pinProblem(weak)).toEqual({ code: 'weak_pin', message: expect.stringContaining('straight run (such as 123456 or 654321)') });
    }
    for (const fine of ['135790', '24681357', '112233', '1234568', '123321', '000001']) expect(pinProblem(fine)).toBeNull();
    const db = store();
    expect(await pinErrorCode(setInitialAdminPin(db, '123456', at(0), { params: FAST }))).toBe('weak_pin');
    await expect(hashPin('111111', FAST)).rejects.toThrow(PinError);
  });

  it('are the same rules the API contract can use (NewPinSchema)', () => {
    expect(NewPinSchema.safeParse('24681357').success).toBe(true);
    expect(NewPinSchema.safeParse('654321').error?.issues.map((i) => i.message)).toEqual([pinProblem('654321')!.message]);
    expect(NewPinSchema.safeParse('12a456').error?.issues.map((i) => i.message)).toEqual(['PIN must be 6 to 8 digits (0-9), with nothing else']);
  });

  it('hash with a fresh salt each time and compare against the stored parameters', async () => {
    const a = await hashPin(ADMIN, FAST);
    const b = await hashPin(ADMIN, { N: 2 ** 9, r: 4, p: 2 });
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await pinMatches(ADMIN, a)).toBe(true);
    expect(await pinMatches(ADMIN, b)).toBe(true);
    expect(await pinMatches('24681358', a)).toBe(false);
    expect(await pinMatches(ADMIN, { ...a, N: 2 ** 9 })).toBe(false);
    await expect(hashPin(ADMIN, { N: 1000, r: 8, p: 1 })).rejects.toThrow('N must be a power of two');
    await expect(hashPin(ADMIN, { N: 2 ** 20, r: 32, p: 1 })).rejects.toThrow(/MiB/);
  });
});

describe('setPin (admin action)', () => {
  it('sets the staff PIN; each PIN opens its own role, and the change is audited', async () => {
    const db = await configured({ staff: true });
    expect(await verifyPin(db, STAFF, at(0))).toEqual({ ok: true, role: 'staff' });
    expect(await verifyPin(db, ADMIN, at(0))).toEqual({ ok: true, role: 'admin' });
    const entries = listAudit(db, { limit: 10 });
    expect(entries.find((e) => e.action === 'pin_set')).toMatchObject({ role: 'admin', detail: 'role=staff', at: iso(-min(59)) });
    expect(entries.slice(0, 2).map((e) => `${e.role}:${e.action}`)).toEqual(['admin:unlocked', 'staff:unlocked']);
  });

  it('refuses a staff PIN equal to the admin PIN, and an admin PIN equal to the staff PIN', async () => {
    const db = await configured({ staff: true });
    expect(await pinErrorCode(setPin(db, 'staff', ADMIN, at(0), { params: FAST }))).toBe('same_as_other_role');
    await expect(setPin(db, 'admin', STAFF, at(0), { params: FAST })).rejects.toThrow('The staff PIN and the admin PIN must differ');
    expect(await verifyPin(db, ADMIN, at(0))).toEqual({ ok: true, role: 'admin' });
    expect(await verifyPin(db, STAFF, at(0))).toEqual({ ok: true, role: 'staff' });
  });

  it('changes the admin PIN: the old one stops working', async () => {
    const db = await configured();
    await setPin(db, 'admin', '97531864', at(0), { params: FAST });
    expect(await verifyPin(db, ADMIN, at(0))).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await verifyPin(db, '97531864', at(0))).toEqual({ ok: true, role: 'admin' });
  });

  it('needs an admin PIN first, and a PIN that passes the rules', async () => {
    expect(await pinErrorCode(setPin(store(), 'staff', STAFF, at(0), { params: FAST }))).toBe('not_configured');
    const db = await configured();
    expect(await pinErrorCode(setPin(db, 'staff', '222222', at(0), { params: FAST }))).toBe('weak_pin');
    expect(await pinErrorCode(setPin(db, 'staff', '2222', at(0), { params: FAST }))).toBe('invalid_format');
    expect(await verifyPin(db, '222222', at(0))).toMatchObject({ reason: 'wrong_pin' });
  });
});

describe('trying a PIN', () => {
  it('checks the admin PIN first, then the staff PIN', async () => {
    const db = await configured({ staff: true });
    resetScryptCount();
    expect(await verifyPin(db, ADMIN, at(0))).toEqual({ ok: true, role: 'admin' });
    expect(scryptCalls()).toBe(1);
    resetScryptCount();
    expect(await verifyPin(db, STAFF, at(0))).toEqual({ ok: true, role: 'staff' });
    expect(scryptCalls()).toBe(2);
  });

  it('counts wrong tries down, and an ill-formed entry is a wrong try too (never hashed)', async () => {
    const db = await configured();
    expect(await verifyPin(db, '97531864', at(0))).toEqual({ ok: false, reason: 'wrong_pin', remainingTries: 4 });
    resetScryptCount();
    expect(await verifyPin(db, '12', at(0))).toEqual({ ok: false, reason: 'wrong_pin', remainingTries: 3 });
    expect(scryptCalls()).toBe(0);
    expect(getPinPadState(db, at(0))).toEqual({ configured: true, locked: false, remainingTries: 3 });
  });

  it('locks for 5 minutes after 5 wrong tries; even the right PIN is refused, and not even checked', async () => {
    const db = await configured({ staff: true });
    expect(await wrongTries(db, 4, at(0))).toEqual({ ok: false, reason: 'wrong_pin', remainingTries: 1 });
    expect(await verifyPin(db, '11223344', at(1000))).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(1000 + min(5)) });
    expect(listAudit(db, { limit: 1 })[0]).toMatchObject({ role: 'system', action: 'pin_lockout', detail: 'lockout=1,minutes=5', at: iso(1000) });

    resetScryptCount();
    for (const [pin, when] of [[ADMIN, 2000], [STAFF, 60_000], [ADMIN, 1000 + min(5) - 1]] as const) {
      expect(await verifyPin(db, pin, at(when))).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(1000 + min(5)) });
    }
    expect(scryptCalls()).toBe(0);
    expect(getPinPadState(db, at(2000))).toEqual({ configured: true, locked: true, lockedUntil: iso(1000 + min(5)) });

    // Expired: the pad opens again.
    expect(await verifyPin(db, STAFF, at(1000 + min(5)))).toEqual({ ok: true, role: 'staff' });
  });

  it('doubles each further lockout (10, 20, 40 min ...) until a correct PIN, capped at an hour', async () => {
    expect([1, 2, 3, 4, 5, 6, 11, 40].map((n) => lockoutDurationMs(n) / 60_000)).toEqual([5, 10, 20, 40, 60, 60, 60, 60]);
    const db = await configured();
    let t = 0;
    const lengths: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await wrongTries(db, 5, at(t));
      if (r.ok || r.reason !== 'locked') throw new Error(`expected a lockout, got ${JSON.stringify(r)}`);
      const until = Date.parse(r.lockedUntil) - T0;
      lengths.push((until - t) / 60_000);
      // A wrong try one second before the end is refused without counting.
      expect(await verifyPin(db, '97531864', at(until - 1000))).toMatchObject({ reason: 'locked' });
      t = until;
    }
    expect(lengths).toEqual([5, 10, 20, 40, 60, 60, 60]);

    // A correct PIN clears the doubling: the next lockout is 5 minutes again.
    expect(await verifyPin(db, ADMIN, at(t))).toEqual({ ok: true, role: 'admin' });
    expect(await wrongTries(db, 5, at(t))).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(t + min(5)) });
  });

  it('a correct PIN resets the count of wrong tries', async () => {
    const db = await configured({ staff: true });
    await wrongTries(db, 4, at(0));
    expect(await verifyPin(db, STAFF, at(1000))).toEqual({ ok: true, role: 'staff' });
    expect(await wrongTries(db, 4, at(2000))).toEqual({ ok: false, reason: 'wrong_pin', remainingTries: 1 });
  });

  it('keeps wrong tries and the lockout across a restart (reopening the store file)', async () => {
    const file = join(tempDir(), 'kiosk.db');
    let db = await configured({ file });
    await wrongTries(db, 3, at(0));
    db.close();

    db = store(file);
    expect(getPinPadState(db, at(1000))).toEqual({ configured: true, locked: false, remainingTries: 2 });
    expect(await wrongTries(db, 2, at(1000))).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(1000 + min(5)) });
    db.close();

    db = store(file);
    expect(await verifyPin(db, ADMIN, at(2000))).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(1000 + min(5)) });
    expect(await verifyPin(db, ADMIN, at(1000 + min(5)))).toEqual({ ok: true, role: 'admin' });
    db.close();

    // And the doubling survives too: lock, restart, expire, lock again -> 10 minutes.
    db = store(file);
    await wrongTries(db, 5, at(min(10)));
    db.close();
    db = store(file);
    expect(await wrongTries(db, 5, at(min(15)))).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(min(25)) });
  });

  it('never stays locked longer than the lockout itself when the clock is set back', async () => {
    const db = await configured();
    await wrongTries(db, 5, at(0));
    const yearEarlier = -365 * 24 * 3600_000;
    expect(await verifyPin(db, ADMIN, at(yearEarlier))).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(yearEarlier + min(5)) });
    expect(await verifyPin(db, ADMIN, at(yearEarlier + min(5)))).toEqual({ ok: true, role: 'admin' });
  });

  it('checks a burst of simultaneous tries one at a time: the sixth is refused unchecked', async () => {
    const db = await configured();
    resetScryptCount();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => verifyPin(db, String(97531860 + i), at(0))));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason === 'wrong_pin' ? r.remainingTries : r.reason))).toEqual([
      4, 3, 2, 1, 'locked', 'locked', 'locked', 'locked',
    ]);
    expect(scryptCalls()).toBe(5);
  });
});

describe('brute force', () => {
  /** One guess every `stepMs`, 000000, 000001, ...: how many were actually checked against a hash? */
  async function bruteForce(stepMs: number, attempts: number): Promise<{ checked: number; opened: number; lockouts: string[] }> {
    const db = await configured({ staff: true });
    resetScryptCount();
    let opened = 0;
    for (let k = 0; k < attempts; k++) {
      const r = await verifyPin(db, String(k).padStart(6, '0'), at(k * stepMs));
      if (r.ok) opened++;
    }
    const lockouts = listAudit(db, { limit: 100 })
      .filter((e) => e.action === 'pin_lockout')
      .map((e) => e.detail)
      .reverse();
    // Each checked guess costs two hashes: the admin PIN, then the staff PIN.
    return { checked: scryptCalls() / 2, opened, lockouts };
  }

  it('1000 guesses within one simulated hour: only 20 are checked', async () => {
    // 5 at once, then 5 after 5 min, 5 after 10 more, 5 after 20 more; the next 40-minute lock outlasts the hour.
    const r = await bruteForce(3600, 1000);
    expect(r).toEqual({
      checked: 20,
      opened: 0,
      lockouts: ['lockout=1,minutes=5', 'lockout=2,minutes=10', 'lockout=3,minutes=20', 'lockout=4,minutes=40'],
    });
  });

  it('1000 guesses spread over a simulated day: only 125 are checked (a 6-digit PIN would take years)', async () => {
    const r = await bruteForce(86_400, 1000);
    expect(r.checked).toBe(125);
    expect(r.opened).toBe(0);
    expect(r.lockouts.map((d) => Number(d.split('minutes=')[1]))).toEqual([5, 10, 20, 40, ...Array<number>(21).fill(60)]);
  });
});
