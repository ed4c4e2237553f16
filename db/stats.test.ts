import { describe, expect, it } from 'vitest';
import { openStore } from './store';
import { importPack } from './content-import';
import { aggregatePeriod } from './stats';
import { buildTables } from './suppress';
import { rollUpOldSessions } from './retention';
import { fixturePack } from './test/fixture-pack';
import { logScripted } from './test/scripted-session';

/** Six sessions whose every count is worked out by hand below. */
function knownLog() {
  const db = openStore(':memory:');
  importPack(db, fixturePack());
  // S1: self-service, network fixed it; the second step was ticked, then unticked.
  logScripted(db, {
    start: '2026-03-01T02:00:00.000Z',
    seconds: 59.999,
    events: [
      { type: 'answer', questionId: 'start', answerId: 'no_load' },
      { type: 'cause_shown', causeId: 'network', rank: 0 },
      { type: 'step_viewed', causeId: 'network', stepId: 'switch' },
      { type: 'step_done', causeId: 'network', stepId: 'switch', done: true },
      { type: 'step_viewed', causeId: 'network', stepId: 'retry' },
      { type: 'step_viewed', causeId: 'network', stepId: 'retry' },
      { type: 'step_done', causeId: 'network', stepId: 'retry', done: true },
      { type: 'step_done', causeId: 'network', stepId: 'retry', done: false },
      { type: 'cause_result', causeId: 'network', helped: true },
    ],
    outcome: 'resolved',
  });
  // S2: assisted, switched to zh-Hant, large text; network did not help, outage did ("no" then "yes"), told to retry later.
  logScripted(db, {
    start: '2026-03-01T05:30:00.000Z',
    locale: 'en',
    assisted: true,
    seconds: 200,
    events: [
      { type: 'locale_changed', locale: 'zh-Hant' },
      { type: 'accessibility_changed', feature: 'large_text', on: true },
      { type: 'answer', questionId: 'start', answerId: 'no_load' },
      { type: 'cause_shown', causeId: 'network', rank: 0 },
      { type: 'step_viewed', causeId: 'network', stepId: 'switch' },
      { type: 'cause_result', causeId: 'network', helped: false },
      { type: 'cause_shown', causeId: 'outage', rank: 1 },
      { type: 'step_viewed', causeId: 'outage', stepId: 'wait' },
      { type: 'step_done', causeId: 'outage', stepId: 'wait', done: true },
      { type: 'cause_result', causeId: 'outage', helped: false },
      { type: 'cause_result', causeId: 'outage', helped: true },
      { type: 'handoff_chosen', causeId: 'outage', kind: 'retry_later' },
    ],
    outcome: 'retry_later',
  });
  // S3: one answer, then "start over" after exactly one minute.
  logScripted(db, {
    start: '2026-03-01T23:59:59.000Z',
    seconds: 60,
    events: [{ type: 'answer', questionId: 'start', answerId: 'message' }],
    outcome: 'abandoned',
  });
  // S4: next day; large text on then off, high contrast only switched off: counts large_text once, high_contrast never.
  logScripted(db, {
    start: '2026-03-02T01:00:00.000Z',
    seconds: 600,
    events: [
      { type: 'accessibility_changed', feature: 'large_text', on: true },
      { type: 'accessibility_changed', feature: 'large_text', on: false },
      { type: 'accessibility_changed', feature: 'high_contrast', on: false },
    ],
    outcome: 'timeout',
  });
  // S5: still open: not counted. S6: the day before the period: not counted.
  logScripted(db, { start: '2026-03-02T03:00:00.000Z', events: [{ type: 'cause_shown', causeId: 'outage', rank: 0 }], outcome: null });
  logScripted(db, { start: '2026-02-28T23:59:59.999Z', outcome: 'resolved' });
  return db;
}

describe('aggregatePeriod on a known log', () => {
  const stats = aggregatePeriod(knownLog(), { from: '2026-03-01', to: '2026-03-02' });
  const sortBy = <T>(rows: T[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

  it('outcomes: per UTC start day x final locale x last cause shown x outcome x mode', () => {
    expect(sortBy(stats.outcomes)).toEqual(
      sortBy([
        { day: '2026-03-01', locale: 'zh-Hans', cause: 'network', outcome: 'resolved', assisted: 0, packId: 'fixture_pack', packVersion: '1.0.0', sessions: 1 },
        { day: '2026-03-01', locale: 'zh-Hant', cause: 'outage', outcome: 'retry_later', assisted: 1, packId: 'fixture_pack', packVersion: '1.0.0', sessions: 1 },
        { day: '2026-03-01', locale: 'zh-Hans', cause: '', outcome: 'abandoned', assisted: 0, packId: 'fixture_pack', packVersion: '1.0.0', sessions: 1 },
        { day: '2026-03-02', locale: 'zh-Hans', cause: '', outcome: 'timeout', assisted: 0, packId: 'fixture_pack', packVersion: '1.0.0', sessions: 1 },
      ]),
    );
    expect(stats.sessions).toBe(4);
  });

  it('durations: buckets close on the left (exactly 60 s is 1m_3m, 600 s is 10m_plus)', () => {
    expect(sortBy(stats.durations)).toEqual(
      sortBy([
        { bucket: 'under_1m', outcome: 'resolved', sessions: 1 },
        { bucket: '3m_5m', outcome: 'retry_later', sessions: 1 },
        { bucket: '1m_3m', outcome: 'abandoned', sessions: 1 },
        { bucket: '10m_plus', outcome: 'timeout', sessions: 1 },
      ]),
    );
  });

  it('step funnel: sessions that viewed, whose last tick was done, whose last answer for the cause was helped', () => {
    expect(sortBy(stats.steps)).toEqual(
      sortBy([
        { cause: 'network', step: 'switch', viewed: 2, done: 1, helped: 1 },
        { cause: 'network', step: 'retry', viewed: 1, done: 0, helped: 1 },
        { cause: 'outage', step: 'wait', viewed: 1, done: 1, helped: 1 },
      ]),
    );
  });

  it('features: sessions that switched a feature on, or switched to a locale, at least once', () => {
    expect(sortBy(stats.features)).toEqual(
      sortBy([
        { feature: 'large_text', sessions: 2 },
        { feature: 'switched_to:zh-Hant', sessions: 1 },
      ]),
    );
  });

  it('lists the pack versions used, and every cause and step of those packs in pack order', () => {
    expect(stats.packVersions).toEqual([{ packId: 'fixture_pack', version: '1.0.0' }]);
    expect(stats.universe).toEqual({
      causes: ['network', 'outage', 'reserved_phone'],
      steps: [
        { cause: 'network', step: 'switch' },
        { cause: 'network', step: 'retry' },
        { cause: 'outage', step: 'wait' },
        { cause: 'reserved_phone', step: 'go' },
      ],
    });
  });

  it('a one-day period counts only that day', () => {
    const day2 = aggregatePeriod(knownLog(), { from: '2026-03-02', to: '2026-03-02' });
    expect(day2.outcomes).toEqual([{ day: '2026-03-02', locale: 'zh-Hans', cause: '', outcome: 'timeout', assisted: 0, packId: 'fixture_pack', packVersion: '1.0.0', sessions: 1 }]);
    expect(day2.steps).toEqual([]);
    expect(day2.features).toEqual([{ feature: 'large_text', sessions: 1 }]);
  });

  it('keeps causes seen in the data even when their pack is no longer installed', () => {
    const db = openStore(':memory:');
    logScripted(db, {
      start: '2026-03-01T02:00:00.000Z',
      pack: { id: 'old_pack', version: '0.9.0' },
      events: [{ type: 'cause_shown', causeId: 'gone_cause', rank: 0 }, { type: 'step_viewed', causeId: 'gone_cause', stepId: 'gone_step' }],
      outcome: 'resolved',
    });
    const s = aggregatePeriod(db, { from: '2026-03-01', to: '2026-03-01' });
    expect(s.universe).toEqual({ causes: ['gone_cause'], steps: [{ cause: 'gone_cause', step: 'gone_step' }] });
  });
});

describe('aggregatePeriod over two pack versions', () => {
  function twoVersions() {
    const db = openStore(':memory:');
    importPack(db, fixturePack());
    importPack(db, { ...fixturePack(), version: '1.1.0' });
    const v1 = { id: 'fixture_pack', version: '1.0.0' };
    const v2 = { id: 'fixture_pack', version: '1.1.0' };
    // The same cell (day, locale, cause, outcome, mode) on each version, plus one more on 1.1.0.
    logScripted(db, { start: '2026-03-01T08:00:00.000Z', pack: v1, events: [{ type: 'cause_shown', causeId: 'network', rank: 0 }], outcome: 'resolved' });
    logScripted(db, { start: '2026-03-01T09:00:00.000Z', pack: v2, events: [{ type: 'cause_shown', causeId: 'network', rank: 0 }], outcome: 'resolved' });
    logScripted(db, { start: '2026-03-01T10:00:00.000Z', pack: v2, events: [{ type: 'cause_shown', causeId: 'network', rank: 0 }], outcome: 'resolved' });
    return db;
  }

  it('keeps a row per pack version, and lists both versions', () => {
    const stats = aggregatePeriod(twoVersions(), { from: '2026-03-01', to: '2026-03-01' });
    const cell = { day: '2026-03-01', locale: 'zh-Hans', cause: 'network', outcome: 'resolved', assisted: 0, packId: 'fixture_pack' };
    expect([...stats.outcomes].sort((a, b) => (a.packVersion < b.packVersion ? -1 : 1))).toEqual([
      { ...cell, packVersion: '1.0.0', sessions: 1 },
      { ...cell, packVersion: '1.1.0', sessions: 2 },
    ]);
    expect(stats.packVersions).toEqual([
      { packId: 'fixture_pack', version: '1.0.0' },
      { packId: 'fixture_pack', version: '1.1.0' },
    ]);
    // The full table has every cell once per version.
    const t = buildTables(stats);
    expect(t.outcomes).toHaveLength(1 * 3 * (1 + 3) * 7 * 2 * 2); // day x locales x ('' + causes) x outcomes x modes x versions
    const published = t.outcomes.filter((c) => c.count > 0).map((c) => [c.dims.join(','), c.count]);
    expect(published).toEqual([
      ['2026-03-01,zh-Hans,network,resolved,0,fixture_pack,1.0.0', 1],
      ['2026-03-01,zh-Hans,network,resolved,0,fixture_pack,1.1.0', 2],
    ]);
  });

  it('gives the same rows per version once the day is rolled up', () => {
    const db = twoVersions();
    const before = aggregatePeriod(db, { from: '2026-03-01', to: '2026-03-01' });
    rollUpOldSessions(db, { now: new Date('2026-06-01T00:00:00.000Z'), retentionDays: 30 });
    expect(db.prepare('SELECT count(*) AS n FROM session').get()).toEqual({ n: 0 });
    const after = aggregatePeriod(db, { from: '2026-03-01', to: '2026-03-01' });
    const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(after.outcomes)).toEqual(sorted(before.outcomes));
    expect(after.packVersions).toEqual(before.packVersions);
  });
});
