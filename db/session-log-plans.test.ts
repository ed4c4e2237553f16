/**
 * Index use is a contract (STYLE.md): each hot query of the session log,
 * the statistics and retention is checked with EXPLAIN QUERY PLAN.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from './store';
import { RETENTION_SQL } from './retention';
import { SESSION_SQL } from './sessions';
import { STATS_SQL } from './stats';

const range = { from: '2026-03-01', until: '2026-04-01' };
function planWith(sql: string, params: Record<string, unknown>): string {
  const db = openStore(':memory:');
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
  db.close();
  return rows.map((r) => r.detail).join('\n');
}

describe('query plans', () => {
  it('logging an event looks up its session by key and its last seq by the event key: no scan', () => {
    const p = planWith(SESSION_SQL.insertEvent, {
      session_id: 1, at: '', type: '', question_id: null, answer_id: null, cause_id: null, step_id: null, value: null, flag: null, rank: null,
    });
    expect(p).toMatch(/SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).toMatch(/SEARCH e USING PRIMARY KEY \(session_id=\?\)/);
    expect(p).not.toMatch(/SCAN/);
  });

  it('ending a session reads only its own events', () => {
    const p = planWith(SESSION_SQL.endSession, { session_id: 1, at: '', outcome: '' });
    expect(p).toMatch(/SEARCH session USING INTEGER PRIMARY KEY/);
    expect(p).not.toMatch(/SCAN/);
  });

  it('closing open sessions at start-up walks the partial index of open sessions, not the log', () => {
    const p = planWith(SESSION_SQL.closeOpen, { now: '' });
    expect(p).toMatch(/session_open/);
    expect(p).not.toMatch(/SCAN session\b(?! USING)/);
  });

  it('the nightly restart asks for a session under way without scanning the session table', () => {
    const p = planWith(SESSION_SQL.openSince, { since: '' });
    expect(p).toMatch(/SEARCH session USING (COVERING )?INDEX (session_open|session_by_start)/);
    expect(p).not.toMatch(/SCAN/);
  });

  for (const name of ['outcomes', 'durations', 'packs', 'steps', 'features'] as const) {
    it(`statistics (${name}) select sessions not yet rolled up by start-day range and read events by session key`, () => {
      const p = planWith(STATS_SQL[name], range);
      // session_unrolled (migration 0070): once the nightly roll-up has run, it holds a day or two of sessions.
      expect(p).toMatch(/SEARCH (session|s) USING INDEX session_unrolled \(started_at>\? AND started_at<\?\)/);
      expect(p).not.toMatch(/session_by_start/);
      if (name === 'steps' || name === 'features') expect(p).toMatch(/SEARCH e USING PRIMARY KEY \(session_id=\?\)/);
      expect(p).not.toMatch(/SCAN (session|session_event|e)\b/);
    });
  }

  for (const name of ['rollupOutcomes', 'rollupDurations', 'rollupSteps', 'rollupFeatures', 'rollupPacks'] as const) {
    it(`roll-ups (${name}) are read by day range on their primary key`, () => {
      expect(planWith(STATS_SQL[name], range)).toMatch(/SEARCH rollup_\w+ USING PRIMARY KEY \(day>\? AND day<\?\)/);
    });
  }

  it('the nightly roll-up finds, counts and marks the sessions not yet rolled up through their partial index', () => {
    expect(planWith(RETENTION_SQL.daysToRollUp, { today: '2026-03-01' })).toMatch(/SEARCH session USING INDEX session_unrolled \(started_at<\?\)/);
    for (const name of ['unrolledIds', 'markRolledUp'] as const) {
      expect(planWith(RETENTION_SQL[name], range)).toMatch(/SEARCH session USING INDEX session_unrolled \(started_at>\? AND started_at<\?\)/);
    }
    const events = planWith(RETENTION_SQL.unrolledEvents, range);
    expect(events).toMatch(/SEARCH session_event USING PRIMARY KEY \(session_id=\?\)/);
    expect(events).toMatch(/session_unrolled/);
    // Open sessions: the few a crash left, through their own partial index.
    expect(planWith(RETENTION_SQL.openDays, {})).toMatch(/SCAN session USING INDEX session_open/);
    for (const name of ['daysToRollUp', 'unrolledIds', 'unrolledEvents', 'markRolledUp', 'openDays'] as const) {
      expect(planWith(RETENTION_SQL[name], { ...range, today: '2026-03-01' })).not.toMatch(/SCAN (session|session_event)\b(?! USING)/);
    }
  });

  it('retention finds due days and deletes whole sessions by range', () => {
    expect(planWith(RETENTION_SQL.daysToDelete, { cutoff: '2026-03-01' })).toMatch(/SEARCH session USING INDEX session_by_start \(started_at<\?\)/);
    const del = planWith(RETENTION_SQL.deleteEvents, range);
    expect(del).toMatch(/SEARCH session_event USING PRIMARY KEY \(session_id=\?\)/);
    expect(del).toMatch(/session_by_start/);
    expect(planWith(RETENTION_SQL.deleteSessions, range)).toMatch(/SEARCH session USING INDEX session_by_start/);
  });

  it('helper sanity: the plan helper does see a full scan when there is one', () => {
    expect(planWith('SELECT * FROM session WHERE outcome = :o', { o: 'resolved' })).toMatch(/SCAN session/);
  });
});
