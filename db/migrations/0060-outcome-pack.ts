import type { Migration } from '../migrate';

/*
 * The pack version on every outcome roll-up (issue 5: "each export row records
 * the pack version"). rollup_outcome gains pack_id and pack_version, part of
 * its key, so a rolled-up day gives the statistics export the same per-pack
 * outcome rows the raw sessions did.
 *
 * SQLite cannot change a primary key in place, so the table is rebuilt.
 * Existing rows (rolled up before this migration) did not record the pack; each
 * gets one, per day:
 *   1. the day's only pack version in rollup_pack, when the day had one
 *      (the usual case: exact);
 *   2. otherwise the active pack, when it is one of the day's versions;
 *   3. otherwise the day's version with the most sessions (ties: the greatest
 *      pack_id, then version, in text order);
 *   4. a day with no rollup_pack row at all (never written by retention, which
 *      fills both tables in one transaction) takes the active pack, else the
 *      version with the most sessions overall.
 * Cases 2-4 attribute all of a mixed day's rolled-up outcomes to one version:
 * the totals stay exact, the split between versions on that day is lost (it
 * was never stored). Rule 2 follows the brief ("else the active pack"); rules
 * 3 and 4 keep every row's pack among the day's rollup_pack versions, which
 * the export lists in manifest.json.
 *
 * The CHECK fragments are copied here, not imported: a shipped migration must
 * never change because a shared helper did.
 */
const ID = (col: string) => `(${col} GLOB '[a-z]*' AND ${col} NOT GLOB '*[^a-z0-9_]*' AND length(${col}) BETWEEN 2 AND 64)`;
const DAY = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')`;
const VERSION = (col: string) => `(${col} GLOB '[0-9]*.[0-9]*.[0-9]*' AND ${col} NOT GLOB '*[^0-9.]*')`;
const LOCALE = `('zh-Hans', 'zh-Hant', 'en')`;
const OUTCOME = `('resolved', 'escalated_counter', 'escalated_issuer', 'escalated_hotline', 'retry_later', 'abandoned', 'timeout')`;

export const outcomePack: Migration = {
  version: 60,
  name: '0060-outcome-pack',
  up(db) {
    const total = () => (db.prepare('SELECT coalesce(sum(sessions), 0) AS n FROM rollup_outcome').get() as { n: number }).n;
    const before = total();
    db.exec(`
      CREATE TABLE rollup_outcome_new (
        day TEXT NOT NULL CHECK ${DAY('day')},
        locale TEXT NOT NULL CHECK (locale IN ${LOCALE}),
        cause TEXT NOT NULL CHECK (cause = '' OR ${ID('cause')}),
        outcome TEXT NOT NULL CHECK (outcome IN ${OUTCOME}),
        assisted INTEGER NOT NULL CHECK (assisted IN (0, 1)),
        pack_id TEXT NOT NULL CHECK ${ID('pack_id')},
        pack_version TEXT NOT NULL CHECK ${VERSION('pack_version')},
        sessions INTEGER NOT NULL CHECK (sessions > 0),
        PRIMARY KEY (day, locale, cause, outcome, assisted, pack_id, pack_version)
      ) STRICT, WITHOUT ROWID;

      CREATE TEMP TABLE day_pack AS
      WITH days AS (SELECT DISTINCT day FROM rollup_outcome),
      active AS (SELECT pack_id, version AS pack_version FROM pack WHERE is_active = 1 LIMIT 1),
      ranked AS (
        SELECT rp.day, rp.pack_id, rp.pack_version,
               row_number() OVER (
                 PARTITION BY rp.day
                 ORDER BY (a.pack_id IS NOT NULL) DESC, rp.sessions DESC, rp.pack_id DESC, rp.pack_version DESC) AS pick
        FROM rollup_pack rp
        LEFT JOIN active a ON a.pack_id = rp.pack_id AND a.pack_version = rp.pack_version
        WHERE rp.day IN (SELECT day FROM days)),
      overall AS (
        SELECT pack_id, pack_version FROM rollup_pack
        GROUP BY pack_id, pack_version ORDER BY sum(sessions) DESC, pack_id DESC, pack_version DESC LIMIT 1)
      SELECT d.day,
             coalesce(r.pack_id, (SELECT pack_id FROM active), (SELECT pack_id FROM overall)) AS pack_id,
             coalesce(r.pack_version, (SELECT pack_version FROM active), (SELECT pack_version FROM overall)) AS pack_version
      FROM days d LEFT JOIN ranked r ON r.day = d.day AND r.pick = 1;

      INSERT INTO rollup_outcome_new (day, locale, cause, outcome, assisted, pack_id, pack_version, sessions)
      SELECT o.day, o.locale, o.cause, o.outcome, o.assisted, p.pack_id, p.pack_version, o.sessions
      FROM rollup_outcome o JOIN day_pack p ON p.day = o.day;

      DROP TABLE temp.day_pack;
      DROP TABLE rollup_outcome;
      ALTER TABLE rollup_outcome_new RENAME TO rollup_outcome;
    `);
    // Every rolled-up row must have found a pack: losing counts silently would be worse than failing (the migration rolls back).
    const after = total();
    if (after !== before) throw new Error(`0060-outcome-pack: ${before - after} rolled-up sessions found no pack version.`);
  },
};
