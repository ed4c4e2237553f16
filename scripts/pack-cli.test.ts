/** npm run pack:keygen / pack:sign / pack:check / pack:sign-bundled, run as the content team would (through tsx). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePack } from '../db/test/fixture-pack';
import { useTempDirs } from '../db/test/temp-dir';

const tempDir = useTempDirs('kiosk-pack-cli-');
const root = join(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(tsx, [join(root, 'scripts', script), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function writePack(dir: string, pack: unknown, name = 'card-binding.json'): string {
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(pack, null, 2)}\n`);
  return file;
}

describe('pack signing commands', () => {
  it('keygen makes a pair, sign signs a valid pack, check passes it and fails it once a byte changes', { timeout: 60_000 }, () => {
    const keys = tempDir();
    const made = run('pack-keygen.ts', ['--out', keys, '--name', 'bank']);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/Key id: {6}[0-9a-f]{64}\n$/);
    expect(statSync(join(keys, 'bank.pem')).mode & 0o777).toBe(0o600);
    expect(run('pack-keygen.ts', ['--out', keys, '--name', 'bank'])).toMatchObject({ code: 1, err: expect.stringMatching(/already exists; nothing was written/) });

    const dir = tempDir();
    const pack = writePack(dir, { ...fixturePack(), version: '2.0.0' });
    const signed = run('pack-sign.ts', ['--key', join(keys, 'bank.pem'), pack]);
    expect(signed).toMatchObject({ code: 0, err: '' });
    expect(signed.out).toMatch(/^Signed: .*card-binding\.json \(fixture_pack 2\.0\.0\) -> .*card-binding\.json\.sig, key [0-9a-f]{64}\n$/);
    expect(readFileSync(`${pack}.sig`, 'utf8')).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);

    const checked = run('pack-check.ts', ['--pub', join(keys, 'bank.pub.pem'), pack]);
    expect(checked).toMatchObject({ code: 0, err: '' });
    expect(checked.out).toMatch(/^OK: .* is fixture_pack 2\.0\.0, valid, signed by .*bank\.pub\.pem/);

    // Not the key it was signed with: the default is the bundled pack's key.
    expect(run('pack-check.ts', [pack])).toMatchObject({ code: 1, err: expect.stringMatching(/\(signature\): the signature does not match card-binding\.json with the public key given/) });

    writeFileSync(pack, readFileSync(pack, 'utf8').replace('"2.0.0"', '"2.0.1"'));
    const tampered = run('pack-check.ts', ['--pub', join(keys, 'bank.pub.pem'), pack]);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toMatch(/^FAILED: .* has 1 problem\(s\):\n {2}\(signature\): the signature does not match/);
  });

  it('an invalid pack is not signed, and check lists every problem with its path, signature first', { timeout: 60_000 }, () => {
    const dir = tempDir();
    const bad = { ...fixturePack(), startQuestion: 'nowhere' } as Record<string, unknown>;
    delete bad['title'];
    const pack = writePack(dir, bad);
    const signed = run('pack-sign.ts', ['--key', join(root, 'build', 'pack-signing', 'dev-signing-key.pem'), pack]);
    expect(signed.code).toBe(1);
    expect(signed.err).toMatch(/^NOT SIGNED: .* has 1 problem\(s\):\n {2}title: /);
    const checked = run('pack-check.ts', [pack]);
    expect(checked.code).toBe(1);
    expect(checked.err.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^ {2}\(signature\): card-binding\.json is not signed/),
      expect.stringMatching(/^ {2}title: /),
    ]);
  });

  it('check fails a valid, signed pack whose text the kiosk cannot draw, naming each string and character', { timeout: 60_000 }, () => {
    const dir = tempDir();
    const base = fixturePack();
    const pack = writePack(dir, { ...base, title: { ...base.title, 'zh-Hans': '𠮷野家 🙂' } });
    expect(run('pack-sign.ts', ['--key', join(root, 'build', 'pack-signing', 'dev-signing-key.pem'), pack]).code).toBe(0);
    const checked = run('pack-check.ts', [pack]);
    expect(checked.code).toBe(1);
    expect(checked.err).toMatch(/^FAILED: .*card-binding\.json is valid and signed, but 1 string\(s\) use characters the kiosk cannot draw:\n/);
    expect(checked.err).toContain("  title.zh-Hans: 𠮷 (U+20BB7), 🙂 (U+1F642) would show as empty boxes: the kiosk's fonts do not draw them\n");
  });

  it('check of the bundled pack passes with the committed key, and the committed signature is what the build makes', { timeout: 60_000 }, () => {
    expect(run('pack-check.ts', [join(root, 'db', 'content', 'card-binding.json')])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^OK: .* is card_binding \d+\.\d+\.\d+, valid, signed by .* \(the DEVELOPMENT key: only development builds accept it\)\n$/),
    });
    expect(run('pack-sign-bundled.ts', ['--check'])).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: the bundled pack's signature and release key are up to date/) });
  });

  it('each says how to use it, and exits 1, when called wrongly', { timeout: 60_000 }, () => {
    expect(run('pack-sign.ts', [])).toMatchObject({ code: 1, err: expect.stringMatching(/--key and at least one pack file are required\.\n\nUsage: npm run pack:sign -- --key PRIVATE\.pem PACK\.json/) });
    expect(run('pack-check.ts', [])).toMatchObject({ code: 1, err: expect.stringMatching(/expected one pack file\.\n\nUsage: npm run pack:check/) });
    expect(run('pack-keygen.ts', ['--bogus'])).toMatchObject({ code: 1, err: expect.stringMatching(/Unknown option '--bogus'/) });
    const pub = tempDir();
    run('pack-keygen.ts', ['--out', pub]);
    expect(run('pack-sign.ts', ['--key', join(pub, 'pack-signing-key.pub.pem'), 'x.json'])).toMatchObject({ code: 1, err: expect.stringMatching(/not a PEM private key/) });
    expect(run('pack-check.ts', ['--pub', join(pub, 'pack-signing-key.pem'), 'x.json'])).toMatchObject({ code: 1, err: expect.stringMatching(/this is a PRIVATE key/) });
  });
});
