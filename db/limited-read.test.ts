/**
 * The two readers of files off a stick give the same answers: the kiosk's (asynchronous) and
 * pack:check's (synchronous). db/pack-import.test.ts holds the import's messages for each case.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLimited, readLimitedAsync } from './limited-read';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-read-');

describe('reading a file off a stick', () => {
  it('asynchronously gives the synchronous answer for a file, a file too big, a link, a FIFO, a folder and a missing name, and leaves no file open', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pack.json'), 'twelve bytes');
    symlinkSync('/dev/zero', join(dir, 'endless.sig'));
    symlinkSync(join(dir, 'pack.json'), join(dir, 'linked.json'));
    expect(spawnSync('mkfifo', [join(dir, 'fifo.sig')]).status).toBe(0);
    mkdirSync(join(dir, 'folder.json'));
    const cases: [string, number, unknown][] = [
      ['pack.json', 12, { ok: true, bytes: Buffer.from('twelve bytes') }],
      ['pack.json', 11, { ok: false, cause: 'refused', message: '12 bytes; at most 11 are read' }],
      ['endless.sig', 1024, { ok: false, cause: 'refused', message: 'is a link, not a file: copy the file itself onto the stick' }],
      ['linked.json', 1024, { ok: false, cause: 'refused', message: 'is a link, not a file: copy the file itself onto the stick' }],
      ['fifo.sig', 1024, { ok: false, cause: 'refused', message: 'is not a regular file' }],
      ['folder.json', 1024, { ok: false, cause: 'refused', message: 'is not a regular file' }],
      ['gone.json', 1024, { ok: false, cause: 'missing', message: 'cannot be read (ENOENT)' }],
    ];
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (const [name, max, answer] of cases) {
      expect(readLimited(join(dir, name), max), name).toEqual(answer);
      expect(await readLimitedAsync(join(dir, name), max), name).toEqual(answer);
    }
    expect(openFiles()).toBe(before);
  });

  it('stops at the limit when a file holds more than its size says (a size of 0 proves nothing)', async () => {
    // Files under /proc say they hold 0 bytes and hold more.
    const answer = { ok: false, cause: 'refused', message: 'more than 10 bytes; at most 10 are read' };
    expect(readLimited('/proc/self/status', 10)).toEqual(answer);
    expect(await readLimitedAsync('/proc/self/status', 10)).toEqual(answer);
  });
});
