/**
 * Staff and admin PINs: scrypt hashes in SQLite, and a lockout that survives a
 * restart (migration 0030; DESIGN.md, Kiosk mode; issue: "5 wrong tries lock
 * the pad for 5 minutes, doubling after that").
 *
 * - No default PIN. The first start sets the admin PIN (setInitialAdminPin) or
 *   applies a provisioning file (provisioning.ts); both refuse once an admin
 *   PIN exists. After that only an admin changes PINs (setPin).
 * - scrypt runs on libuv's thread pool (crypto.scrypt, not scryptSync): at the
 *   default cost one hash takes 50-100 ms, longer than the main process may
 *   block (DESIGN.md). So the functions that hash return promises.
 * - PIN operations on one connection run one at a time: a burst of tries is
 *   checked in order, each seeing the lockout the previous one caused, so
 *   while the pad is locked no PIN is even hashed.
 * - A try's outcome is returned only after it is written (synchronous=FULL):
 *   cutting the power mid-check teaches a guesser nothing and costs no try.
 */
import type Database from 'better-sqlite3';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from './audit';
import { PinFormatSchema, pinProblem } from './pin-format';

export { NewPinSchema, PinFormatSchema, pinProblem, PIN_MAX_DIGITS, PIN_MIN_DIGITS, type PinProblem } from './pin-format';

export const ROLES = ['staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

// ---------------------------------------------------------------------------
// Hashing

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelization. */
  p: number;
}

/** 2^15 x 8 = 32 MiB and 50-100 ms per hash on kiosk hardware. */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
export const SALT_BYTES = 16;
export const HASH_BYTES = 32;
/** Memory one hash may take (128 x N x r bytes); a kiosk must not swap to check a PIN. */
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

const SCRYPT_FIELDS = {
  N: z.int().min(2, 'N must be at least 2').max(2 ** 20, 'N must be at most 2^20').refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.int().min(1, 'r must be at least 1').max(32, 'r must be at most 32'),
  p: z.int().min(1, 'p must be at least 1').max(16, 'p must be at most 16'),
};
const memoryProblem = `N and r need more than ${MAX_SCRYPT_MEMORY / 2 ** 20} MiB (128 x N x r)`;
const fitsMemory = (s: { N: number; r: number }) => 128 * s.N * s.r <= MAX_SCRYPT_MEMORY;

/** Structural limits only (tests use a low N); provisioning files get a cost floor on top. */
export const ScryptParamsSchema = z.object(SCRYPT_FIELDS).refine(fitsMemory, memoryProblem);

const hexBytes = (what: string, min: number, max: number) =>
  z.string({ error: `${what} must be a hex string` }).superRefine(function checkHexBytes(value, ctx) {
    if (!/^([0-9a-f]{2})+$/.test(value)) ctx.addIssue({ code: 'custom', message: `${what} must be lowercase hex` });
    else if (value.length < 2 * min || value.length > 2 * max) ctx.addIssue({ code: 'custom', message: `${what} must be ${min} to ${max} bytes` });
  });

const HASH_BLOCK_HINT = 'the block printed by "npx tsx scripts/hash-pin.ts"';

/** A PIN hash as stored and as written in a provisioning file (unknown keys refused). */
export const PinHashSchema = z
  .strictObject(
    {
      algorithm: z.literal('scrypt', { error: 'algorithm must be "scrypt"' }),
      salt: hexBytes('salt', SALT_BYTES, 64),
      hash: hexBytes('hash', 16, 64),
      ...SCRYPT_FIELDS,
    },
    {
      error: (issue) =>
        issue.code !== 'invalid_type'
          ? undefined
          : issue.input === undefined
            ? `missing: put here ${HASH_BLOCK_HINT}`
            : `must be an object: ${HASH_BLOCK_HINT}`,
    },
  )
  .refine(fitsMemory, memoryProblem);
export type PinHash = z.infer<typeof PinHashSchema>;

function derive(pin: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Node refuses when 128 x N x r reaches maxmem (its default is 32 MiB, exactly the default cost).
    const maxmem = 2 * 128 * params.N * params.r + 16 * 1024 * 1024;
    scrypt(pin, salt, keyLength, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a new PIN (refused if ill-formed or weak) with a fresh random salt. */
export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<PinHash> {
  assertAcceptablePin(pin);
  const cost = ScryptParamsSchema.safeParse(params);
  if (!cost.success) throw new PinError('invalid_params', `Invalid scrypt parameters: ${cost.error.issues.map((i) => i.message).join('; ')}`);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, cost.data, HASH_BYTES);
  return { algorithm: 'scrypt', salt: salt.toString('hex'), hash: key.toString('hex'), N: cost.data.N, r: cost.data.r, p: cost.data.p };
}

/** Constant-time comparison against a stored hash, with the parameters it was made with. */
export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  if (!PinFormatSchema.safeParse(pin).success) return false;
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = await derive(pin, Buffer.from(stored.salt, 'hex'), stored, expected.length);
  return timingSafeEqual(actual, expected);
}

// ---------------------------------------------------------------------------
// Errors

export type PinErrorCode = 'invalid_format' | 'weak_pin' | 'invalid_params' | 'already_configured' | 'not_configured' | 'same_as_other_role';

export class PinError extends Error {
  constructor(readonly code: PinErrorCode, message: string) {
    super(message);
    this.name = 'PinError';
  }
}

function assertAcceptablePin(pin: unknown): asserts pin is string {
  const problem = pinProblem(pin);
  if (problem) throw new PinError(problem.code, problem.message);
}

// ---------------------------------------------------------------------------
// Stored PINs

const StoredParamsSchema = z.object({ algorithm: z.literal('scrypt'), ...SCRYPT_FIELDS }).refine(fitsMemory, memoryProblem);

function readPin(db: Database.Database, role: Role): PinHash | null {
  const row = db.prepare('SELECT hash, salt, params FROM access_pin WHERE role = ?').get(role) as
    | { hash: string; salt: string; params: string }
    | undefined;
  if (!row) return null;
  const params = StoredParamsSchema.safeParse(JSON.parse(row.params));
  // A store edited by hand must not turn into "any PIN opens the pad": fail loudly.
  if (!params.success) throw new Error(`The stored ${role} PIN has unreadable parameters (${params.error.issues.map((i) => i.message).join('; ')}).`);
  return { algorithm: 'scrypt', hash: row.hash, salt: row.salt, N: params.data.N, r: params.data.r, p: params.data.p };
}

/** Writes a hash made by hashPin or read from a provisioning file. Callers audit. */
export function writePinHash(db: Database.Database, role: Role, pin: PinHash, now: Date): void {
  const params = JSON.stringify({ algorithm: pin.algorithm, N: pin.N, r: pin.r, p: pin.p });
  db.prepare(
    `INSERT INTO access_pin (role, hash, salt, params, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (role) DO UPDATE SET hash = excluded.hash, salt = excluded.salt, params = excluded.params, updated_at = excluded.updated_at`,
  ).run(role, pin.hash, pin.salt, params, now.toISOString());
}

export function isAdminConfigured(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM access_pin WHERE role = 'admin'").get() !== undefined;
}

export function isStaffPinSet(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM access_pin WHERE role = 'staff'").get() !== undefined;
}

export interface PinWriteOptions {
  /** scrypt cost for the new hash; default DEFAULT_SCRYPT_PARAMS (tests pass a low N). */
  params?: ScryptParams;
}

const queues = new WeakMap<Database.Database, Promise<unknown>>();

/** Runs PIN operations on one connection one after the other (see the header). */
function oneAtATime<T>(db: Database.Database, task: () => Promise<T>): Promise<T> {
  const before = queues.get(db) ?? Promise.resolve();
  const result = before.then(task);
  queues.set(
    db,
    result.then(
      () => undefined,
      () => undefined,
    ),
  );
  return result;
}

/** First start only: refused once an admin PIN exists (then only an admin changes it, with setPin). */
export function setInitialAdminPin(db: Database.Database, pin: string, now: Date, options: PinWriteOptions = {}): Promise<void> {
  return oneAtATime(db, async function setInitialAdminPinTask() {
    assertAcceptablePin(pin);
    if (isAdminConfigured(db)) throw alreadyConfigured();
    const hashed = await hashPin(pin, options.params);
    db.transaction(() => {
      if (isAdminConfigured(db)) throw alreadyConfigured();
      writePinHash(db, 'admin', hashed, now);
      recordAudit(db, { role: 'admin', action: 'initial_admin_pin_set', now });
    })();
  });
}

function alreadyConfigured(): PinError {
  return new PinError('already_configured', 'An admin PIN is already set. Only an admin can change it, from the admin screen.');
}

/**
 * An admin action (the caller has checked the admin's access token): sets or
 * changes the PIN of a role. The staff and admin PINs must differ, or a staff
 * member would open the admin screen with their own PIN.
 */
export function setPin(db: Database.Database, role: Role, pin: string, now: Date, options: PinWriteOptions = {}): Promise<void> {
  return oneAtATime(db, async function setPinTask() {
    if (!(ROLES as readonly string[]).includes(role)) throw new TypeError(`Unknown role "${String(role)}".`);
    assertAcceptablePin(pin);
    if (!isAdminConfigured(db)) throw new PinError('not_configured', 'No admin PIN is set yet: set the admin PIN first.');
    const other = readPin(db, role === 'admin' ? 'staff' : 'admin');
    if (other && (await pinMatches(pin, other))) {
      throw new PinError('same_as_other_role', 'The staff PIN and the admin PIN must differ. Choose another PIN.');
    }
    const hashed = await hashPin(pin, options.params);
    db.transaction(() => {
      writePinHash(db, role, hashed, now);
      recordAudit(db, { role: 'admin', action: 'pin_set', detail: `role=${role}`, now });
    })();
  });
}

// ---------------------------------------------------------------------------
// Trying a PIN, and the lockout

export const MAX_TRIES = 5;
export const FIRST_LOCKOUT_MS = 5 * 60_000;
/**
 * At most an hour: the PIN pad is within any customer's reach, so the lock must not let one who keeps
 * trying wrong PINs shut staff out for a day. A 6-digit PIN still takes years to guess at 5 tries an hour.
 */
export const MAX_LOCKOUT_MS = 3600_000;

/** The nth lockout since the last correct PIN (n >= 1): 5 min, 10, 20, 40, then 60 each time. */
export function lockoutDurationMs(n: number): number {
  return Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** Math.max(0, Math.min(n - 1, 30)));
}

export type VerifyResult =
  | { ok: true; role: Role }
  | { ok: false; reason: 'wrong_pin'; remainingTries: number }
  /** lockedUntil: ISO 8601, UTC. Also the answer to the wrong try that causes a lockout. */
  | { ok: false; reason: 'locked'; lockedUntil: string }
  | { ok: false; reason: 'not_configured' };

interface LockoutRow {
  failures: number;
  locked_until: string | null;
  lockouts: number;
}

function readLockout(db: Database.Database): LockoutRow {
  const row = db.prepare('SELECT failures, locked_until, lockouts FROM pin_lockout WHERE id = 1').get() as LockoutRow | undefined;
  if (!row) throw new Error('The PIN lockout state is missing from the store.');
  return row;
}

/**
 * The end of the current lockout, or null when the pad is open. A lockout
 * never ends later than its own length from now: a kiosk clock set back
 * (a dead RTC battery after a power cut) must not lock staff out for years.
 */
function activeLock(db: Database.Database, now: Date): string | null {
  const row = readLockout(db);
  if (row.locked_until === null) return null;
  const until = Date.parse(row.locked_until);
  if (until <= now.getTime()) return null;
  const latest = now.getTime() + lockoutDurationMs(Math.max(1, row.lockouts));
  if (until <= latest) return row.locked_until;
  const moved = new Date(latest).toISOString();
  db.prepare('UPDATE pin_lockout SET locked_until = ? WHERE id = 1').run(moved);
  return moved;
}

export type PinPadState =
  | { configured: false }
  | { configured: true; locked: false; remainingTries: number }
  | { configured: true; locked: true; lockedUntil: string };

/** What the PIN pad shows before a try ("locked until 14:05", "2 tries left"). Tries nothing. */
export function getPinPadState(db: Database.Database, now: Date): PinPadState {
  return db.transaction((): PinPadState => {
    if (!isAdminConfigured(db)) return { configured: false };
    const lockedUntil = activeLock(db, now);
    if (lockedUntil) return { configured: true, locked: true, lockedUntil };
    return { configured: true, locked: false, remainingTries: MAX_TRIES - readLockout(db).failures };
  })();
}

/**
 * Tries a PIN: the admin PIN first, then the staff PIN. While the pad is
 * locked nothing is checked, not even the right PIN. A correct PIN clears the
 * failures and the doubling; the fifth wrong try in a row locks the pad.
 */
export function verifyPin(db: Database.Database, pin: string, now: Date): Promise<VerifyResult> {
  return oneAtATime(db, async function verifyPinTask(): Promise<VerifyResult> {
    const gate = db.transaction((): VerifyResult | { admin: PinHash; staff: PinHash | null } => {
      const admin = readPin(db, 'admin');
      if (!admin) return { ok: false, reason: 'not_configured' };
      const lockedUntil = activeLock(db, now);
      if (lockedUntil) return { ok: false, reason: 'locked', lockedUntil };
      return { admin, staff: readPin(db, 'staff') };
    })();
    if ('ok' in gate) return gate;

    let role: Role | null = null;
    if (await pinMatches(pin, gate.admin)) role = 'admin';
    else if (gate.staff && (await pinMatches(pin, gate.staff))) role = 'staff';

    return db.transaction((): VerifyResult => {
      // Another connection may have locked the pad while we hashed: its lock wins.
      const lockedUntil = activeLock(db, now);
      if (lockedUntil) return { ok: false, reason: 'locked', lockedUntil };
      if (role) {
        db.prepare('UPDATE pin_lockout SET failures = 0, locked_until = NULL, lockouts = 0 WHERE id = 1').run();
        recordAudit(db, { role, action: 'unlocked', now });
        return { ok: true, role };
      }
      const row = readLockout(db);
      const failures = row.failures + 1;
      if (failures < MAX_TRIES) {
        db.prepare('UPDATE pin_lockout SET failures = ? WHERE id = 1').run(failures);
        return { ok: false, reason: 'wrong_pin', remainingTries: MAX_TRIES - failures };
      }
      const lockouts = row.lockouts + 1;
      const ms = lockoutDurationMs(lockouts);
      const until = new Date(now.getTime() + ms).toISOString();
      db.prepare('UPDATE pin_lockout SET failures = 0, locked_until = ?, lockouts = ? WHERE id = 1').run(until, lockouts);
      recordAudit(db, { role: 'system', action: 'pin_lockout', detail: `lockout=${lockouts},minutes=${ms / 60_000}`, now });
      return { ok: false, reason: 'locked', lockedUntil: until };
    })();
  });
}
