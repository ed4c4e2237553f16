/**
 * Retention: raw sessions and their events older than `retention_days` are
 * rolled up into the daily tables (rollup_*) and deleted. The roll-ups hold
 * exactly what the statistics export reads, so an export over rolled-up days
 * gives the same numbers as before.
 *
 * One transaction per day: a day is either still raw or fully rolled up, never
 * both (so never counted twice), and the kiosk's own writes wait at most for
 * one day's worth of work. Only ended sessions are rolled up; one left open
 * waits for closeOpenSessionsAsAbandoned and the next run.
 */
import type Database from 'better-sqlite3';
import { addDays, utcDay } from './days';
import { getSetting } from './settings';
import { aggregateRawDays, type DailyAggregates } from './stats';

export const RETENTION_SQL = {
  daysToRollUp: `SELECT DISTINCT substr(started_at, 1, 10) AS day FROM session WHERE started_at < :cutoff AND ended_at IS NOT NULL ORDER BY 1`,
  deleteEvents: `
    DELETE FROM session_event WHERE session_id IN (
      SELECT id FROM session WHERE started_at >= :from AND started_at < :until AND ended_at IS NOT NULL)`,
  deleteSessions: `DELETE FROM session WHERE started_at >= :from AND started_at < :until AND ended_at IS NOT NULL`,
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

export interface RollupResult {
  /** Sessions that started before this UTC day were due. */
  cutoffDay: string;
  /** Days rolled up, oldest first. */
  days: string[];
  sessions: number;
  events: number;
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

export function rollUpOldSessions(db: Database.Database, options: RollupOptions = {}): RollupResult {
  const retentionDays = options.retentionDays ?? getSetting(db, 'retention_days');
  const cutoffDay = addDays(utcDay(options.now ?? new Date()), -retentionDays);
  const days = db.prepare(RETENTION_SQL.daysToRollUp).pluck().all({ cutoff: cutoffDay }) as string[];
  const deleteEvents = db.prepare(RETENTION_SQL.deleteEvents);
  const deleteSessions = db.prepare(RETENTION_SQL.deleteSessions);
  const result: RollupResult = { cutoffDay, days: [], sessions: 0, events: 0 };
  for (const day of days) {
    db.transaction(() => {
      addRollups(db, aggregateRawDays(db, { from: day, to: day }));
      const range = { from: day, until: addDays(day, 1) };
      result.events += deleteEvents.run(range).changes;
      result.sessions += deleteSessions.run(range).changes;
    })();
    result.days.push(day);
  }
  return result;
}
