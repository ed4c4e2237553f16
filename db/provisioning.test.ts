import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openStore } from './store';
import { listAudit } from './audit';
import { hashPin, setInitialAdminPin, setPin, verifyPin, type PinHash } from './pins';
import {
  applyProvisioning,
  parseProvisioning,
  provisionFromFile,
  ProvisioningError,
  type ProvisioningFile,
} from './provisioning';
import { getStatsSettings } from './settings';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-provisioning-');
const now = new Date('2026-03-01T02:00:00.000Z');
const ADMIN = '24681357';
const STAFF = '135790';
/** The cheapest cost a provisioning file may carry (the file travels on a USB stick). */
const FLOOR = { N: 2 ** 14, r: 8, p: 1 };

let adminHash: PinHash;
let staffHash: PinHash;
beforeAll(async () => {
  [adminHash, staffHash] = await Promise.all([hashPin(ADMIN, FLOOR), hashPin(STAFF, FLOOR)]);
});

function fileFor(extra: Partial<ProvisioningFile> = {}): ProvisioningFile {
  return { schemaVersion: 1, adminPinHash: adminHash, staffPinHash: staffHash, kioskPseudonym: 'branch-042', ...extra };
}
function write(content: unknown): string {
  const file = join(tempDir(), 'kiosk-provisioning.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}
/** The detail lines of the ProvisioningError for this text. */
function problems(content: unknown): string[] {
  try {
    parseProvisioning(typeof content === 'string' ? content : JSON.stringify(content));
  } catch (err) {
    if (err instanceof ProvisioningError) return err.details;
    throw err;
  }
  return [];
}

describe('provisioning a new kiosk', () => {
  it('sets the admin PIN, the staff PIN and the pseudonym from hashes, and audits it', async () => {
    const db = openStore(':memory:');
    const outcome = provisionFromFile(db, write(fileFor()), now);
    expect(outcome).toEqual({ applied: true, staffPin: true, kioskPseudonym: true });
    expect(await verifyPin(db, ADMIN, now)).toEqual({ ok: true, role: 'admin' });
    expect(await verifyPin(db, STAFF, now)).toEqual({ ok: true, role: 'staff' });
    expect(getStatsSettings(db).kioskPseudonym).toBe('branch-042');
    expect(listAudit(db, { limit: 10 }).at(-1)).toMatchObject({ role: 'system', action: 'provisioned', detail: 'staff_pin=1,pseudonym=1', at: now.toISOString() });
  });

  it('needs only the admin hash', async () => {
    const db = openStore(':memory:');
    expect(applyProvisioning(db, parseProvisioning(JSON.stringify({ schemaVersion: 1, adminPinHash: adminHash })), now)).toEqual({
      applied: true,
      staffPin: false,
      kioskPseudonym: false,
    });
    expect(await verifyPin(db, STAFF, now)).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(getStatsSettings(db).kioskPseudonym).toBeNull();
  });

  it('applies once and never overwrites: a second file changes nothing', async () => {
    const db = openStore(':memory:');
    provisionFromFile(db, write(fileFor()), now);
    const other = fileFor({ adminPinHash: await hashPin('97531864', FLOOR), staffPinHash: undefined, kioskPseudonym: 'intruder' });
    expect(provisionFromFile(db, write(other), now)).toEqual({ applied: false, reason: 'already_configured' });
    expect(applyProvisioning(db, other, now)).toEqual({ applied: false, reason: 'already_configured' });
    expect(await verifyPin(db, '97531864', now)).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await verifyPin(db, ADMIN, now)).toEqual({ ok: true, role: 'admin' });
    expect(await verifyPin(db, STAFF, now)).toEqual({ ok: true, role: 'staff' });
    expect(getStatsSettings(db).kioskPseudonym).toBe('branch-042');
    expect(listAudit(db, { limit: 100 }).filter((e) => e.action === 'provisioned')).toHaveLength(1);
  });

  it('never overwrites PINs set on the kiosk, and does not even read the file then', async () => {
    const db = openStore(':memory:');
    await setInitialAdminPin(db, '97531864', now, { params: { N: 256, r: 8, p: 1 } });
    await setPin(db, 'staff', '86420864', now, { params: { N: 256, r: 8, p: 1 } });
    expect(provisionFromFile(db, write(fileFor()), now)).toEqual({ applied: false, reason: 'already_configured' });
    expect(provisionFromFile(db, write('{ this is not json'), now)).toEqual({ applied: false, reason: 'already_configured' });
    expect(await verifyPin(db, ADMIN, now)).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await verifyPin(db, '86420864', now)).toEqual({ ok: true, role: 'staff' });
  });

  it('does nothing without a file, and refuses a broken one with the reasons', () => {
    const db = openStore(':memory:');
    expect(provisionFromFile(db, join(tempDir(), 'absent.json'), now)).toEqual({ applied: false, reason: 'no_file' });
    const broken = write({ schemaVersion: 1 });
    expect(() => provisionFromFile(db, broken, now)).toThrow(ProvisioningError);
    expect(() => provisionFromFile(db, broken, now)).toThrow(`The provisioning file ${broken} cannot be used:\n  adminPinHash:`);
    expect(() => provisionFromFile(db, write('x'.repeat(70_000)), now)).toThrow(/70000 bytes; a provisioning file is at most 65536/);
    expect(db.prepare('SELECT count(*) AS n FROM access_pin').get()).toEqual({ n: 0 });
  });

  it('is all or nothing: a file that fails while applying leaves no PIN behind', () => {
    const db = openStore(':memory:');
    // Typed as valid but not parsed: the store's own CHECK refuses the staff hash.
    const bad = fileFor({ staffPinHash: { ...staffHash, salt: 'not hex' } });
    expect(() => applyProvisioning(db, bad, now)).toThrow(/CHECK constraint failed/);
    expect(db.prepare('SELECT count(*) AS n FROM access_pin').get()).toEqual({ n: 0 });
    expect(listAudit(db, { limit: 10 })).toEqual([]);
  });
});

describe('provisioning file validation', () => {
  it('accepts what the documentation shows', () => {
    expect(problems(fileFor())).toEqual([]);
    expect(parseProvisioning(JSON.stringify(fileFor()))).toEqual(fileFor());
  });

  it('names each problem with its path', () => {
    const h = () => ({ ...adminHash });
    const cases: [unknown, string[]][] = [
      ['{ "schemaVersion": 1,', [expect.stringMatching(/^\(file\): not valid JSON/)]],
      [[], [expect.stringMatching(/^\(file\): /)]],
      [{ ...fileFor(), schemaVersion: 2 }, ['schemaVersion: schemaVersion must be 1 (the only provisioning format this kiosk reads)']],
      [{ ...fileFor(), adminPinHash: { ...h(), algorithm: 'bcrypt' } }, ['adminPinHash.algorithm: algorithm must be "scrypt"']],
      [{ ...fileFor(), adminPinHash: { ...h(), salt: h().salt.toUpperCase() } }, ['adminPinHash.salt: salt must be lowercase hex']],
      [{ ...fileFor(), adminPinHash: { ...h(), salt: 'abcd' } }, ['adminPinHash.salt: salt must be 16 to 64 bytes']],
      [{ ...fileFor(), adminPinHash: { ...h(), hash: 'zz' } }, ['adminPinHash.hash: hash must be lowercase hex']],
      [{ ...fileFor(), adminPinHash: { ...h(), N: 30000 } }, ['adminPinHash.N: N must be a power of two']],
      [{ ...fileFor(), adminPinHash: { ...h(), N: 1024 } }, [expect.stringMatching(/^adminPinHash\.N: N must be at least 16384 \(2\^14\)/)]],
      [{ ...fileFor(), staffPinHash: { ...staffHash, r: 1 } }, ['staffPinHash.r: r must be at least 8']],
      [{ ...fileFor(), staffPinHash: { ...staffHash, p: 0 } }, ['staffPinHash.p: p must be at least 1']],
      [{ ...fileFor(), adminPinHash: { ...h(), pin: ADMIN } }, [expect.stringMatching(/^adminPinHash\.pin: a PIN is never accepted in clear/)]],
      [{ ...fileFor(), adminPinHash: { ...h(), keyLength: 32 } }, ['adminPinHash: unknown key "keyLength"']],
      [{ ...fileFor(), staffPinHash: '9834e9684abc' }, ['staffPinHash: must be an object: the block printed by "npx tsx scripts/hash-pin.ts"']],
      [{ ...fileFor(), staffPinHash: adminHash }, ['staffPinHash: staffPinHash is a copy of adminPinHash: the staff and admin PINs must differ']],
      [{ ...fileFor(), kioskPseudonym: 'Branch 42' }, ['kioskPseudonym: pseudonym must be 1-32 characters: letters, digits, "_" or "-"']],
      [{ ...fileFor(), kioskPseudonym: 42 }, ['kioskPseudonym: kioskPseudonym must be a string']],
      [{ ...fileFor(), extra: true }, ['(file): unknown key "extra"']],
    ];
    for (const [content, expected] of cases) expect({ content, problems: problems(content) }).toEqual({ content, problems: expected });
  });

  it('refuses a PIN in clear, saying how to make the hash instead', () => {
    const { adminPinHash: _omit, ...rest } = fileFor();
    expect(problems({ ...rest, adminPin: ADMIN })).toEqual([
      'adminPinHash: missing: put here the block printed by "npx tsx scripts/hash-pin.ts"',
      'adminPin: a PIN is never accepted in clear; put the output of "npx tsx scripts/hash-pin.ts" in adminPinHash / staffPinHash',
    ]);
    expect(problems({ ...fileFor(), staff_pin: STAFF })).toEqual([
      'staff_pin: a PIN is never accepted in clear; put the output of "npx tsx scripts/hash-pin.ts" in adminPinHash / staffPinHash',
    ]);
  });

  it('lists every problem at once', () => {
    const lines = problems({ schemaVersion: 0, adminPinHash: { ...adminHash, N: 3 }, kioskPseudonym: '' });
    expect(lines).toEqual([
      'schemaVersion: schemaVersion must be 1 (the only provisioning format this kiosk reads)',
      'adminPinHash.N: N must be a power of two',
      expect.stringMatching(/^adminPinHash\.N: N must be at least 16384/),
      expect.stringMatching(/^kioskPseudonym: pseudonym must be 1-32 characters/),
    ]);
  });
});

describe('scripts/hash-pin.ts', () => {
  const root = resolve(__dirname, '..');
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const run = (args: string[], input: string) => spawnSync(tsx, ['scripts/hash-pin.ts', ...args], { cwd: root, input, encoding: 'utf8', timeout: 30_000 });

  it('writes a file the kiosk applies, holding no PIN', async () => {
    const out = execFileSync(tsx, ['scripts/hash-pin.ts', '--file', '--pseudonym', 'branch-7'], { cwd: root, input: `${ADMIN}\n${STAFF}\n`, encoding: 'utf8', timeout: 30_000 });
    expect(out).not.toContain(ADMIN);
    expect(out).not.toContain(STAFF);
    const db = openStore(':memory:');
    expect(provisionFromFile(db, write(out), now)).toEqual({ applied: true, staffPin: true, kioskPseudonym: true });
    expect(JSON.parse(out).adminPinHash).toMatchObject({ algorithm: 'scrypt', N: 2 ** 15, r: 8, p: 1 });
    expect(await verifyPin(db, ADMIN, now)).toEqual({ ok: true, role: 'admin' });
    expect(await verifyPin(db, STAFF, now)).toEqual({ ok: true, role: 'staff' });
  }, 30_000);

  it('prints one block that fits adminPinHash', () => {
    const r = run([], `${STAFF}\n`);
    expect(r.status).toBe(0);
    expect(problems({ schemaVersion: 1, adminPinHash: JSON.parse(r.stdout) })).toEqual([]);
  }, 30_000);

  it('refuses a weak PIN and equal staff and admin PINs', () => {
    const weak = run([], '123456\n');
    expect(weak.status).toBe(1);
    expect(weak.stdout).toBe('');
    expect(weak.stderr).toContain('straight run');
    const same = run(['--file'], `${ADMIN}\n${ADMIN}\n`);
    expect(same.status).toBe(1);
    expect(same.stderr).toContain('the staff PIN must differ from the admin PIN');
  }, 30_000);
});
