/** The two npm scripts, run as an operator would (through tsx, as package.json does). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storeWithTraffic } from './test/export-fixture';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-cli-');
const root = join(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[]) {
  const r = spawnSync(tsx, [join(root, 'scripts', script), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run stats:export / stats:verify', () => {
  it('export writes and verifies a folder; verify passes it, then fails it loudly once tampered with', { timeout: 60_000 }, () => {
    const { db, file } = storeWithTraffic(tempDir(), { sessions: 300, from: '2024-03-01', days: 7 });
    db.close();
    const out = join(tempDir(), 'stats');

    const exported = run('stats-export.ts', ['--db', file, '--out', out, '--from', '2024-03-01', '--to', '2024-03-07']);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/^Exported 2024-03-01 to 2024-03-07 for kiosk branch-042 \(k = 11\)/);
    expect(exported.out).toMatch(/Verified: every rule holds\./);

    expect(run('stats-verify.ts', [out])).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: /) });

    writeFileSync(join(out, 'features.csv'), 'feature,sessions,suppressed\r\nlarge_text,3,0\r\n');
    const verified = run('stats-verify.ts', [out]);
    expect(verified.code).toBe(1);
    expect(verified.err).toMatch(/^FAILED: .* breaks 1 rule\(s\):\n {2}features.csv: checksum mismatch/);
  });

  it('both say how to use them, and exit 1, when called wrongly', { timeout: 60_000 }, () => {
    const noArgs = run('stats-export.ts', []);
    expect(noArgs.code).toBe(1);
    expect(noArgs.err).toMatch(/--db and --out are required\.\n\nUsage: npm run stats:export -- --db FILE --out DIR/);
    const missingDb = run('stats-export.ts', ['--db', join(tempDir(), 'none.db'), '--out', tempDir()]);
    expect(missingDb).toMatchObject({ code: 1, err: expect.stringMatching(/no store at .*none\.db/) });
    const badPeriod = run('stats-export.ts', ['--db', join(tempDir(), 'none.db'), '--out', tempDir(), '--bogus']);
    expect(badPeriod).toMatchObject({ code: 1, err: expect.stringMatching(/Unknown option '--bogus'/) });
    expect(run('stats-verify.ts', [])).toMatchObject({ code: 1, err: expect.stringMatching(/expected one folder\.\nUsage: npm run stats:verify -- DIR/) });
  });
});
