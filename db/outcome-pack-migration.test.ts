import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { importPack } from './content-import';
import { runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';
import { fixturePack } from './test/fixture-pack';

describe('0060-outcome-pack', () => {
  it('gives each rolled-up outcome row the pack of its day: the only one, else the active one, else the largest', () => {
    const db = new Database(':memory:');
    runMigrations(db, MIGRATIONS.filter((m) => m.version < 60));
    importPack(db, fixturePack()); // fixture_pack 1.0.0, active
    const outcome = db.prepare(`INSERT INTO rollup_outcome (day, locale, cause, outcome, assisted, sessions) VALUES (?, 'en', '', 'resolved', 0, ?)`);
    const pack = db.prepare(`INSERT INTO rollup_pack (day, pack_id, pack_version, sessions) VALUES (?, 'fixture_pack', ?, ?)`);
    // One version that day (not the active one): exact.
    outcome.run('2026-01-01', 4);
    pack.run('2026-01-01', '0.9.0', 4);
    // Two versions, the active one among them (though smaller): the active one.
    outcome.run('2026-01-02', 14);
    pack.run('2026-01-02', '1.0.0', 5);
    pack.run('2026-01-02', '1.1.0', 9);
    // Two versions, neither active: the one with the most sessions.
    outcome.run('2026-01-03', 10);
    pack.run('2026-01-03', '1.1.0', 7);
    pack.run('2026-01-03', '2.0.0', 3);

    runMigrations(db, MIGRATIONS);
    expect(db.prepare('SELECT day, pack_id, pack_version, sessions FROM rollup_outcome ORDER BY day').all()).toEqual([
      { day: '2026-01-01', pack_id: 'fixture_pack', pack_version: '0.9.0', sessions: 4 },
      { day: '2026-01-02', pack_id: 'fixture_pack', pack_version: '1.0.0', sessions: 14 },
      { day: '2026-01-03', pack_id: 'fixture_pack', pack_version: '1.1.0', sessions: 10 },
    ]);
    // The pack is part of the key: the same cell on another version is another row.
    db.prepare(
      `INSERT INTO rollup_outcome (day, locale, cause, outcome, assisted, pack_id, pack_version, sessions) VALUES ('2026-01-03', 'en', '', 'resolved', 0, 'fixture_pack', '2.0.0', 3)`,
    ).run();
    expect(() =>
      db.prepare(`INSERT INTO rollup_outcome (day, locale, cause, outcome, assisted, pack_id, pack_version, sessions) VALUES ('2026-01-04', 'en', '', 'resolved', 0, 'fixture_pack', 'v1', 3)`).run(),
    ).toThrow(/CHECK/);
  });
});
