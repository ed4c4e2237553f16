/**
 * The nightly roll-up and retention (run in a worker thread at each start and
 * daily, see retention-worker.ts and kiosk-startup.ts).
 *
 * 1. Roll-up. Every completed UTC day gets its ended sessions added to the
 *    daily tables (rollup_*), which hold exactly what the statistics export
 *    reads; those sessions are marked `rolled_up` (migration 0070) and
 *    recorded in rollup_day. The raw rows stay. A day is *completed* once it
 *    is before today (UTC, the worker's clock) and no session that started on
 *    it is still open. A day with an open session waits: its ended sessions
 *    are counted from raw meanwhile, and closeOpenSessionsAsAbandoned (next
 *    start) ends the open one.
 * 2. Retention. Raw sessions and events older than `retention_days` are
 *    deleted, a day at a time. Only rolled-up sessions are deleted, so nothing
 *    is rolled up twice and nothing is lost: a day past retention is rolled up
 *    first if it still has unmarked ended sessions, and a session still open
 *    stays until it has ended and been rolled up (the old rule).
 *
 * Exactly once, by construction: the statistics (stats.ts) read raw only the
 * sessions not marked, and the roll-up adds a day's unmarked sessions and
 * marks them in one transaction. Rows that reach a day after it was rolled up
 * (a session that ends late, or one written into a past day after the clock
 * jumped back) are unmarked: counted from raw until the next run adds them to
 * their day's roll-ups.
 *
 * The kiosk keeps writing meanwhile. Each day is aggregated in a read
 * transaction (WAL: writers do not wait for readers), then written in a short
 * IMMEDIATE transaction that first checks the day's unmarked sessions are
 * still those it aggregated (ended sessions never change; only new ones can
 * appear), and aggregates again if not. The kiosk's writes wait at most for
 * one day's inserts and marks, or one day's deletes.
 */
import type Database from 'better-sqlite3';
import { addDays, utcDay } from './days';
import { getSetting } from './settings';
import { aggregateRawDays, type DailyAggregates } from './stats';

// Sessions of one UTC day (:from inclusive, :until exclusive) not yet rolled up; the same terms as stats.ts's.
const UNROLLED = `started_at >= :from AND started_at < :until AND ended_at IS NOT NULL AND rolled_up = 0`;

export const RETENTION_SQL = {
  daysToRollUp: `SELECT DISTINCT substr(started_at, 1, 10) AS day FROM session WHERE started_at < :today AND ended_at IS NOT NULL AND rolled_up = 0 ORDER BY 1`,
  // A crash leaves at most a few sessions open (partial index session_open).
  openDays: `SELECT DISTINCT substr(started_at, 1, 10) AS day FROM session WHERE ended_at IS NULL`,
  unrolledIds: `SELECT id FROM session WHERE ${UNROLLED} ORDER BY id`,
  unrolledEvents: `SELECT count(*) AS n FROM session_event WHERE session_id IN (SELECT id FROM session WHERE ${UNROLLED})`,
  markRolledUp: `UPDATE session SET rolled_up = 1 WHERE ${UNROLLED}`,
  // events stays NULL for a day rolled up before migration 0070 (never counted).
  recordDay: `
    INSERT INTO rollup_day (day, rolled_up_at, sessions, events) VALUES (:day, :at, :sessions, :events)
    ON CONFLICT DO UPDATE SET rolled_up_at = excluded.rolled_up_at, sessions = sessions + excluded.sessions, events = events + excluded.events`,
  daysToDelete: `SELECT DISTINCT substr(started_at, 1, 10) AS day FROM session WHERE started_at < :cutoff AND rolled_up = 1 ORDER BY 1`,
  deleteEvents: `
    DELETE FROM session_event WHERE session_id IN (
      SELECT id FROM session WHERE started_at >= :from AND started_at < :until AND rolled_up = 1)`,
  deleteSessions: `DELETE FROM session WHERE started_at >= :from AND started_at < :until AND rolled_up = 1`,
  addOutcome: `
    INSERT INTO rollup_outcome (day, locale, cause, outcome, assisted, pack_id, pack_version, sessions)
    VALUES (:day, :locale, :cause, :outcome, :assisted, :packId, :packVersion, :sessions)
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
  addDuration: `
    INSERT INTO rollup_duration (day, bucket, outcome, sessions) VALUES (:day, :bucket, :outcome, :sessions)
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
  addStep: `
    INSERT INTO rollup_step (day, cause, step, viewed, done, helped) VALUES (:day, :cause, :step, :viewed, :done, :helped)
    ON CONFLICT DO UPDATE SET viewed = viewed + excluded.viewed, done = done + excluded.done, helped = helped + excluded.helped`,
  addFeature: `
    INSERT INTO rollup_feature (day, feature, sessions) VALUES (:day, :feature, :sessions)
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
  addPack: `
    INSERT INTO rollup_pack (day, pack_id, pack_version, sessions) VALUES (:day, :packId, :packVersion, :sessions)
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
} as const;

export interface RollupOptions {
  now?: Date;
  /** Default: the retention_days setting. */
  retentionDays?: number;
}

export interface DayCounts {
  /** Days, oldest first. */
  days: string[];
  sessions: number;
  events: number;
}

export interface RollupResult {
  /** The worker's UTC day: days before it can be complete. */
  today: string;
  /** Raw sessions that started before this UTC day were due for deletion. */
  cutoffDay: string;
  /** Sessions added to the roll-ups by this run, and their events. */
  rolledUp: DayCounts;
  /** Days left for a later run because a session that started on them is still open. */
  waiting: string[];
  /** Raw sessions and events deleted (all rolled up, in this run or before). */
  deleted: DayCounts;
}

function addRollups(db: Database.Database, agg: DailyAggregates): void {
  const outcome = db.prepare(RETENTION_SQL.addOutcome);
  for (const r of agg.outcomes) outcome.run(r);
  const duration = db.prepare(RETENTION_SQL.addDuration);
  for (const r of agg.durations) duration.run(r);
  const step = db.prepare(RETENTION_SQL.addStep);
  for (const r of agg.steps) step.run(r);
  const feature = db.prepare(RETENTION_SQL.addFeature);
  for (const r of agg.features) feature.run(r);
  const pack = db.prepare(RETENTION_SQL.addPack);
  for (const r of agg.packs) pack.run(r);
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * Adds the day's ended sessions not yet rolled up (all of them, or the late
 * ones) to its roll-ups and marks them. Returns what it added; zeros when
 * there was nothing to add.
 */
export function rollUpDay(db: Database.Database, day: string, now: Date = new Date()): { sessions: number; events: number } {
  const range = { from: day, until: addDays(day, 1) };
  const ids = db.prepare(RETENTION_SQL.unrolledIds).pluck();
  for (let attempt = 1; ; attempt++) {
    // One snapshot, no lock: the kiosk keeps writing meanwhile.
    const read = db.transaction(() => ({
      ids: ids.all(range) as number[],
      agg: aggregateRawDays(db, { from: day, to: day }),
      events: (db.prepare(RETENTION_SQL.unrolledEvents).get(range) as { n: number }).n,
    }))();
    if (read.ids.length === 0) return { sessions: 0, events: 0 };
    const written = db
      .transaction(() => {
        // Ended sessions never change, so the same ids mean the same counts.
        if (!sameIds(ids.all(range) as number[], read.ids)) return false;
        addRollups(db, read.agg);
        const marked = db.prepare(RETENTION_SQL.markRolledUp).run(range).changes;
        if (marked !== read.ids.length) throw new Error(`Roll-up of ${day}: marked ${marked} sessions, aggregated ${read.ids.length}.`);
        db.prepare(RETENTION_SQL.recordDay).run({ day, at: now.toISOString(), sessions: marked, events: read.events });
        return true;
      })
      .immediate();
    if (written) return { sessions: read.ids.length, events: read.events };
    // Sessions of the day ended or were written meanwhile (rare: a clock jump). Read again, a few times at most.
    if (attempt === 5) throw new Error(`Roll-up of ${day}: its sessions kept changing; left for the next run.`);
  }
}

export function rollUpOldSessions(db: Database.Database, options: RollupOptions = {}): RollupResult {
  const now = options.now ?? new Date();
  const retentionDays = options.retentionDays ?? getSetting(db, 'retention_days');
  const today = utcDay(now);
  const cutoffDay = addDays(today, -retentionDays);
  const result: RollupResult = { today, cutoffDay, rolledUp: { days: [], sessions: 0, events: 0 }, waiting: [], deleted: { days: [], sessions: 0, events: 0 } };

  const open = new Set(db.prepare(RETENTION_SQL.openDays).pluck().all() as string[]);
  for (const day of db.prepare(RETENTION_SQL.daysToRollUp).pluck().all({ today }) as string[]) {
    // Past retention, the ended sessions are rolled up (to be deleted) even beside an open one, as before.
    if (open.has(day) && day >= cutoffDay) {
      result.waiting.push(day);
      continue;
    }
    const added = rollUpDay(db, day, now);
    if (added.sessions === 0) continue;
    result.rolledUp.days.push(day);
    result.rolledUp.sessions += added.sessions;
    result.rolledUp.events += added.events;
  }

  const deleteEvents = db.prepare(RETENTION_SQL.deleteEvents);
  const deleteSessions = db.prepare(RETENTION_SQL.deleteSessions);
  for (const day of db.prepare(RETENTION_SQL.daysToDelete).pluck().all({ cutoff: cutoffDay }) as string[]) {
    const range = { from: day, until: addDays(day, 1) };
    db.transaction(() => {
      result.deleted.events += deleteEvents.run(range).changes;
      result.deleted.sessions += deleteSessions.run(range).changes;
    }).immediate();
    result.deleted.days.push(day);
  }
  return result;
}
