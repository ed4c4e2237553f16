import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportStats } from './export-stats';
import { rollUpOldSessions } from './retention';
import { runRetentionInWorker } from './retention-worker';
import { closeOpenSessionsAsAbandoned } from './sessions';
import { setSetting } from './settings';
import { aggregatePeriod } from './stats';
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

const count = (db: ReturnType<typeof store>['db'], sql: string) => (db.prepare(sql).get() as { n: number }).n;

function exportFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('retention roll-up', () => {
  it('rolls raw sessions older than retention_days into daily totals, deletes them, and keeps exports identical', () => {
    const { db } = store();
    const before = join(tempDir(), 'before');
    exportStats(db, before, { ...PERIOD, today: TODAY });
    const sessionsBefore = count(db, 'SELECT count(*) AS n FROM session');
    const eventsBefore = count(db, 'SELECT count(*) AS n FROM session_event');

    const result = rollUpOldSessions(db, { now: NOW });

    expect(result.cutoffDay).toBe('2026-04-01');
    expect(result.days[0]).toBe('2026-01-01');
    expect(result.days.at(-1)).toBe('2026-03-31');
    expect(count(db, "SELECT count(*) AS n FROM session WHERE started_at < '2026-04-01'")).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM session')).toBe(sessionsBefore - result.sessions);
    expect(count(db, 'SELECT count(*) AS n FROM session_event')).toBe(eventsBefore - result.events);
    expect(result.sessions).toBeGreaterThan(2000);
    expect(count(db, 'SELECT count(*) AS n FROM session_event e LEFT JOIN session s ON s.id = e.session_id WHERE s.id IS NULL')).toBe(0);
    expect(count(db, "SELECT sum(sessions) AS n FROM rollup_outcome WHERE day < '2026-04-01'")).toBe(result.sessions);

    const after = join(tempDir(), 'after');
    exportStats(db, after, { ...PERIOD, today: TODAY });
    expect(exportFiles(after)).toEqual(exportFiles(before));
  });

  it('gives the same totals for a period that is part raw, part rolled up', () => {
    const { db } = store();
    const mixed = { from: '2026-03-20', to: '2026-04-10' };
    const before = aggregatePeriod(db, mixed);
    rollUpOldSessions(db, { now: NOW });
    const after = aggregatePeriod(db, mixed);
    const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(after.outcomes)).toEqual(sorted(before.outcomes));
    expect(sorted(after.durations)).toEqual(sorted(before.durations));
    expect(sorted(after.steps)).toEqual(sorted(before.steps));
    expect(sorted(after.features)).toEqual(sorted(before.features));
    expect(after.packVersions).toEqual(before.packVersions);
    expect(after.sessions).toBe(before.sessions);
  });

  it('running again changes nothing', () => {
    const { db } = store();
    rollUpOldSessions(db, { now: NOW });
    const totals = db.prepare('SELECT day, sum(sessions) AS n FROM rollup_outcome GROUP BY day').all();
    expect(rollUpOldSessions(db, { now: NOW })).toEqual({ cutoffDay: '2026-04-01', days: [], sessions: 0, events: 0 });
    expect(db.prepare('SELECT day, sum(sessions) AS n FROM rollup_outcome GROUP BY day').all()).toEqual(totals);
  });

  it('leaves a session a crash left open until it is closed, then rolls it into its own day', () => {
    const { db } = store();
    logScripted(db, { start: '2026-01-05T03:00:00.000Z', events: [{ type: 'cause_shown', causeId: 'outage', rank: 0 }], outcome: null, pack: { id: 'fixture_pack', version: '1.0.0' } });
    rollUpOldSessions(db, { now: NOW });
    expect(count(db, "SELECT count(*) AS n FROM session WHERE started_at < '2026-04-01'")).toBe(1);
    const day = () => count(db, "SELECT coalesce(sum(sessions), 0) AS n FROM rollup_outcome WHERE day = '2026-01-05' AND outcome = 'abandoned' AND cause = 'outage'");
    const before = day();
    closeOpenSessionsAsAbandoned(db, NOW);
    expect(rollUpOldSessions(db, { now: NOW }).sessions).toBe(1);
    expect(day()).toBe(before + 1);
  });

  it('runs in a worker thread with its own connection while the kiosk keeps its own open', async () => {
    const { db, file } = store();
    const result = await runRetentionInWorker({ file, now: NOW.toISOString() });
    expect(result.cutoffDay).toBe('2026-04-01');
    expect(result.sessions).toBeGreaterThan(2000);
    // The kiosk's connection sees the worker's work and can keep writing.
    expect(count(db, "SELECT count(*) AS n FROM session WHERE started_at < '2026-04-01'")).toBe(0);
    logScripted(db, { start: '2026-05-01T02:00:00.000Z', outcome: 'resolved' });
    db.close();
  });

  it('reports a worker failure as a rejected promise', async () => {
    await expect(runRetentionInWorker({ file: join(tempDir(), 'missing.db') })).rejects.toThrow(/unable to open|does not exist|SQLITE_CANTOPEN/i);
  });
});
