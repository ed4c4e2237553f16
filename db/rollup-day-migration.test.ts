import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { importPack } from './content-import';
import { runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';
import { rollUpOldSessions } from './retention';
import { aggregatePeriod } from './stats';
import { fixturePack } from './test/fixture-pack';
import { logScripted } from './test/scripted-session';

describe('0070-rollup-day', () => {
  it('records the days retention rolled up before it, leaves raw sessions unmarked, and the next run rolls them up once', () => {
    const db = new Database(':memory:');
    runMigrations(db, MIGRATIONS.filter((m) => m.version < 70));
    importPack(db, fixturePack());
    // A kiosk before the upgrade: two days rolled up (raw rows gone), raw sessions on two later days.
    const outcome = db.prepare(
      `INSERT INTO rollup_outcome (day, locale, cause, outcome, assisted, pack_id, pack_version, sessions) VALUES (?, 'en', '', ?, 0, 'fixture_pack', '1.0.0', ?)`,
    );
    const pack = db.prepare(`INSERT INTO rollup_pack (day, pack_id, pack_version, sessions) VALUES (?, 'fixture_pack', '1.0.0', ?)`);
    outcome.run('2026-01-01', 'resolved', 4);
    outcome.run('2026-01-01', 'abandoned', 3);
    pack.run('2026-01-01', 7);
    outcome.run('2026-01-02', 'resolved', 5);
    pack.run('2026-01-02', 5);
    for (const start of ['2026-04-01T02:00:00.000Z', '2026-04-01T03:00:00.000Z', '2026-04-02T02:00:00.000Z']) {
      logScripted(db, { start, events: [{ type: 'cause_shown', causeId: 'network', rank: 0 }], outcome: 'resolved' });
    }
    const period = { from: '2026-01-01', to: '2026-04-02' };

    expect(runMigrations(db, MIGRATIONS.filter((m) => m.version <= 70))).toEqual(['0070-rollup-day']);
    expect(db.prepare('SELECT day, sessions, events FROM rollup_day ORDER BY day').all()).toEqual([
      { day: '2026-01-01', sessions: 7, events: null },
      { day: '2026-01-02', sessions: 5, events: null },
    ]);
    expect(db.prepare('SELECT rolled_up_at FROM rollup_day').pluck().all()).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    ]);
    expect(db.prepare('SELECT count(*) FROM session WHERE rolled_up = 0').pluck().get()).toBe(3);
    const before = aggregatePeriod(db, period);
    expect(before.sessions).toBe(15);

    // The first run after the upgrade rolls up the raw days, and only them.
    const result = rollUpOldSessions(db, { now: new Date('2026-04-10T06:00:00.000Z'), retentionDays: 90 });
    expect(result.rolledUp).toEqual({ days: ['2026-04-01', '2026-04-02'], sessions: 3, events: 3 });
    expect(db.prepare('SELECT day, sessions, events FROM rollup_day ORDER BY day').all()).toEqual([
      { day: '2026-01-01', sessions: 7, events: null },
      { day: '2026-01-02', sessions: 5, events: null },
      { day: '2026-04-01', sessions: 2, events: 2 },
      { day: '2026-04-02', sessions: 1, events: 1 },
    ]);
    const after = aggregatePeriod(db, period);
    const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(after.outcomes)).toEqual(sorted(before.outcomes));
    expect(sorted(after.steps)).toEqual(sorted(before.steps));
    expect(after.sessions).toBe(15);
  });
});
