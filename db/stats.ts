/**
 * Aggregates for the statistics export, per UTC day, from two sources that
 * never overlap: the daily roll-ups (rollup_*), which the nightly run
 * (retention.ts) fills for every completed day, and the raw sessions not yet
 * rolled up (ended ones only, `rolled_up = 0`: today's, a day still waiting
 * for an open session, or late rows). Each ended session is counted exactly
 * once, from one or the other, and reading a rolled-up day costs its roll-up
 * rows, not its events. A day counts a session on the UTC day it started.
 * Nothing here leaves the kiosk: suppress.ts and export-stats.ts decide what
 * does.
 */
import type Database from 'better-sqlite3';
import { LOCALES, type Locale } from './content-schema';
import { addDays, type Period } from './days';
import type { Outcome } from './session-event';

export const DURATION_BUCKETS = [
  { id: 'under_1m', belowMs: 60_000 },
  { id: '1m_3m', belowMs: 180_000 },
  { id: '3m_5m', belowMs: 300_000 },
  { id: '5m_10m', belowMs: 600_000 },
  { id: '10m_plus', belowMs: Infinity },
] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number]['id'];

/** Accessibility features switched on at least once, and locales switched to at least once. */
export const FEATURES = [
  'large_text',
  'high_contrast',
  'read_aloud',
  ...LOCALES.map((l) => `switched_to:${l}` as const),
] as const;
export type Feature = (typeof FEATURES)[number];

export const STAGES = ['viewed', 'done', 'helped'] as const;

export interface DayOutcome {
  day: string;
  /** The locale the session ended in. */
  locale: Locale;
  /** The last cause shown, '' when none was. */
  cause: string;
  outcome: Outcome;
  assisted: 0 | 1;
  /** The pack the session ran on. */
  packId: string;
  packVersion: string;
  sessions: number;
}
export interface DayDuration {
  day: string;
  bucket: DurationBucket;
  outcome: Outcome;
  sessions: number;
}
/** Sessions that viewed the step; of those, the ones whose last tick of it was "done" and whose last answer for the cause was "helped". */
export interface DayStep {
  day: string;
  cause: string;
  step: string;
  viewed: number;
  done: number;
  helped: number;
}
export interface DayFeature {
  day: string;
  feature: Feature;
  sessions: number;
}
export interface DayPack {
  day: string;
  packId: string;
  packVersion: string;
  sessions: number;
}

export interface DailyAggregates {
  outcomes: DayOutcome[];
  durations: DayDuration[];
  steps: DayStep[];
  features: DayFeature[];
  packs: DayPack[];
}

const BUCKET_CASE = `CASE
    WHEN ms < 60000 THEN 'under_1m' WHEN ms < 180000 THEN '1m_3m' WHEN ms < 300000 THEN '3m_5m'
    WHEN ms < 600000 THEN '5m_10m' ELSE '10m_plus' END`;

// Raw sessions of a day range not yet in the roll-ups: :from inclusive, :until exclusive (both 'YYYY-MM-DD').
// rolled_up = 0 also lets the planner use session_unrolled, the partial index of those sessions (migration 0070).
const IN_RANGE = `started_at >= :from AND started_at < :until AND ended_at IS NOT NULL AND rolled_up = 0`;

export const STATS_SQL = {
  outcomes: `
    SELECT substr(started_at, 1, 10) AS day, end_locale AS locale, last_cause AS cause, outcome, assisted,
           pack_id AS packId, pack_version AS packVersion, count(*) AS sessions
    FROM session WHERE ${IN_RANGE}
    GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  durations: `
    SELECT day, ${BUCKET_CASE} AS bucket, outcome, count(*) AS sessions FROM (
      SELECT substr(started_at, 1, 10) AS day, outcome,
             CAST(round((julianday(ended_at) - julianday(started_at)) * 86400000.0) AS INTEGER) AS ms
      FROM session WHERE ${IN_RANGE})
    GROUP BY 1, 2, 3`,
  // "Last value wins": max(seq * 2 + flag) picks the latest row, and % 2 reads its flag back.
  steps: `
    WITH s AS (SELECT id, substr(started_at, 1, 10) AS day FROM session WHERE ${IN_RANGE}),
    st AS (
      SELECT s.day, e.session_id, e.cause_id, e.step_id,
             max(e.type = 'step_viewed') AS viewed,
             coalesce(max(CASE WHEN e.type = 'step_done' THEN e.seq * 2 + e.flag END) % 2, 0) AS done
      FROM s JOIN session_event e ON e.session_id = s.id
      WHERE e.type IN ('step_viewed', 'step_done')
      GROUP BY e.session_id, e.cause_id, e.step_id),
    cr AS (
      SELECT e.session_id, e.cause_id, max(e.seq * 2 + e.flag) % 2 AS helped
      FROM s JOIN session_event e ON e.session_id = s.id
      WHERE e.type = 'cause_result'
      GROUP BY e.session_id, e.cause_id)
    SELECT st.day, st.cause_id AS cause, st.step_id AS step, count(*) AS viewed, sum(st.done) AS done,
           coalesce(sum(cr.helped), 0) AS helped
    FROM st LEFT JOIN cr ON cr.session_id = st.session_id AND cr.cause_id = st.cause_id
    WHERE st.viewed = 1
    GROUP BY 1, 2, 3`,
  features: `
    SELECT s.day, CASE e.type WHEN 'locale_changed' THEN 'switched_to:' || e.value ELSE e.value END AS feature,
           count(DISTINCT e.session_id) AS sessions
    FROM (SELECT id, substr(started_at, 1, 10) AS day FROM session WHERE ${IN_RANGE}) s
    JOIN session_event e ON e.session_id = s.id
    WHERE e.type = 'locale_changed' OR (e.type = 'accessibility_changed' AND e.flag = 1)
    GROUP BY 1, 2`,
  packs: `
    SELECT substr(started_at, 1, 10) AS day, pack_id AS packId, pack_version AS packVersion, count(*) AS sessions
    FROM session WHERE ${IN_RANGE}
    GROUP BY 1, 2, 3`,

  rollupOutcomes: `
    SELECT day, locale, cause, outcome, assisted, pack_id AS packId, pack_version AS packVersion, sessions
    FROM rollup_outcome WHERE day >= :from AND day < :until`,
  rollupDurations: `SELECT day, bucket, outcome, sessions FROM rollup_duration WHERE day >= :from AND day < :until`,
  rollupSteps: `SELECT day, cause, step, viewed, done, helped FROM rollup_step WHERE day >= :from AND day < :until`,
  rollupFeatures: `SELECT day, feature, sessions FROM rollup_feature WHERE day >= :from AND day < :until`,
  rollupPacks: `SELECT day, pack_id AS packId, pack_version AS packVersion, sessions FROM rollup_pack WHERE day >= :from AND day < :until`,

  firstRawDay: `SELECT substr(min(started_at), 1, 10) AS day FROM session WHERE ended_at IS NOT NULL`,
  firstRollupDay: `SELECT min(day) AS day FROM rollup_outcome`,
  packSteps: `
    SELECT st.cause_id AS cause, st.step_id AS step, st.position
    FROM pack p JOIN step st ON st.pack = p.rowid_
    WHERE p.pack_id = ? AND p.version = ?
    ORDER BY st.cause_id, st.position`,
  activePack: `SELECT pack_id AS packId, version FROM pack WHERE is_active = 1`,
  packCauses: `SELECT c.cause_id AS cause FROM pack p JOIN cause c ON c.pack = p.rowid_ WHERE p.pack_id = ? AND p.version = ?`,
} as const;

function range(period: Period): { from: string; until: string } {
  return { from: period.from, until: addDays(period.to, 1) };
}

/** Per-day aggregates of the raw sessions that started in the period, have ended and are not yet rolled up. */
export function aggregateRawDays(db: Database.Database, period: Period): DailyAggregates {
  const p = range(period);
  return {
    outcomes: db.prepare(STATS_SQL.outcomes).all(p) as DayOutcome[],
    durations: db.prepare(STATS_SQL.durations).all(p) as DayDuration[],
    steps: db.prepare(STATS_SQL.steps).all(p) as DayStep[],
    features: db.prepare(STATS_SQL.features).all(p) as DayFeature[],
    packs: db.prepare(STATS_SQL.packs).all(p) as DayPack[],
  };
}

/** The daily roll-ups of the period (the nightly run's, and those of days whose raw rows retention deleted). */
export function readRollups(db: Database.Database, period: Period): DailyAggregates {
  const p = range(period);
  return {
    outcomes: db.prepare(STATS_SQL.rollupOutcomes).all(p) as DayOutcome[],
    durations: db.prepare(STATS_SQL.rollupDurations).all(p) as DayDuration[],
    steps: db.prepare(STATS_SQL.rollupSteps).all(p) as DayStep[],
    features: db.prepare(STATS_SQL.rollupFeatures).all(p) as DayFeature[],
    packs: db.prepare(STATS_SQL.rollupPacks).all(p) as DayPack[],
  };
}

/** The first day with any ended session, raw or rolled up; null on an empty log. */
export function firstLoggedDay(db: Database.Database): string | null {
  const raw = (db.prepare(STATS_SQL.firstRawDay).get() as { day: string | null }).day;
  const rolled = (db.prepare(STATS_SQL.firstRollupDay).get() as { day: string | null }).day;
  if (raw === null) return rolled;
  if (rolled === null) return raw;
  return raw < rolled ? raw : rolled;
}

/** Totals over the whole period (days summed), except `outcomes`, which keeps its day. */
export interface PeriodStats {
  period: Period;
  outcomes: DayOutcome[];
  durations: { bucket: DurationBucket; outcome: Outcome; sessions: number }[];
  steps: { cause: string; step: string; viewed: number; done: number; helped: number }[];
  features: { feature: Feature; sessions: number }[];
  /**
   * Pack versions of the sessions counted, sorted: the values of the outcomes table's pack columns.
   * A period without sessions lists the active pack (if any), so the outcomes table is never empty.
   */
  packVersions: { packId: string; version: string }[];
  /** Every cause and step the export must list a row for (see suppress.ts: the shape never depends on the data). */
  universe: { causes: string[]; steps: { cause: string; step: string }[] };
  /** Sessions counted. Internal: not exported as such. */
  sessions: number;
}

function sumInto<T>(map: Map<string, T>, key: string, init: () => T, add: (acc: T) => void): void {
  let acc = map.get(key);
  if (!acc) map.set(key, (acc = init()));
  add(acc);
}

/** Adds two sources (raw not yet rolled up + rolled up) and sums across days. */
export function combine(period: Period, sources: DailyAggregates[]): Omit<PeriodStats, 'universe'> {
  const outcomes = new Map<string, DayOutcome>();
  const durations = new Map<string, PeriodStats['durations'][number]>();
  const steps = new Map<string, PeriodStats['steps'][number]>();
  const features = new Map<string, PeriodStats['features'][number]>();
  const packs = new Map<string, { packId: string; version: string }>();
  let sessions = 0;
  for (const src of sources) {
    for (const r of src.outcomes) {
      sessions += r.sessions;
      const key = [r.day, r.locale, r.cause, r.outcome, r.assisted, r.packId, r.packVersion].join('\u0000');
      sumInto(outcomes, key, () => ({ ...r, sessions: 0 }), (a) => (a.sessions += r.sessions));
      // Always true when the store is consistent (outcome and pack rows count the same sessions); kept so
      // every outcomes row's pack is in the manifest's packVersions whatever happens.
      packs.set(`${r.packId}@${r.packVersion}`, { packId: r.packId, version: r.packVersion });
    }
    for (const r of src.durations) {
      sumInto(durations, `${r.bucket}\u0000${r.outcome}`, () => ({ bucket: r.bucket, outcome: r.outcome, sessions: 0 }), (a) => (a.sessions += r.sessions));
    }
    for (const r of src.steps) {
      sumInto(
        steps,
        `${r.cause}\u0000${r.step}`,
        () => ({ cause: r.cause, step: r.step, viewed: 0, done: 0, helped: 0 }),
        (a) => {
          a.viewed += r.viewed;
          a.done += r.done;
          a.helped += r.helped;
        },
      );
    }
    for (const r of src.features) {
      sumInto(features, r.feature, () => ({ feature: r.feature, sessions: 0 }), (a) => (a.sessions += r.sessions));
    }
    for (const r of src.packs) packs.set(`${r.packId}@${r.packVersion}`, { packId: r.packId, version: r.packVersion });
  }
  return {
    period,
    outcomes: [...outcomes.values()],
    durations: [...durations.values()],
    steps: [...steps.values()],
    features: [...features.values()],
    packVersions: [...packs.values()].sort((a, b) => (a.packId + '@' + a.version < b.packId + '@' + b.version ? -1 : 1)),
    sessions,
  };
}

/**
 * Causes and steps of the packs used in the period (from the content tables),
 * plus, should a pack have been removed since, any seen in the data so that no
 * count is dropped. Causes sorted by id; steps in pack order.
 */
export function packUniverse(
  db: Database.Database,
  packVersions: PeriodStats['packVersions'],
  seen: Pick<PeriodStats, 'outcomes' | 'steps'>,
): PeriodStats['universe'] {
  const causes = new Set<string>();
  const steps = new Map<string, { cause: string; step: string; position: number }>();
  const causeStmt = db.prepare(STATS_SQL.packCauses);
  const stepStmt = db.prepare(STATS_SQL.packSteps);
  // Newest version first: its step order wins.
  for (const pv of [...packVersions].reverse()) {
    for (const r of causeStmt.all(pv.packId, pv.version) as { cause: string }[]) causes.add(r.cause);
    for (const r of stepStmt.all(pv.packId, pv.version) as { cause: string; step: string; position: number }[]) {
      const key = `${r.cause}\u0000${r.step}`;
      if (!steps.has(key)) steps.set(key, r);
    }
  }
  for (const r of seen.outcomes) if (r.cause !== '') causes.add(r.cause);
  for (const r of seen.steps) {
    causes.add(r.cause);
    const key = `${r.cause}\u0000${r.step}`;
    if (!steps.has(key)) steps.set(key, { cause: r.cause, step: r.step, position: Number.MAX_SAFE_INTEGER });
  }
  const sortedCauses = [...causes].sort();
  const order = new Map(sortedCauses.map((c, i) => [c, i]));
  const sortedSteps = [...steps.values()].sort(
    (a, b) => order.get(a.cause)! - order.get(b.cause)! || a.position - b.position || (a.step < b.step ? -1 : a.step > b.step ? 1 : 0),
  );
  return { causes: sortedCauses, steps: sortedSteps.map(({ cause, step }) => ({ cause, step })) };
}

/**
 * Everything the export needs for a period, read in one transaction so the raw
 * sessions and the roll-ups are a consistent snapshot even while the nightly
 * run adds sessions to the roll-ups and marks them (in one transaction too).
 */
export function aggregatePeriod(db: Database.Database, period: Period): PeriodStats {
  return db.transaction(() => {
    const combined = combine(period, [aggregateRawDays(db, period), readRollups(db, period)]);
    if (combined.packVersions.length === 0) {
      // No session in the period: the outcomes table still needs a pack version to list its (all-zero)
      // rows, or the totals would prove every durations cell is 0. The active pack is the one a session
      // would have run on.
      const active = db.prepare(STATS_SQL.activePack).get() as { packId: string; version: string } | undefined;
      if (active) combined.packVersions = [active];
    }
    return { ...combined, universe: packUniverse(db, combined.packVersions, combined) };
  })();
}

