/**
 * Signed packs from a USB stick (issue 5): the signature over the exact bytes
 * first, then the validator, then a transactional import; every refusal
 * leaves the active pack serving. Rollback walks back through the packs that
 * were active. The bank's keys come from the provisioning file or pack-keys/.
 */
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { openStore } from './store';
import { ensureBundledPack, importPack } from './content-import';
import { readActivePackInfo, readContentView } from './content-read';
import { MAX_SIGNATURE_BYTES } from './pack-file-import';
import { importPackFile } from './test/import-pack-file';
import { readPackHistory, rollbackPack } from './pack-history';
import { addTrustedKey, listTrustedKeys, syncKeyFolder, trustedKeys } from './pack-keys';
import { DEVELOPMENT_KEY_ID, generatePackKeyPair, parsePrivateKey, parsePublicKey, SIGNATURE_SUFFIX } from './pack-signing';
import { checkPackFile } from './pack-check';
import { listAudit } from './audit';
import { startSession } from './sessions';
import { applyProvisioning, parseProvisioning } from './provisioning';
import { hashPin } from './pins';
import { fixturePack } from './test/fixture-pack';
import { devPrivateKey, writePackFile } from './test/signed-pack';
import { useTempDirs } from './test/temp-dir';
import bundled from './content/card-binding.json';
import type { Pack } from './content-schema';
import type { FontCoverage } from './font-coverage';
import Sqlite from 'better-sqlite3';
import { runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

const tempDir = useTempDirs('kiosk-packs-');
const now = new Date('2026-11-20T09:00:00.000Z');
const bank = generatePackKeyPair();
const bankKey = parsePrivateKey(bank.privateKeyPem);

function withVersion(version: string, pack: Pack = fixturePack()): Pack {
  return { ...pack, version };
}

/** A kiosk with the fixture pack 1.0.0 active and the bank's key trusted. */
function kiosk(): Database.Database {
  const db = openStore(':memory:');
  importPack(db, fixturePack(), { now: () => now });
  addTrustedKey(db, { label: 'Bank content team', publicKeyPem: bank.publicKeyPem, source: 'provisioning', now });
  return db;
}

/** The whole Basic Multilingual Plane: the fixture pack's characters, and none outside it. */
const fontCoverage: FontCoverage = { sc: [[0, 0xffff]], tc: [[0, 0xffff]] };
const opts = { now, trustDevelopmentKey: false, fontCoverage } as const;

describe('importing a signed pack file', () => {
  it('a good pack signed with a trusted key becomes active, records its signer, and is audited', () => {
    const db = kiosk();
    const file = writePackFile(tempDir(), withVersion('1.1.0'), bankKey);
    expect(importPackFile(db, file, opts)).toEqual({ status: 'imported', packId: 'fixture_pack', version: '1.1.0', signedBy: 'Bank content team' });
    expect(readActivePackInfo(db)).toEqual({ packId: 'fixture_pack', version: '1.1.0' });
    const history = readPackHistory(db);
    expect(history.active).toMatchObject({ version: '1.1.0', source: 'usb', signedBy: 'Bank content team', active: true, importedAt: now.toISOString() });
    expect(history.previous).toMatchObject({ version: '1.0.0', source: 'bundled', signedBy: null, active: false });
    expect(listAudit(db, { limit: 1 })[0]).toMatchObject({ role: 'admin', action: 'pack_imported', detail: `pack=fixture_pack,version=1.1.0,key=${bank.keyId.slice(0, 16)}` });
  });

  it('sessions started after the import record the new version', () => {
    const db = kiosk();
    const before = startSession(db, { ...packOf(db), locale: 'en', assisted: false, now });
    importPackFile(db, writePackFile(tempDir(), withVersion('1.1.0'), bankKey), opts);
    const after = startSession(db, { ...packOf(db), locale: 'en', assisted: false, now });
    const versions = db.prepare('SELECT id, pack_version FROM session ORDER BY id').all();
    expect(versions).toEqual([
      { id: before, pack_version: '1.0.0' },
      { id: after, pack_version: '1.1.0' },
    ]);
  });

  it('an unsigned pack is refused before it is read as JSON', () => {
    const db = kiosk();
    const file = writePackFile(tempDir(), '{ this is not even JSON', null);
    expect(importPackFile(db, file, opts)).toEqual({
      status: 'rejected',
      reason: 'unsigned',
      problems: [{ path: '(signature)', message: 'card-binding.json is not signed: there is no card-binding.json.sig next to it (npm run pack:sign makes one)' }],
    });
    expect(readActivePackInfo(db).version).toBe('1.0.0');
    expect(listAudit(db, { limit: 1 })[0]).toMatchObject({ action: 'pack_import_rejected', detail: 'reason=unsigned,problems=1' });
  });

  it('a tampered pack (one byte changed after signing) is refused, and the active pack keeps serving', () => {
    const db = kiosk();
    const viewBefore = readContentView(db, 'en');
    const file = writePackFile(tempDir(), withVersion('1.1.0'), bankKey);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from('Nothing loads'));
    bytes[at] = 'M'.charCodeAt(0);
    writeFileSync(file, bytes);
    const result = importPackFile(db, file, opts);
    expect(result).toMatchObject({ status: 'rejected', reason: 'bad_signature', problems: [{ path: '(signature)' }] });
    expect(JSON.stringify(result)).toMatch(/changed after it was signed, or it was signed with another key/);
    expect(readContentView(db, 'en')).toEqual(viewBefore);
    expect(readPackHistory(db).all).toHaveLength(1);
  });

  it('a pack signed with a key the kiosk does not trust is refused', () => {
    const db = kiosk();
    const stranger = parsePrivateKey(generatePackKeyPair().privateKeyPem);
    expect(importPackFile(db, writePackFile(tempDir(), withVersion('1.1.0'), stranger), opts)).toMatchObject({ status: 'rejected', reason: 'bad_signature' });
  });

  it('the development key is trusted only by a development build, and then says so', () => {
    const db = kiosk();
    const file = writePackFile(tempDir(), withVersion('1.1.0'), devPrivateKey());
    expect(importPackFile(db, file, { now, trustDevelopmentKey: false, fontCoverage })).toMatchObject({
      status: 'rejected',
      reason: 'untrusted_key',
      problems: [{ path: '(signature)', message: expect.stringMatching(/development key, which only a development build trusts/) }],
    });
    expect(importPackFile(db, file, { now, trustDevelopmentKey: true, fontCoverage })).toMatchObject({ status: 'imported', signedBy: 'help-kiosk development key' });
  });

  it('with no key configured, a production kiosk says that a key is missing', () => {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    const file = writePackFile(tempDir(), withVersion('1.1.0'), bankKey);
    expect(importPackFile(db, file, opts)).toMatchObject({ status: 'rejected', reason: 'no_trusted_key' });
  });

  it('a malformed signature file is a bad signature, with what is wrong with it', () => {
    const db = kiosk();
    const file = writePackFile(tempDir(), withVersion('1.1.0'), null);
    writeFileSync(`${file}${SIGNATURE_SUFFIX}`, 'c2lnbmF0dXJl\n');
    expect(importPackFile(db, file, opts)).toEqual({
      status: 'rejected',
      reason: 'bad_signature',
      problems: [{ path: '(signature)', message: 'card-binding.json.sig: the signature is 9 bytes; an Ed25519 signature is 64' }],
    });
  });

  it('a signed but invalid pack lists every problem with its path, and the active pack keeps serving', () => {
    const db = kiosk();
    const bad = withVersion('1.1.0') as unknown as { causes: { title: Record<string, string> }[]; startQuestion: string };
    delete bad.causes[0]!.title['zh-Hant'];
    bad.startQuestion = 'nowhere';
    const result = importPackFile(db, writePackFile(tempDir(), bad, bankKey), opts);
    expect(result).toMatchObject({ status: 'rejected', reason: 'invalid_pack' });
    const problems = (result as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(problems).toContain('causes[0].title.zh-Hant');
    expect(readActivePackInfo(db).version).toBe('1.0.0');
    expect(readPackHistory(db).all).toHaveLength(1);
  });

  it('a refused pack still lists its problems when the store cannot note the refusal (full or read-only)', () => {
    const db = kiosk();
    db.exec("CREATE TEMP TRIGGER store_full BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    const bad = withVersion('1.1.0') as unknown as { startQuestion: string };
    bad.startQuestion = 'nowhere';
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const result = importPackFile(db, writePackFile(tempDir(), bad, bankKey), opts);
      expect(result).toMatchObject({ status: 'rejected', reason: 'invalid_pack', problems: [expect.objectContaining({ path: 'startQuestion' })] });
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/pack refused \(invalid_pack\), but not audited: database or disk is full/));
    } finally {
      errors.mockRestore();
    }
    expect(readActivePackInfo(db).version).toBe('1.0.0');
  });

  it("a valid pack with characters the kiosk's fonts do not draw is refused, naming each string; the active pack keeps serving", () => {
    const db = kiosk();
    const pack = withVersion('1.1.0');
    pack.causes[0]!.title['zh-Hans'] = '请到柜台 𠮷';
    pack.causes[0]!.title.en = 'Go to the counter 🙂';
    const result = importPackFile(db, writePackFile(tempDir(), pack, bankKey), opts);
    expect(result).toEqual({
      status: 'rejected',
      reason: 'undrawable_text',
      problems: [
        { path: 'causes[0].title.zh-Hans', message: "𠮷 (U+20BB7) would show as empty boxes: the kiosk's fonts do not draw it" },
        { path: 'causes[0].title.en', message: "🙂 (U+1F642) would show as empty boxes: the kiosk's fonts do not draw it" },
      ],
    });
    expect(readActivePackInfo(db).version).toBe('1.0.0');
    expect(listAudit(db, { limit: 1 })[0]).toMatchObject({ action: 'pack_import_rejected', detail: 'reason=undrawable_text,problems=2' });
  });

  it('signed text that is not JSON, or not UTF-8, is an invalid pack', () => {
    const db = kiosk();
    expect(importPackFile(db, writePackFile(tempDir(), '{"schemaVersion": 1,', bankKey), opts)).toMatchObject({
      reason: 'invalid_pack',
      problems: [{ path: '(file)', message: expect.stringMatching(/^not valid JSON/) }],
    });
    const file = writePackFile(tempDir(), Buffer.from([0x7b, 0xe9, 0x7d]), bankKey, 'latin1.json');
    expect(importPackFile(db, file, opts)).toMatchObject({ reason: 'invalid_pack', problems: [{ path: '(file)', message: 'latin1.json is not UTF-8 text' }] });
  });

  it('the same version, or an older one, is refused: going back is what rollback is for', () => {
    const db = kiosk();
    importPackFile(db, writePackFile(tempDir(), withVersion('1.2.0'), bankKey), opts);
    expect(importPackFile(db, writePackFile(tempDir(), withVersion('1.2.0'), bankKey), opts)).toMatchObject({
      reason: 'not_newer',
      problems: [{ path: 'version', message: 'pack "fixture_pack" version 1.2.0 is already on this kiosk; raise the version' }],
    });
    expect(importPackFile(db, writePackFile(tempDir(), withVersion('1.1.9'), bankKey), opts)).toMatchObject({
      reason: 'not_newer',
      problems: [{ message: expect.stringMatching(/older than version 1.2.0/) }],
    });
  });

  it('a missing or oversized pack file is unreadable', () => {
    const db = kiosk();
    expect(importPackFile(db, join(tempDir(), 'gone.json'), opts)).toMatchObject({ reason: 'unreadable', problems: [{ path: '(file)', message: 'gone.json cannot be read (ENOENT)' }] });
    const dir = tempDir();
    writeFileSync(join(dir, 'huge.json'), Buffer.alloc(8 * 1024 * 1024 + 1, 0x20));
    expect(importPackFile(db, join(dir, 'huge.json'), opts)).toMatchObject({ reason: 'unreadable', problems: [{ message: expect.stringMatching(/at most 8388608/) }] });
  });

  it("reads only regular files off the stick: a link (to /dev/zero, or to the kiosk's own files), a FIFO or a folder is refused, and nothing hangs", () => {
    const db = kiosk();
    const dir = tempDir();
    const file = writePackFile(dir, withVersion('1.1.0'), bankKey);
    const sig = `${file}${SIGNATURE_SUFFIX}`;
    const problem = (result: unknown) => (result as { problems: { path: string; message: string }[] }).problems[0];
    // The signature a link to an endless device: refused unread (read, it would fill the memory).
    unlinkSync(sig);
    symlinkSync('/dev/zero', sig);
    expect(importPackFile(db, file, opts)).toMatchObject({ status: 'rejected', reason: 'bad_signature' });
    expect(problem(importPackFile(db, file, opts))).toEqual({ path: '(signature)', message: `${basename(sig)} is a link, not a file: copy the file itself onto the stick` });
    // A FIFO nobody writes to: opened without waiting, then refused.
    unlinkSync(sig);
    expect(spawnSync('mkfifo', [sig]).status).toBe(0);
    expect(problem(importPackFile(db, file, opts))).toEqual({ path: '(signature)', message: `${basename(sig)} is not a regular file` });
    // The pack itself a link to a file elsewhere on the kiosk.
    const elsewhere = join(tempDir(), 'kiosk.json');
    writeFileSync(elsewhere, readFileSync(file));
    const linked = join(dir, 'linked.json');
    symlinkSync(elsewhere, linked);
    expect(importPackFile(db, linked, opts)).toMatchObject({ reason: 'unreadable', problems: [{ path: '(file)', message: 'linked.json is a link, not a file: copy the file itself onto the stick' }] });
    mkdirSync(join(dir, 'folder.json'));
    expect(importPackFile(db, join(dir, 'folder.json'), opts)).toMatchObject({ reason: 'unreadable', problems: [{ message: 'folder.json is not a regular file' }] });
    expect(readActivePackInfo(db).version).toBe('1.0.0');
  });
});

function packOf(db: Database.Database) {
  const info = readActivePackInfo(db);
  return { packId: info.packId, packVersion: info.version };
}

describe('rollback', () => {
  it('reactivates the previous pack; the pack rolled back from is not offered again', () => {
    const db = kiosk();
    importPackFile(db, writePackFile(tempDir(), withVersion('1.1.0'), bankKey), opts);
    const result = rollbackPack(db, { now });
    expect(result).toMatchObject({ ok: true, from: { version: '1.1.0', active: false, rolledBack: true }, to: { version: '1.0.0', active: true } });
    expect(readActivePackInfo(db).version).toBe('1.0.0');
    expect(readContentView(db, 'en').packVersion).toBe('1.0.0');
    expect(readPackHistory(db).previous).toBeNull();
    expect(listAudit(db, { limit: 1 })[0]).toMatchObject({ role: 'admin', action: 'pack_rolled_back', detail: 'from=fixture_pack:1.1.0,to=fixture_pack:1.0.0' });
  });

  it('with no previous pack it refuses and changes nothing', () => {
    const db = kiosk();
    expect(rollbackPack(db, { now })).toEqual({ ok: false, reason: 'no_previous_pack' });
    expect(readActivePackInfo(db).version).toBe('1.0.0');
    expect(rollbackPack(openStore(':memory:'), { now })).toEqual({ ok: false, reason: 'no_active_pack' });
  });

  it('twice walks two steps back (it does not toggle), and a new import can follow', () => {
    const db = kiosk();
    for (const v of ['1.1.0', '1.2.0']) importPackFile(db, writePackFile(tempDir(), withVersion(v), bankKey), opts);
    expect(readPackHistory(db).previous?.version).toBe('1.1.0');
    rollbackPack(db, { now });
    expect(readPackHistory(db)).toMatchObject({ active: { version: '1.1.0' }, previous: { version: '1.0.0' } });
    rollbackPack(db, { now });
    expect(readPackHistory(db)).toMatchObject({ active: { version: '1.0.0' }, previous: null });
    expect(importPackFile(db, writePackFile(tempDir(), withVersion('1.3.0'), bankKey), opts)).toMatchObject({ status: 'imported' });
    expect(readPackHistory(db)).toMatchObject({ active: { version: '1.3.0' }, previous: { version: '1.0.0' } });
    expect(readPackHistory(db).all.map((p) => [p.version, p.active, p.rolledBack])).toEqual([
      ['1.3.0', true, false],
      ['1.2.0', false, true],
      ['1.1.0', false, true],
      ['1.0.0', false, false],
    ]);
  });

  it('a newer bundled pack at start-up takes over, and the USB pack becomes the previous one', () => {
    const db = openStore(':memory:');
    ensureBundledPack(db);
    addTrustedKey(db, { label: 'Bank', publicKeyPem: bank.publicKeyPem, source: 'provisioning', now });
    // Versions relative to today's bundled pack: a USB patch on top of it, then a newer release.
    const [major, minor, patch] = bundled.version.split('.').map(Number) as [number, number, number];
    const usb = `${major}.${minor}.${patch + 5}`;
    const release = `${major}.${minor + 1}.0`;
    expect(importPackFile(db, writePackFile(tempDir(), { ...(bundled as Pack), version: usb }, bankKey), opts)).toMatchObject({ status: 'imported' });
    ensureBundledPack(db, { ...(bundled as Pack), version: release });
    expect(readPackHistory(db)).toMatchObject({ active: { version: release, source: 'bundled' }, previous: { version: usb, source: 'usb' } });
  });
});

describe('migration 0050', () => {
  it('marks the packs of an older store as bundled, the active one as activated, and then rollback works', () => {
    const db = new Sqlite(':memory:');
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 40));
    importPack(db, fixturePack(), { now: () => now });
    importPack(db, withVersion('1.0.1'), { now: () => now });
    runMigrations(db, MIGRATIONS);
    expect(readPackHistory(db)).toMatchObject({ active: { version: '1.0.1', source: 'bundled', signedBy: null }, previous: null });
    addTrustedKey(db, { label: 'Bank', publicKeyPem: bank.publicKeyPem, source: 'key_file', now });
    importPackFile(db, writePackFile(tempDir(), withVersion('1.1.0'), bankKey), opts);
    expect(rollbackPack(db, { now })).toMatchObject({ ok: true, to: { version: '1.0.1' } });
  });

  it('refuses labels with control characters and key ids that are not sha256 hex, even written by hand', () => {
    const db = openStore(':memory:');
    const insert = db.prepare("INSERT INTO trusted_key (key_id, public_key, label, source, added_at) VALUES (?, ?, ?, 'key_file', ?)");
    expect(() => insert.run('x'.repeat(64), bank.publicKeyPem, 'ok', now.toISOString())).toThrow(/CHECK/);
    expect(() => insert.run(bank.keyId, bank.publicKeyPem, 'bad\nlabel', now.toISOString())).toThrow(/CHECK/);
    expect(() => insert.run(bank.keyId, bank.publicKeyPem, 'x'.repeat(65), now.toISOString())).toThrow(/CHECK/);
    insert.run(bank.keyId, bank.publicKeyPem, 'Bank content team 2026', now.toISOString());
  });
});

describe('trusted keys', () => {
  it('pack-keys/*.pem are synced at each start: added, relabelled by file name, removed with their file; bad files are skipped', () => {
    const db = openStore(':memory:');
    const dir = join(tempDir(), 'pack-keys');
    mkdirSync(dir);
    const second = generatePackKeyPair();
    writeFileSync(join(dir, 'bank-content-2026.pem'), bank.publicKeyPem);
    writeFileSync(join(dir, 'second.pem'), second.publicKeyPem);
    writeFileSync(join(dir, 'oops.pem'), bank.privateKeyPem);
    writeFileSync(join(dir, 'dev.pem'), readFileSync(join(__dirname, '..', 'build', 'pack-signing', 'bundled-pack.pub.pem')));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const first = syncKeyFolder(db, dir, now);
    expect(first.added.sort()).toEqual([bank.keyId, second.keyId].sort());
    expect(first.problems).toEqual([
      expect.stringMatching(/^dev\.pem: this is the help-kiosk development key/),
      expect.stringMatching(/^oops\.pem: this is a PRIVATE key/),
    ]);
    expect(listTrustedKeys(db).filter((k) => k.source === 'key_file').map((k) => k.label).sort()).toEqual(['bank-content-2026', 'second']);

    unlinkSync(join(dir, 'second.pem'));
    expect(syncKeyFolder(db, dir, now)).toMatchObject({ added: [], removed: [second.keyId] });
    expect(listTrustedKeys(db).map((k) => k.keyId)).not.toContain(second.keyId);
    expect(listAudit(db, { limit: 10 }).map((e) => e.action).sort()).toEqual(['pack_key_added', 'pack_key_added', 'pack_key_removed']);
    expect(syncKeyFolder(db, join(tempDir(), 'none'), now)).toMatchObject({ added: [], removed: [bank.keyId] });
  });

  it('the release key is trusted when it is a real release key; the development key only in development builds', () => {
    const db = openStore(':memory:');
    expect(trustedKeys(db, { trustDevelopmentKey: false })).toEqual([]);
    expect(trustedKeys(db, { trustDevelopmentKey: true }).map((k) => [k.keyId, k.source])).toEqual([[DEVELOPMENT_KEY_ID, 'release']]);
    expect(() => addTrustedKey(db, { label: 'dev', publicKeyPem: readFileSync(join(__dirname, '..', 'build', 'pack-signing', 'bundled-pack.pub.pem'), 'utf8'), source: 'key_file', now })).toThrow(/development key/);
  });

  it('the provisioning file can carry trustedPackKeys; a bad key is refused with its path', async () => {
    const adminPinHash = await hashPin('24681357', { N: 2 ** 14, r: 8, p: 1 });
    const db = openStore(':memory:');
    const file = parseProvisioning(JSON.stringify({ schemaVersion: 1, adminPinHash, trustedPackKeys: [{ label: 'Bank content team', publicKeyPem: bank.publicKeyPem }] }));
    expect(applyProvisioning(db, file, now)).toEqual({ applied: true, staffPin: false, kioskPseudonym: false, packKeys: 1 });
    expect(listTrustedKeys(db)).toEqual([{ keyId: bank.keyId, label: 'Bank content team', source: 'provisioning' }]);
    expect(listAudit(db, { limit: 1 })[0]).toMatchObject({ action: 'provisioned', detail: 'staff_pin=0,pseudonym=0,pack_keys=1' });

    let details: string[] = [];
    try {
      parseProvisioning(JSON.stringify({ schemaVersion: 1, adminPinHash, trustedPackKeys: [{ label: '', publicKeyPem: bank.privateKeyPem }] }));
    } catch (err) {
      details = (err as { details: string[] }).details;
    }
    expect(details).toEqual(['trustedPackKeys.0.label: label is empty', expect.stringMatching(/^trustedPackKeys\.0\.publicKeyPem: this is a PRIVATE key/)]);
  });
});

describe('pack:check (the same validator, and the signature)', () => {
  it('reports the signature and every validation problem together', () => {
    const bad = withVersion('1.1.0') as unknown as { startQuestion: string };
    bad.startQuestion = 'nowhere';
    const file = writePackFile(tempDir(), bad, null);
    const keys = [{ keyId: bank.keyId, label: 'bank', key: parsePublicKey(bank.publicKeyPem).key }];
    const result = checkPackFile(file, keys);
    expect(result.problems.map((p) => p.path)).toEqual(['(signature)', 'startQuestion']);
    const good = writePackFile(tempDir(), withVersion('1.1.0'), bankKey);
    expect(checkPackFile(good, keys)).toMatchObject({ problems: [], pack: { id: 'fixture_pack', version: '1.1.0' }, signer: { keyId: bank.keyId } });
  });

  it('refuses an oversized signature file as the kiosk does, and still validates the pack', () => {
    const file = writePackFile(tempDir(), withVersion('1.1.0'), bankKey);
    writeFileSync(`${file}${SIGNATURE_SUFFIX}`, 'x'.repeat(MAX_SIGNATURE_BYTES + 1));
    const keys = [{ keyId: bank.keyId, label: 'bank', key: parsePublicKey(bank.publicKeyPem).key }];
    const result = checkPackFile(file, keys);
    expect(result.problems).toEqual([{ path: '(signature)', message: `${basename(file)}${SIGNATURE_SUFFIX} ${MAX_SIGNATURE_BYTES + 1} bytes; at most ${MAX_SIGNATURE_BYTES} are read` }]);
    expect(result.pack).toMatchObject({ id: 'fixture_pack', version: '1.1.0' });
    expect(importPackFile(kiosk(), file, opts)).toMatchObject({ status: 'rejected', reason: 'bad_signature' });
  });
});
