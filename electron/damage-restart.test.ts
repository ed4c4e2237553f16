import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_EVERY_MS, MIN_GAP_MS, QUIET_MS, readStoreCheck, watchForStoreDamage, type DamageRestartOptions } from './damage-restart';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'damage-restart-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A watcher on a hand-driven clock: `tick(ms)` moves the clock and runs the checks that fall due. */
function watcher(overrides: Partial<DamageRestartOptions> = {}) {
  let clock = new Date('2026-12-07T10:00:00Z').getTime();
  let pending: (() => void) | null = null;
  const state = { restarts: 0, idle: true, cleared: 0, log: [] as string[] };
  const checkFile = path.join(dir, 'store-check.json');
  const watch = watchForStoreDamage({
    checkFile,
    isIdle: () => state.idle,
    restart: () => {
      state.restarts += 1;
    },
    now: () => new Date(clock),
    setInterval: (run) => {
      pending = run;
      return 1;
    },
    clearInterval: () => {
      state.cleared += 1;
      pending = null;
    },
    log: (message) => state.log.push(message),
    ...overrides,
  });
  const tick = (ms: number): void => {
    for (let done = 0; done < ms; done += CHECK_EVERY_MS) {
      clock += Math.min(CHECK_EVERY_MS, ms - done);
      pending?.();
    }
  };
  const problem = (code: string, method = 'endSession') => ({ code, method, at: new Date(clock) });
  return { watch, tick, problem, state, checkFile, at: () => new Date(clock) };
}

describe('restarting for store damage met while running', () => {
  it('waits until nobody has used the kiosk for the quiet time, then notes the full check and restarts once', () => {
    const { watch, tick, problem, state, checkFile } = watcher();
    watch.noteActivity();
    watch.noteProblem(problem('SQLITE_CORRUPT_INDEX'));
    expect(state.log).toEqual([expect.stringMatching(/store is damaged \(SQLITE_CORRUPT_INDEX from endSession\).*once nobody has used it for 11 minutes/)]);
    tick(QUIET_MS - CHECK_EVERY_MS);
    watch.noteActivity(); // a customer taps on
    tick(QUIET_MS - CHECK_EVERY_MS);
    expect(state.restarts).toBe(0);
    tick(2 * CHECK_EVERY_MS);
    expect(state.restarts).toBe(1);
    const check = readStoreCheck(checkFile);
    expect(check).toMatchObject({ reason: expect.stringMatching(/^SQLITE_CORRUPT_INDEX from endSession at 2026-12-07T10:00:00/), checkedAt: null, found: null });
    // Once only, however much damage follows.
    watch.noteProblem(problem('SQLITE_CORRUPT'));
    tick(2 * QUIET_MS);
    expect(state.restarts).toBe(1);
  });

  it('holds while the shell says someone is there (a session open, staff unlocked, a backup due)', () => {
    const { watch, tick, problem, state } = watcher();
    watch.noteProblem(problem('SQLITE_CORRUPT'));
    state.idle = false;
    tick(3 * QUIET_MS);
    expect(state.restarts).toBe(0);
    state.idle = true;
    tick(CHECK_EVERY_MS);
    expect(state.restarts).toBe(1);
  });

  it('never restarts for a full disk or a read-only folder: a restart mends neither', () => {
    const { watch, tick, problem, state, checkFile } = watcher();
    for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN']) watch.noteProblem(problem(code, 'logEvent'));
    tick(3 * QUIET_MS);
    expect(state.restarts).toBe(0);
    expect(state.log).toEqual([]);
    expect(readStoreCheck(checkFile)).toBeNull();
  });

  it('waits for a day to pass since the last restart for damage, and says what that suggests', () => {
    const { watch, tick, problem, state, checkFile, at } = watcher();
    const earlier = new Date(at().getTime() - MIN_GAP_MS + 3600_000).toISOString();
    writeFileSync(checkFile, JSON.stringify({ requestedAt: earlier, reason: 'SQLITE_CORRUPT from logEvent', checkedAt: earlier, found: 'sound' }));
    watch.noteProblem(problem('SQLITE_CORRUPT_INDEX'));
    expect(state.log).toEqual([
      expect.stringMatching(/once nobody has used it for 11 minutes, and not before 2026-12-07T11:00:00\.000Z: it last restarted for damage at .*\(the check then found: sound\)\. .*replace it/),
    ]);
    tick(3600_000 - CHECK_EVERY_MS);
    expect(state.restarts).toBe(0);
    // The record of the last restart is kept as it was meanwhile.
    expect(readStoreCheck(checkFile)).toMatchObject({ requestedAt: earlier, found: 'sound' });
    tick(2 * CHECK_EVERY_MS);
    expect(state.restarts).toBe(1);
    expect(readStoreCheck(checkFile)).toMatchObject({ reason: expect.stringMatching(/^SQLITE_CORRUPT_INDEX/), checkedAt: null });
  });

  it('restarts at once (after the quiet time) when the last restart for damage is more than a day old', () => {
    const { watch, tick, problem, state, checkFile, at } = watcher();
    const old = new Date(at().getTime() - MIN_GAP_MS - 60_000).toISOString();
    writeFileSync(checkFile, JSON.stringify({ requestedAt: old, reason: 'SQLITE_CORRUPT from logEvent', checkedAt: old, found: 'sound' }));
    watch.noteProblem(problem('SQLITE_NOTADB'));
    expect(state.log[0]).not.toMatch(/not before/);
    tick(QUIET_MS + CHECK_EVERY_MS);
    expect(state.restarts).toBe(1);
    expect(readStoreCheck(checkFile)).toMatchObject({ reason: expect.stringMatching(/^SQLITE_NOTADB/), checkedAt: null });
  });

  it('takes a last restart dated in the future (a clock set back) as no reason to wait', () => {
    const { watch, tick, problem, state, checkFile, at } = watcher();
    const ahead = new Date(at().getTime() + 3 * 3600_000).toISOString();
    writeFileSync(checkFile, JSON.stringify({ requestedAt: ahead, reason: 'SQLITE_CORRUPT from logEvent', checkedAt: ahead, found: 'sound' }));
    watch.noteProblem(problem('SQLITE_CORRUPT'));
    tick(QUIET_MS + CHECK_EVERY_MS);
    expect(state.restarts).toBe(1);
  });

  it('does not restart while the note cannot be written (nothing would stop a loop), says so once, and restarts once it can', () => {
    const folder = path.join(dir, 'not-yet');
    const { watch, tick, problem, state } = watcher({ checkFile: path.join(folder, 'store-check.json') });
    watch.noteProblem(problem('SQLITE_CORRUPT'));
    tick(3 * QUIET_MS);
    expect(state.restarts).toBe(0);
    expect(state.log.filter((m) => /not restarting/.test(m))).toEqual([
      expect.stringMatching(/^\[kiosk\] not restarting for the damaged store: could not write .*store-check\.json/),
    ]);
    mkdirSync(folder);
    tick(CHECK_EVERY_MS);
    expect(state.restarts).toBe(1);
  });

  it('tries again next time when the idle check itself fails', () => {
    let calls = 0;
    const { watch, tick, problem, state } = watcher({
      isIdle: () => {
        calls += 1;
        if (calls === 1) throw new Error('SQLITE_CORRUPT');
        return true;
      },
    });
    watch.noteProblem(problem('SQLITE_CORRUPT'));
    tick(QUIET_MS);
    expect(state.restarts).toBe(0);
    tick(CHECK_EVERY_MS);
    expect(state.restarts).toBe(1);
  });

  it('stops waiting when the kiosk quits', () => {
    const { watch, tick, problem, state } = watcher();
    watch.noteProblem(problem('SQLITE_CORRUPT'));
    watch.cancel();
    tick(3 * QUIET_MS);
    expect(state.restarts).toBe(0);
    expect(state.cleared).toBe(1);
  });

  it('reads a note it cannot parse as no note at all', () => {
    const file = path.join(dir, 'store-check.json');
    writeFileSync(file, '{"requestedAt": "yesterday"');
    expect(readStoreCheck(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ requestedAt: 'yesterday', reason: 'x', checkedAt: null, found: null }));
    expect(readStoreCheck(file)).toBeNull();
    expect(readFileSync(file, 'utf8')).toContain('yesterday');
  });
});
