import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from './store';
import { importPack } from './content-import';
import { logScripted } from './test/scripted-session';
import { fixturePack } from './test/fixture-pack';
import { useTempDirs } from './test/temp-dir';
import { backupFileName, backupStore, MAX_WAIT_MS, nextBackupTime, scheduleNightlyBackup, type NightlyBackupOutcome } from './backup';

const tempDir = useTempDirs('kiosk-backup-');
const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function store(): Database.Database {
  const db = openStore(join(tempDir(), 'kiosk.db'));
  dbs.push(db);
  importPack(db, fixturePack());
  for (let i = 0; i < 30; i++) logScripted(db, { start: `2026-11-19T0${i % 10}:00:00.000Z`, outcome: 'resolved' });
  return db;
}

/** Kiosk-local times, so the tests hold in any time zone. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const sessionsIn = (file: string) => {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return { integrity: copy.pragma('integrity_check', { simple: true }), sessions: copy.prepare('SELECT count(*) FROM session').pluck().get() };
  } finally {
    copy.close();
  }
};

describe('backupStore', () => {
  it("writes tonight's file with the online backup API: a complete, sound copy", async () => {
    const db = store();
    const dir = join(tempDir(), 'backups');
    const result = await backupStore(db, dir, local(2026, 11, 20, 3));
    expect(result.file).toBe(join(dir, 'kiosk-2026-11-20.db'));
    expect(result.pages).toBeGreaterThan(10);
    expect(result.removed).toEqual([]);
    expect(sessionsIn(result.file)).toEqual({ integrity: 'ok', sessions: 30 });
    // One self-contained file, even after it was opened (journal_mode DELETE, not WAL).
    expect(readdirSync(dir)).toEqual(['kiosk-2026-11-20.db']);
  });

  it('carries writes made while the copy runs, and the kiosk keeps logging meanwhile', async () => {
    const db = store();
    const dir = tempDir();
    const running = backupStore(db, dir, local(2026, 11, 20, 3));
    for (let i = 0; i < 20; i++) logScripted(db, { start: '2026-11-20T01:00:00.000Z', outcome: 'timeout' });
    const { file } = await running;
    expect(sessionsIn(file)).toEqual({ integrity: 'ok', sessions: 50 });
  });

  it('keeps the newest 7 nights (or as many as asked), removing older files and interrupted copies only', async () => {
    const db = store();
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk-2026-11-01.db.partial'), 'a copy a power cut interrupted');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    for (let day = 1; day <= 10; day++) await backupStore(db, dir, local(2026, 11, day, 3));
    expect(readdirSync(dir).sort()).toEqual([...Array.from({ length: 7 }, (_, i) => `kiosk-2026-11-${String(4 + i).padStart(2, '0')}.db`), 'notes.txt']);
    const last = await backupStore(db, dir, local(2026, 11, 11, 3), { keep: 2 });
    expect(last.removed.map((f) => f.slice(dir.length + 1))).toEqual(['kiosk-2026-11-09.db', 'kiosk-2026-11-08.db', 'kiosk-2026-11-07.db', 'kiosk-2026-11-06.db', 'kiosk-2026-11-05.db', 'kiosk-2026-11-04.db']);
    expect(readdirSync(dir).sort()).toEqual(['kiosk-2026-11-10.db', 'kiosk-2026-11-11.db', 'notes.txt']);
  });

  it("keeps tonight's copy when the clock was set back (a dead RTC battery): it is the newest, whatever its name says", async () => {
    const db = store();
    const dir = tempDir();
    for (let day = 1; day <= 7; day++) await backupStore(db, dir, local(2026, 11, day, 3));
    const back = await backupStore(db, dir, local(2000, 1, 1, 3));
    expect(back.removed.map((f) => f.slice(dir.length + 1))).toEqual(['kiosk-2026-11-01.db']);
    expect(readdirSync(dir)).toContain('kiosk-2000-01-01.db');
    expect(sessionsIn(back.file).integrity).toBe('ok');
  });

  it('replaces an earlier copy of the same night', async () => {
    const db = store();
    const dir = tempDir();
    await backupStore(db, dir, local(2026, 11, 20, 1));
    logScripted(db, { start: '2026-11-20T01:00:00.000Z', outcome: 'resolved' });
    const { file } = await backupStore(db, dir, local(2026, 11, 20, 23, 59));
    expect(readdirSync(dir)).toEqual(['kiosk-2026-11-20.db']);
    expect(sessionsIn(file)).toEqual({ integrity: 'ok', sessions: 31 });
  });

  it('fails without leaving a file that looks like a backup', async () => {
    const db = store();
    const dir = tempDir();
    db.close();
    await expect(backupStore(db, dir, local(2026, 11, 20, 3))).rejects.toThrow(/not open/);
    expect(readdirSync(dir)).toEqual([]);
    await expect(backupStore(store(), dir, local(2026, 11, 20, 3), { keep: 0 })).rejects.toThrow(RangeError);
  });

  it('names files by the kiosk-local date', () => {
    expect(backupFileName(local(2026, 1, 5, 23, 59))).toBe('kiosk-2026-01-05.db');
  });
});

describe('scheduleNightlyBackup', () => {
  /** A simulated clock and timer queue: the test decides when each timer fires. */
  function simulatedTimers(start: Date) {
    const clock = { now: start };
    const pending: { run: () => void; ms: number; handle: number }[] = [];
    let nextHandle = 1;
    return {
      clock,
      pending,
      options: {
        now: () => clock.now,
        setTimeout: (run: () => void, ms: number) => {
          pending.push({ run, ms, handle: nextHandle });
          return nextHandle++;
        },
        clearTimeout: (handle: unknown) => {
          const i = pending.findIndex((p) => p.handle === handle);
          if (i >= 0) pending.splice(i, 1);
        },
      },
      /** Moves the clock to the single pending timer's time and fires it; waits until the next one is armed. */
      async fire(offsetMs = 0): Promise<void> {
        expect(pending).toHaveLength(1);
        const timer = pending.shift()!;
        clock.now = new Date(clock.now.getTime() + timer.ms + offsetMs);
        timer.run();
        for (let i = 0; i < 2000 && pending.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
      },
    };
  }

  it('backs up every night at the set hour, whatever the waits in between, and keeps 7', async () => {
    const db = store();
    const dir = tempDir();
    const timers = simulatedTimers(local(2026, 11, 20, 14, 30));
    const outcomes: NightlyBackupOutcome[] = [];
    const nightly = scheduleNightlyBackup(db, dir, { hour: 3, ...timers.options, onResult: (o) => outcomes.push(o) });
    expect(nightly.next).toEqual(local(2026, 11, 21, 3));
    const backedUpAt: Date[] = [];
    while (outcomes.length < 10) {
      const before = outcomes.length;
      // No wait is ever longer than an hour: a clock set forward or back is noticed.
      expect(timers.pending[0]!.ms).toBeLessThanOrEqual(MAX_WAIT_MS);
      await timers.fire();
      if (outcomes.length > before) backedUpAt.push(timers.clock.now);
    }
    // Day 31 of November is 1 December: Date rolls the month over.
    expect(backedUpAt).toEqual(Array.from({ length: 10 }, (_, i) => local(2026, 11, 21 + i, 3)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(Array.from({ length: 7 }, (_, i) => backupFileName(local(2026, 11, 24 + i))).sort());
    expect(nightly.next).toEqual(local(2026, 12, 1, 3));
    nightly.cancel();
    expect(timers.pending).toEqual([]);
  });

  it('says when a backup is being written, for the nightly restart to wait', async () => {
    const db = store();
    const dir = tempDir();
    const timers = simulatedTimers(local(2026, 11, 20, 2, 59));
    let runningWhenReported: boolean | null = null;
    const nightly = scheduleNightlyBackup(db, dir, { hour: 3, ...timers.options, onResult: () => (runningWhenReported = nightly.running) });
    expect(nightly.running).toBe(false);
    const timer = timers.pending.shift()!;
    timers.clock.now = new Date(timers.clock.now.getTime() + timer.ms);
    timer.run();
    expect(nightly.running).toBe(true);
    for (let i = 0; i < 2000 && timers.pending.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    expect(runningWhenReported).toBe(true);
    expect(nightly.running).toBe(false);
    nightly.cancel();
  });

  it('a timer that fires a little early does not back up twice in one night', async () => {
    const db = store();
    const dir = tempDir();
    const timers = simulatedTimers(local(2026, 11, 20, 2, 30));
    const outcomes: NightlyBackupOutcome[] = [];
    scheduleNightlyBackup(db, dir, { hour: 3, ...timers.options, onResult: (o) => outcomes.push(o) });
    await timers.fire(-50); // 02:59:59.950: not yet
    expect(outcomes).toHaveLength(0);
    await timers.fire(); // 03:00
    expect(outcomes).toHaveLength(1);
    expect(timers.pending[0]!.ms).toBe(MAX_WAIT_MS); // next night, an hour at a time
  });

  it('reports a failed night (a full disk, a missing folder) and tries again the next night', async () => {
    const db = store();
    const notAFolder = join(tempDir(), 'file');
    writeFileSync(notAFolder, '');
    const timers = simulatedTimers(local(2026, 11, 20, 2, 0));
    const outcomes: NightlyBackupOutcome[] = [];
    const nightly = scheduleNightlyBackup(db, notAFolder, { hour: 3, ...timers.options, onResult: (o) => outcomes.push(o) });
    await timers.fire();
    expect(outcomes).toEqual([{ ok: false, error: expect.any(Error) }]);
    expect(nightly.next).toEqual(local(2026, 11, 21, 3));
    expect(timers.pending).toHaveLength(1);
    nightly.cancel();
  });

  it('refuses an hour that is not 0-23; with the real timers, arms one and cancels it', () => {
    const db = store();
    expect(() => scheduleNightlyBackup(db, tempDir(), { hour: 24 })).toThrow(RangeError);
    expect(() => scheduleNightlyBackup(db, tempDir(), { hour: 2.5 })).toThrow(RangeError);
    const real = scheduleNightlyBackup(db, tempDir(), { hour: 3 });
    expect(real.next.getHours()).toBe(3);
    expect(real.next.getTime()).toBeGreaterThan(Date.now());
    real.cancel();
  });

  it('computes the next night across month ends', () => {
    expect(nextBackupTime(local(2026, 12, 31, 3, 0), 3)).toEqual(local(2027, 1, 1, 3));
    expect(nextBackupTime(local(2026, 12, 31, 2, 59), 3)).toEqual(local(2026, 12, 31, 3));
  });
});
