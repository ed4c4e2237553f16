import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { daysOf } from './days';
import { exportStats, type ExportSummary } from './export-stats';
import { RETENTION_SQL, rollUpDay, rollUpOldSessions, type RollupResult } from './retention';
import { runRetentionInWorker } from './retention-worker';
import { closeOpenSessionsAsAbandoned } from './sessions';
import { setSetting } from './settings';
import { aggregatePeriod, aggregateRawDays, type PeriodStats } from './stats';
import { openStore } from './store';
import { storeWithTraffic } from './test/export-fixture';
import { logScripted } from './test/scripted-session';
import { useTempDirs } from './test/temp-dir';

const tempDir = useTempDirs('kiosk-retention-');
const TODAY = '2026-05-01';
const NOW = new Date(`${TODAY}T06:00:00.000Z`);
const PERIOD = { from: '2026-01-01', to: '2026-04-30' };

/** 120 days of traffic; the last 30 stay raw under a 30-day retention. */
function store() {
  const s = storeWithTraffic(tempDir(), { sessions: 3000, from: PERIOD.from, days: 120, seed: 5 });
  setSetting(s.db, 'retention_days', 30);
  return s;
}

/** 15 days of traffic, today (03-15) included, under the default 90-day retention: nothing is due for deletion. */
const RECENT = { today: '2026-03-15', now: new Date('2026-03-15T06:00:00.000Z'), period: { from: '2026-03-01', to: '2026-03-14' } };
function recentStore() {
  return storeWithTraffic(tempDir(), { sessions: 3000, from: RECENT.period.from, days: 15, seed: 9 });
}

const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;
const rows = (db: Database.Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all();
const ROLLUPS = ['rollup_outcome', 'rollup_duration', 'rollup_step', 'rollup_feature', 'rollup_pack', 'rollup_day'];
const none = { days: [], sessions: 0, events: 0 };

function exportFiles(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

/** Names of the files whose bytes differ, or that only one folder has (Buffer.equals: a deep toEqual of megabytes is slow). */
function differingFiles(a: Record<string, Buffer>, b: Record<string, Buffer>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => !(a[name] && b[name] && a[name].equals(b[name])));
}

function exportTo(db: Database.Database, name: string, period: { from: string; to: string }, today: string): { files: Record<string, Buffer>; summary: ExportSummary } {
  const dir = join(tempDir(), name);
  const summary = exportStats(db, dir, { ...period, today });
  return { files: exportFiles(dir), summary };
}

/** The numbers, whatever order the two sources (raw, roll-ups) gave them in. */
function normalized(stats: PeriodStats) {
  const sorted = (xs: object[]) => xs.map((r) => JSON.stringify(r)).sort();
  return { ...stats, outcomes: sorted(stats.outcomes), durations: sorted(stats.durations), steps: sorted(stats.steps), features: sorted(stats.features) };
}

describe('nightly roll-up of completed days', () => {
  it('rolls up every day before today, keeps the raw rows, and exports byte-identical files, manifest and suppression', () => {
    const { db } = recentStore();
    const before = exportTo(db, 'before', RECENT.period, RECENT.today);
    const withToday = normalized(aggregatePeriod(db, { from: RECENT.period.from, to: RECENT.today }));
    const sessions = count(db, 'SELECT count(*) AS n FROM session');
    const events = count(db, 'SELECT count(*) AS n FROM session_event');

    const result = rollUpOldSessions(db, { now: RECENT.now });

    expect(result.today).toBe(RECENT.today);
    expect(result.rolledUp.days).toEqual(daysOf(RECENT.period.from, RECENT.period.to));
    expect(result.deleted).toEqual(none);
    expect(result.waiting).toEqual([]);
    // Raw rows stay until retention_days; only today's sessions are not rolled up.
    expect(count(db, 'SELECT count(*) AS n FROM session')).toBe(sessions);
    expect(count(db, 'SELECT count(*) AS n FROM session_event')).toBe(events);
    expect(count(db, `SELECT count(*) AS n FROM session WHERE rolled_up = 0 AND started_at < '${RECENT.today}'`)).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM session WHERE rolled_up = 1 AND started_at >= '${RECENT.today}'`)).toBe(0);
    expect(result.rolledUp.sessions).toBe(count(db, `SELECT count(*) AS n FROM session WHERE started_at < '${RECENT.today}'`));
    expect(result.rolledUp.events).toBe(
      count(db, `SELECT count(*) AS n FROM session_event e JOIN session s ON s.id = e.session_id WHERE s.started_at < '${RECENT.today}'`),
    );
    // rollup_day says, per day, how many sessions and events its roll-ups hold.
    expect(db.prepare('SELECT day, sessions, events FROM rollup_day ORDER BY day').all()).toEqual(
      db
        .prepare(
          `SELECT substr(s.started_at, 1, 10) AS day, count(DISTINCT s.id) AS sessions, count(e.seq) AS events
           FROM session s LEFT JOIN session_event e ON e.session_id = s.id WHERE s.started_at < ? GROUP BY 1 ORDER BY 1`,
        )
        .all(RECENT.today),
    );
    expect(count(db, `SELECT count(*) AS n FROM rollup_day WHERE rolled_up_at <> '${RECENT.now.toISOString()}'`)).toBe(0);

    // The export reads no raw event for the period any more...
    const raw = aggregateRawDays(db, RECENT.period);
    expect([raw.outcomes, raw.durations, raw.steps, raw.features, raw.packs].map((r) => r.length)).toEqual([0, 0, 0, 0, 0]);
    // ...and writes the same bytes: every CSV file and the manifest (its SHA-256s), and the same suppression.
    const after = exportTo(db, 'after', RECENT.period, RECENT.today);
    expect(Object.keys(after.files).sort()).toEqual(['durations.csv', 'features.csv', 'manifest.json', 'outcomes.csv', 'step_funnel.csv']);
    expect(differingFiles(before.files, after.files)).toEqual([]);
    expect(after.summary.suppression).toEqual(before.summary.suppression);
    expect(after.summary.manifest).toEqual(before.summary.manifest);
    expect(before.summary.suppression).not.toEqual({});
    // A period that runs into today (the dashboard's) adds today's raw sessions to the roll-ups of the other days.
    expect(normalized(aggregatePeriod(db, { from: RECENT.period.from, to: RECENT.today }))).toEqual(withToday);
  });

  it('running again changes nothing', () => {
    const { db } = recentStore();
    rollUpOldSessions(db, { now: RECENT.now });
    const rollups = Object.fromEntries(ROLLUPS.map((t) => [t, rows(db, t)]));
    const again: RollupResult = rollUpOldSessions(db, { now: new Date('2026-03-15T20:00:00.000Z') });
    expect(again).toEqual({ today: RECENT.today, cutoffDay: '2025-12-15', rolledUp: none, waiting: [], deleted: none });
    expect(Object.fromEntries(ROLLUPS.map((t) => [t, rows(db, t)]))).toEqual(rollups);
  });

  it('leaves a day with a session still open for later, counts its ended sessions from raw meanwhile, and rolls up the late end once', () => {
    const { db } = recentStore();
    const day = '2026-03-10';
    logScripted(db, { start: `${day}T03:00:00.000Z`, events: [{ type: 'cause_shown', causeId: 'outage', rank: 0 }], outcome: null });
    const before = normalized(aggregatePeriod(db, RECENT.period));

    const first = rollUpOldSessions(db, { now: RECENT.now });
    expect(first.waiting).toEqual([day]);
    expect(first.rolledUp.days).not.toContain(day);
    expect(count(db, `SELECT count(*) AS n FROM rollup_day WHERE day = '${day}'`)).toBe(0);
    expect(normalized(aggregatePeriod(db, RECENT.period))).toEqual(before);

    // The next start closes it; the day is counted from raw, the new session included...
    expect(closeOpenSessionsAsAbandoned(db, RECENT.now)).toBe(1);
    const closed = aggregatePeriod(db, RECENT.period);
    expect(closed.sessions).toBe(before.sessions + 1);
    // ...until the next run rolls the whole day up, once.
    const second = rollUpOldSessions(db, { now: RECENT.now });
    expect(second.waiting).toEqual([]);
    expect(second.rolledUp.days).toEqual([day]);
    const dayCount = count(db, `SELECT count(*) AS n FROM session WHERE started_at >= '${day}' AND started_at < '2026-03-11'`);
    expect(second.rolledUp.sessions).toBe(dayCount);
    expect(count(db, `SELECT sessions AS n FROM rollup_day WHERE day = '${day}'`)).toBe(dayCount);
    expect(normalized(aggregatePeriod(db, RECENT.period))).toEqual(normalized(closed));
  });

  it('counts a session written into a rolled-up day after the clock jumped back at once, from raw, then adds it to its day once', () => {
    const { db } = recentStore();
    const day = '2026-03-05';
    rollUpOldSessions(db, { now: RECENT.now });
    const rolled = aggregatePeriod(db, RECENT.period);
    const dayBefore = count(db, `SELECT sessions AS n FROM rollup_day WHERE day = '${day}'`);

    // The kiosk's clock jumped back ten days: a new session lands on a day already rolled up.
    const id = logScripted(db, {
      start: `${day}T04:00:00.000Z`,
      events: [
        { type: 'cause_shown', causeId: 'network', rank: 0 },
        { type: 'step_viewed', causeId: 'network', stepId: 'switch' },
      ],
      outcome: 'resolved',
    });
    expect(count(db, `SELECT rolled_up AS n FROM session WHERE id = ${id}`)).toBe(0);
    const late = aggregatePeriod(db, RECENT.period);
    expect(late.sessions).toBe(rolled.sessions + 1);
    const viewed = (s: PeriodStats) => s.steps.find((r) => r.cause === 'network' && r.step === 'switch')!.viewed;
    expect(viewed(late)).toBe(viewed(rolled) + 1);

    const next = rollUpOldSessions(db, { now: RECENT.now });
    expect(next.rolledUp).toEqual({ days: [day], sessions: 1, events: 2 });
    expect(count(db, `SELECT sessions AS n FROM rollup_day WHERE day = '${day}'`)).toBe(dayBefore + 1);
    expect(normalized(aggregatePeriod(db, RECENT.period))).toEqual(normalized(late));
    expect(rollUpOldSessions(db, { now: RECENT.now }).rolledUp).toEqual(none);
  });

  it('notices a session of the day that ended between its read and its write, and reads the day again', () => {
    const { db, file } = recentStore();
    const day = '2026-03-07';
    // Another connection (the kiosk's) ends a session of that day while the roll-up is between its two transactions.
    const kiosk = openStore(file);
    const open = logScripted(kiosk, { start: `${day}T05:00:00.000Z`, outcome: null });
    const prepare = db.prepare.bind(db);
    let injected = 0;
    db.prepare = ((sql: string) => {
      if (sql === RETENTION_SQL.unrolledEvents && injected++ === 0) kiosk.prepare(`UPDATE session SET ended_at = started_at, outcome = 'timeout', end_locale = 'en', last_cause = '' WHERE id = ?`).run(open);
      return prepare(sql);
    }) as typeof db.prepare;
    try {
      const added = rollUpDay(db, day, RECENT.now);
      expect(injected).toBe(2); // read twice
      const dayCount = count(db, `SELECT count(*) AS n FROM session WHERE started_at >= '${day}' AND started_at < '2026-03-08'`);
      expect(added.sessions).toBe(dayCount);
      expect(count(db, `SELECT coalesce(sum(sessions), 0) AS n FROM rollup_outcome WHERE day = '${day}'`)).toBe(dayCount);
      expect(count(db, `SELECT count(*) AS n FROM session WHERE started_at >= '${day}' AND started_at < '2026-03-08' AND rolled_up = 0`)).toBe(0);
    } finally {
      db.prepare = prepare as typeof db.prepare;
      kiosk.close();
    }
  });

  it('refuses, in the schema, to mark an open session rolled up', () => {
    const { db } = recentStore();
    const id = logScripted(db, { start: '2026-03-02T03:00:00.000Z', outcome: null });
    expect(() => db.prepare('UPDATE session SET rolled_up = 1 WHERE id = ?').run(id)).toThrow(/CHECK/);
  });
});

describe('retention', () => {
  it('deletes raw sessions older than retention_days (rolled up first) and keeps exports identical', () => {
    const { db } = store();
    const before = exportTo(db, 'before', PERIOD, TODAY);
    const sessionsBefore = count(db, 'SELECT count(*) AS n FROM session');
    const eventsBefore = count(db, 'SELECT count(*) AS n FROM session_event');

    const result = rollUpOldSessions(db, { now: NOW });

    expect(result.cutoffDay).toBe('2026-04-01');
    expect(result.rolledUp.days).toEqual(daysOf('2026-01-01', '2026-04-30'));
    expect(result.deleted.days[0]).toBe('2026-01-01');
    expect(result.deleted.days.at(-1)).toBe('2026-03-31');
    expect(count(db, "SELECT count(*) AS n FROM session WHERE started_at < '2026-04-01'")).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM session')).toBe(sessionsBefore - result.deleted.sessions);
    expect(count(db, 'SELECT count(*) AS n FROM session_event')).toBe(eventsBefore - result.deleted.events);
    expect(result.deleted.sessions).toBeGreaterThan(2000);
    expect(count(db, 'SELECT count(*) AS n FROM session_event e LEFT JOIN session s ON s.id = e.session_id WHERE s.id IS NULL')).toBe(0);
    expect(count(db, "SELECT sum(sessions) AS n FROM rollup_outcome WHERE day < '2026-04-01'")).toBe(result.deleted.sessions);

    const after = exportTo(db, 'after', PERIOD, TODAY);
    expect(differingFiles(before.files, after.files)).toEqual([]);
    expect(after.summary.suppression).toEqual(before.summary.suppression);
  });

  it('only deletes the raw rows of days the nightly run already rolled up: nothing is rolled up twice', () => {
    const { db } = store();
    const nightly = rollUpOldSessions(db, { now: NOW, retentionDays: 3650 });
    expect(nightly.rolledUp.days).toEqual(daysOf('2026-01-01', '2026-04-30'));
    expect(nightly.deleted).toEqual(none);
    const rollups = Object.fromEntries(ROLLUPS.map((t) => [t, rows(db, t)]));

    const retention = rollUpOldSessions(db, { now: NOW });
    expect(retention.rolledUp).toEqual(none);
    expect(retention.deleted.days).toEqual(daysOf('2026-01-01', '2026-03-31'));
    expect(Object.fromEntries(ROLLUPS.map((t) => [t, rows(db, t)]))).toEqual(rollups);
  });

  it('gives the same totals for a period that is part raw, part rolled up', () => {
    const { db } = store();
    const mixed = { from: '2026-03-20', to: '2026-04-10' };
    const before = aggregatePeriod(db, mixed);
    // Retention up to 04-01; only the days up to 04-05 rolled up (the clock, for the nightly run).
    rollUpOldSessions(db, { now: new Date('2026-04-06T06:00:00.000Z'), retentionDays: 5 });
    expect(count(db, "SELECT count(*) AS n FROM session WHERE started_at >= '2026-04-06' AND rolled_up = 1")).toBe(0);
    expect(normalized(aggregatePeriod(db, mixed))).toEqual(normalized(before));
  });

  it('leaves a session a crash left open until it is closed, then rolls it into its own day', () => {
    const { db } = store();
    logScripted(db, { start: '2026-01-05T03:00:00.000Z', events: [{ type: 'cause_shown', causeId: 'outage', rank: 0 }], outcome: null, pack: { id: 'fixture_pack', version: '1.0.0' } });
    const first = rollUpOldSessions(db, { now: NOW });
    // Past retention its day is rolled up and deleted all the same, but for the open session.
    expect(first.waiting).toEqual([]);
    expect(first.deleted.days).toContain('2026-01-05');
    expect(count(db, "SELECT count(*) AS n FROM session WHERE started_at < '2026-04-01'")).toBe(1);
    const day = () => count(db, "SELECT coalesce(sum(sessions), 0) AS n FROM rollup_outcome WHERE day = '2026-01-05' AND outcome = 'abandoned' AND cause = 'outage'");
    const before = day();
    closeOpenSessionsAsAbandoned(db, NOW);
    const second = rollUpOldSessions(db, { now: NOW });
    expect(second.rolledUp).toEqual({ days: ['2026-01-05'], sessions: 1, events: 1 });
    expect(second.deleted).toEqual({ days: ['2026-01-05'], sessions: 1, events: 1 });
    expect(day()).toBe(before + 1);
  });

  it('runs in a worker thread with its own connection while the kiosk keeps its own open', async () => {
    const { db, file } = store();
    const result = await runRetentionInWorker({ file, now: NOW.toISOString() });
    expect(result.cutoffDay).toBe('2026-04-01');
    expect(result.rolledUp.days).toHaveLength(120);
    expect(result.deleted.sessions).toBeGreaterThan(2000);
    // The kiosk's connection sees the worker's work and can keep writing.
    expect(count(db, "SELECT count(*) AS n FROM session WHERE started_at < '2026-04-01'")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM session WHERE rolled_up = 0 AND started_at < '2026-05-01'")).toBe(0);
    logScripted(db, { start: '2026-05-01T02:00:00.000Z', outcome: 'resolved' });
    db.close();
  });

  it('reports a worker failure as a rejected promise', async () => {
    await expect(runRetentionInWorker({ file: join(tempDir(), 'missing.db') })).rejects.toThrow(/unable to open|does not exist|SQLITE_CANTOPEN/i);
  });
});
