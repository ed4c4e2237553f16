import type { Migration } from '../migrate';

/*
 * Daily roll-up of every completed day, not only of days past retention
 * (BENCHMARKS.md, open item 2): the statistics export then reads one roll-up
 * row set per day instead of every raw event, so its time grows with days, not
 * events. Raw sessions and events are still kept until `retention_days`.
 *
 * - session.rolled_up marks each ended session whose counts are in the
 *   rollup_* tables. The roll-up adds a day's unmarked ended sessions and marks
 *   them in one transaction, and the statistics read raw only the unmarked
 *   ones, so every session is counted exactly once: from raw or from the
 *   roll-ups, never both, never neither. A session that ends after its day was
 *   rolled up, or one written into a past day after the clock jumped back,
 *   stays unmarked: counted from raw until the next run adds it to its day.
 * - session_unrolled, a partial index of the unmarked sessions by start, is
 *   how the statistics and the roll-up find them: at most a day or two of
 *   sessions once the nightly run has caught up.
 * - rollup_day records each day that has roll-ups: when it was last rolled up
 *   and how many sessions and events its roll-ups hold. Days rolled up before
 *   this migration (raw rows already deleted by retention) get a row with
 *   their session total and no event count (never recorded).
 *
 * The CHECK fragments are copied here, not imported: a shipped migration must
 * never change because a shared helper did.
 */
const DAY = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')`;
const UTC = (col: string) =>
  `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')`;

export const rollupDay: Migration = {
  version: 70,
  name: '0070-rollup-day',
  up(db) {
    db.exec(`
      -- Only an ended session can be rolled up.
      ALTER TABLE session ADD COLUMN rolled_up INTEGER NOT NULL DEFAULT 0 CHECK (rolled_up = 0 OR (rolled_up = 1 AND ended_at IS NOT NULL));
      CREATE INDEX session_unrolled ON session (started_at) WHERE rolled_up = 0;

      CREATE TABLE rollup_day (
        day TEXT PRIMARY KEY CHECK ${DAY('day')},
        rolled_up_at TEXT NOT NULL CHECK ${UTC('rolled_up_at')},
        sessions INTEGER NOT NULL CHECK (sessions >= 0),
        -- NULL: rolled up before this migration, when events were not counted.
        events INTEGER CHECK (events IS NULL OR events >= 0)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO rollup_day (day, rolled_up_at, sessions, events)
      SELECT day, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), sum(sessions), NULL FROM rollup_outcome GROUP BY day;
    `);
  },
};
